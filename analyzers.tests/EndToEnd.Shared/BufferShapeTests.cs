using System.Runtime.CompilerServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Buffers freed by <c>(ptr)</c>, <c>(ptr, len)</c> and <c>(ptr, len, cap)</c> functions declared with
/// <c>[BufferFree]</c> (docs/design/native-test-abi.md, "Buffer free functions"). The library's registry refuses, and
/// counts as a bad free, any free whose pointer, length, capacity or free function is not exactly what it handed out;
/// every test ends with no buffer live and no bad free added, through Dispose, the finalizer, a copying stub and a
/// stub that fails after native code wrote a buffer.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class BufferShapeTests : IDisposable
{
    private const uint TooLarge = (1u << 24) + 1;
    private const uint Hostile = uint.MaxValue - 1;

    private readonly long _liveBefore;
    private readonly long _badBefore;
    private long _badExpected;

    public BufferShapeTests()
    {
        CounterLedger.ReleaseGarbage();
        _liveBefore = ShapeRegistry.LiveShapeBuffers();
        _badBefore = ShapeRegistry.BadFrees();
    }

    public void Dispose()
    {
        CounterLedger.ReleaseGarbage();
        ShapeRegistry.LiveShapeBuffers().Should().Be(_liveBefore, "every buffer handed out is freed");
        ShapeRegistry.BadFrees().Should().Be(_badBefore + _badExpected, "every free passed exactly the pointer, length and capacity its buffer was handed out with");
    }

    public delegate void OutBuffer(uint n, out NativeBuffer<byte> data);

    public delegate void OutArray(uint n, out byte[] data);

    /// <summary>One free function's boundary: its four ways of handing out a byte buffer.</summary>
    public sealed record Shape(string Name, OutBuffer Out, OutArray OutCopy, Func<uint, NativeBuffer<byte>>? Ret, Func<uint, byte[]>? RetCopy)
    {
        public override string ToString() => Name;
    }

    private static readonly Shape[] Shapes =
    [
        new("(ptr)", FreeByPointer.Out, FreeByPointer.OutCopy, FreeByPointer.Ret, FreeByPointer.RetCopy),
        new("(ptr, len)", FreeByLength.Out, FreeByLength.OutCopy, FreeByLength.Ret, FreeByLength.RetCopy),
        new("(ptr, len, cap)", FreeByCapacity.Out, FreeByCapacity.OutCopy, FreeByCapacity.Ret, FreeByCapacity.RetCopy),
        new("(ptr, int64 len)", FreeByLengthLong.Out, FreeByLengthLong.OutCopy, FreeByLengthLong.Ret, null),
        new("(ptr, int64 len, int64 cap)", FreeByCapacityLong.Out, FreeByCapacityLong.OutCopy, null, null),
    ];

    public static TheoryData<string> ShapeNames => new(Shapes.Select(s => s.Name));

    private static Shape Of(string name) => Shapes.Single(s => s.Name == name);

    private static byte[] Expected(int n) => Enumerable.Range(0, n).Select(i => (byte)i).ToArray();

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Owned_buffers_arrive_intact_and_are_freed_with_exactly_what_the_free_function_takes(string name)
    {
        Shape shape = Of(name);
        long live = ShapeRegistry.LiveShapeBuffers();

        shape.Out(300, out NativeBuffer<byte> data);
        using (data)
        {
            data.Length.Should().Be(300);
            data.Span.ToArray().Should().Equal(Expected(300), "bytes hold i as u8, wrapping at 256");
            ShapeRegistry.LiveShapeBuffers().Should().Be(live + 1);
        }

        ShapeRegistry.LiveShapeBuffers().Should().Be(live, "Dispose freed it");

        shape.OutCopy(5, out byte[] copy);
        copy.Should().Equal(0, 1, 2, 3, 4);
        ShapeRegistry.LiveShapeBuffers().Should().Be(live, "the stub freed the buffer it copied");

        if (shape.Ret is { } ret)
        {
            using NativeBuffer<byte> returned = ret(17);
            returned.ToArray().Should().Equal(Expected(17));
            ShapeRegistry.LiveShapeBuffers().Should().Be(live + 1);
        }

        if (shape.RetCopy is { } retCopy)
        {
            retCopy(1000).Should().Equal(Expected(1000));
        }

        ShapeRegistry.BadFrees().Should().Be(_badBefore);
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Empty_buffers_have_nothing_to_free(string name)
    {
        Shape shape = Of(name);
        shape.Out(0, out NativeBuffer<byte> data);
        using (data)
        {
            data.IsEmpty.Should().BeTrue();
        }

        shape.OutCopy(0, out byte[] copy);
        copy.Should().BeSameAs(Array.Empty<byte>());
        if (shape.Ret is { } ret)
        {
            using NativeBuffer<byte> returned = ret(TooLarge);
            returned.IsEmpty.Should().BeTrue("a by-value producer has no error channel: too large is empty");
        }
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void A_buffer_written_alongside_an_error_is_still_freed_exactly(string name)
    {
        Shape shape = Of(name);
        long live = ShapeRegistry.LiveShapeBuffers();

        FluentActions.Invoking(() => shape.Out(TooLarge, out _))
            .Should().Throw<ArgumentException>().WithInnerException<ForeignException<TestError>>().WithMessage("*n too large*");
        FluentActions.Invoking(() => shape.Out(Hostile, out _))
            .Should().Throw<ArgumentException>().WithInnerException<ForeignException<TestError>>().WithMessage("*n too large (a buffer was written anyway)*");
        ShapeRegistry.LiveShapeBuffers().Should().Be(live, "the stub adopted the buffer written with the error and disposed it");

        FluentActions.Invoking(() => shape.OutCopy(Hostile, out _)).Should().Throw<ArgumentException>();
        ShapeRegistry.LiveShapeBuffers().Should().Be(live, "the copying stub frees in finally, also when the call failed");
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void An_abandoned_buffer_is_freed_by_the_finalizer(string name)
    {
        Shape shape = Of(name);
        long live = ShapeRegistry.LiveShapeBuffers();
        Abandon(shape);
        for (int i = 0; i < 10 && ShapeRegistry.LiveShapeBuffers() != live; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        ShapeRegistry.LiveShapeBuffers().Should().Be(live);

#pragma warning disable BND2001 // Never disposed, on purpose: the finalizer must free it with its length and capacity.
        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Abandon(Shape shape)
        {
            shape.Out(40, out NativeBuffer<byte> data);
            data.Length.Should().Be(40);
        }
#pragma warning restore BND2001
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Racing_Disposes_free_each_buffer_once(string name)
    {
        Shape shape = Of(name);
        for (int round = 0; round < 25; round++)
        {
            shape.Out(16, out NativeBuffer<byte> data);
            using var start = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                Target.PrepareThread();
                start.SignalAndWait();
                data.Dispose();
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
    }

    [Fact]
    public void Word_buffers_are_freed_with_their_length_in_elements()
    {
        FreeWords.Out(5, out NativeBuffer<uint> words);
        using (words)
        {
            words.ToArray().Should().Equal(0u, 3u, 6u, 9u, 12u);
        }

        FreeWords.OutCopy(4, out uint[] copy);
        copy.Should().Equal(0u, 3u, 6u, 9u);
        FluentActions.Invoking(() => { FreeWords.Out(Hostile, out NativeBuffer<uint> data); data.Dispose(); }).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_BufferFree_name_still_frees_with_the_pointer_only()
    {
        FreeByName.Out(9, out NativeBuffer<byte> data);
        using (data)
        {
            data.ToArray().Should().Equal(Expected(9));
        }

        FreeByName.RetCopy(3).Should().Equal(0, 1, 2);
    }

    [Fact]
    public unsafe void The_registry_counts_a_wrong_length_so_no_bad_free_means_every_length_was_right()
    {
        RawBytes raw = ShapeRegistry.RawBytesPl(8);
        raw.Len.Should().Be(8);

        ShapeRegistry.RawFreePl(raw.Ptr, raw.Len - 1);
        ShapeRegistry.BadFrees().Should().Be(_badBefore + 1, "a (ptr, len) free given the wrong length is what these tests would catch");
        ShapeRegistry.LiveShapeBuffers().Should().Be(_liveBefore + 1, "a refused free frees nothing");
        _badExpected = 1;

        ShapeRegistry.RawFreePl(raw.Ptr, raw.Len);
        ShapeRegistry.LiveShapeBuffers().Should().Be(_liveBefore);
    }
}

/// <summary>
/// What native code receives for empty spans and strings, and for lengths of other types than <c>size_t</c>
/// (docs/design/native-test-abi.md, "Span probes and other length types").
/// </summary>
public sealed class SpanAndLengthTests
{
    [Fact]
    public void Empty_spans_cross_as_non_null_aligned_pointers()
    {
        byte[] bytes = [1, 2, 3];
        ulong[] words = [1, 2];
        SpanProbes.SpanProbeU8(default).Should().Be(0u, "flags: 1 null, 2 misaligned, 4 non-empty");
        SpanProbes.SpanProbeU8(ReadOnlySpan<byte>.Empty).Should().Be(0u);
        SpanProbes.SpanProbeU8(bytes.AsSpan(3)).Should().Be(0u);
        SpanProbes.SpanProbeU64(default).Should().Be(0u);
        SpanProbes.SpanProbeU64(words.AsSpan(0, 0)).Should().Be(0u);
        SpanProbes.SpanProbeU64Writable(Span<ulong>.Empty).Should().Be(0u);
        SpanProbes.SpanProbeU64Writable(stackalloc ulong[0]).Should().Be(0u);

        SpanProbes.SpanProbeU8(bytes).Should().Be(4u);
        SpanProbes.SpanProbeU64(words).Should().Be(4u);
        Memory.SumI32(ReadOnlySpan<int>.Empty).Should().Be(0);
    }

    [Fact]
    public void Empty_strings_cross_as_non_null_pointers_and_only_a_null_string_is_null()
    {
        SpanProbes.SpanProbeText("").Should().Be(0u, "an empty UTF-8 slice is a non-null pointer with length 0");
        SpanProbes.SpanProbeText(new string('x', 1000)).Should().Be(4u);
        CStr.CstrLen("").Should().Be(0, "an empty NUL-terminated string is a pointer to a NUL, not a null pointer");
        CStr.CstrLenOrNull(null).Should().Be(-1, "a null string? stays a null pointer");
        Lib.Utf8LenOrNull(null).Should().Be(0, "(null, 0) for a null string? in the slice convention");
    }

    [Fact]
    public void Spans_and_strings_pass_lengths_of_their_declared_type()
    {
        SignedLengths.SumI64Len64([1, -2, 40]).Should().Be(39, "an int64_t length");
        SignedLengths.SumI64Len64([]).Should().Be(0);
        SignedLengths.SumI64Len64([long.MaxValue, 1]).Should().Be(long.MinValue);
        SignedLengths.CountU8Len32([0, 7, 0, 9]).Should().Be(2, "an int32_t length");
        byte[] large = new byte[3_000_000];
        large.AsSpan(0, 1_000_001).Fill(1);
        SignedLengths.CountU8Len32(large).Should().Be(1_000_001);
        SignedLengths.CountU8Len32([]).Should().Be(0);
        SignedLengths.Utf8Len32("a\u00e9\U0001F600").Should().Be(3, "an int32_t length in bytes");
        SignedLengths.Utf8Len32("").Should().Be(0);
        SignedLengths.Utf8Len32(new string('\u00e9', 100_000)).Should().Be(100_000);
    }
}
