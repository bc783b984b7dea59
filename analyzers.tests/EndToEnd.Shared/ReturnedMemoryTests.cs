using System.Runtime.CompilerServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Returned strings, span parameters and returned buffers (SPEC section 3): exact contents, every owned allocation
/// freed exactly once (the libraries' live registries return to zero, no bad frees), bad native data a typed exception.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class ReturnedMemoryTests : IDisposable
{
    public void Dispose()
    {
        Memory.LiveStrings().Should().Be(0, "every owned string is freed");
        Memory.LiveBuffers().Should().Be(0, "every owned buffer is freed");
        Memory.BadStringFrees().Should().Be(0, "nothing but live owned strings is ever freed");
        Memory.BadBufferFrees().Should().Be(0, "nothing but live owned buffers is ever freed");
    }

    [Fact]
    public void Owned_strings_arrive_intact_and_are_freed_once()
    {
        Memory.Greet("Ann").Should().Be("Hello, Ann!");
        Memory.Greet("J\u00fcrgen \U0001F600").Should().Be("Hello, J\u00fcrgen \U0001F600!");
        Memory.StringRepeat("ab\u00e9", 1000).Should().Be(string.Concat(Enumerable.Repeat("ab\u00e9", 1000)));
        Memory.StringEmpty().Should().BeEmpty();
        Memory.LiveStrings().Should().Be(0);
    }

    [Fact]
    public void Borrowed_strings_are_copied_and_never_freed()
    {
        Memory.Version().Should().Be($"{Target.Library} 1.0");
        Memory.Version().Should().Be(Memory.Version());
        Memory.BadStringFrees().Should().Be(0);
    }

    [Fact]
    public void Invalid_UTF8_is_a_contract_exception_and_the_string_is_still_freed()
    {
        FluentActions.Invoking(() => Memory.StringInvalidUtf8())
            .Should().Throw<ForeignContractException>()
            .WithMessage("*_string_invalid_utf8 returned a string that is not valid UTF-8 (byte 0xff at offset 2)*");
        Memory.LiveStrings().Should().Be(0);
    }

    [Fact]
    public void A_null_string_is_null_where_nullable_and_a_contract_exception_otherwise()
    {
        Memory.StringNullOrNull().Should().BeNull();
        FluentActions.Invoking(() => Memory.StringNull())
            .Should().Throw<ForeignContractException>().WithMessage("*returned a null string where a 'string' was expected*");
    }

    [Fact]
    public void Spans_are_passed_as_pointer_and_length_and_writable_spans_come_back_written()
    {
        int[] values = Enumerable.Range(1, 100).ToArray();
        Memory.SumI32(values).Should().Be(5050);
        Memory.SumI32(ReadOnlySpan<int>.Empty).Should().Be(0, "the empty span is (non-null pointer, 0)");
        Memory.SumI32(values.AsSpan(10, 5)).Should().Be(11 + 12 + 13 + 14 + 15, "a slice starts at its own first element");
        Memory.SumF64([0.5, 0.25, 0.125]).Should().Be(0.875);
        Memory.Vec3Sum([new Vec3(1, 2, 3), new Vec3(10, 20, 30)]).Should().Be(new Vec3(11, 22, 33));

        Span<int> target = stackalloc int[5];
        Memory.FillI32(target, 10);
        target.ToArray().Should().Equal(10, 11, 12, 13, 14);
    }

    [Fact]
    public void Span_arguments_allocate_nothing()
    {
        int[] values = Enumerable.Range(1, 64).ToArray();
        Memory.SumI32(values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Memory.SumI32(values);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void A_NativeBuffer_exposes_native_memory_and_frees_it_exactly_once()
    {
        NativeBuffer<int> buffer = Memory.RangeI32(5, 4);
        buffer.Length.Should().Be(4);
        buffer.Span.ToArray().Should().Equal(5, 6, 7, 8);
        buffer.Span[0] = 50;
        buffer.ToArray().Should().Equal(50, 6, 7, 8);
        Memory.LiveBuffers().Should().Be(1);

        buffer.Dispose();
        buffer.Dispose();
        Memory.LiveBuffers().Should().Be(0);
        Memory.BadBufferFrees().Should().Be(0, "a second Dispose does nothing");
        buffer.IsDisposed.Should().BeTrue();
        FluentActions.Invoking(() => buffer.Span.Length).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Buffers_of_bytes_and_structs_and_empty_buffers()
    {
        using (NativeBuffer<byte> bytes = Memory.BytesRepeat(7, 1_000_000))
        {
            bytes.Length.Should().Be(1_000_000);
            bytes.Span.IndexOfAnyExcept((byte)7).Should().Be(-1);
        }

        using (NativeBuffer<Vec3> vectors = Memory.Vec3Buffer(3))
        {
            vectors.ToArray().Should().Equal(new Vec3(0, 0, 0), new Vec3(1, 2, 3), new Vec3(2, 4, 6));
        }

        using NativeBuffer<int> empty = Memory.RangeI32(0, 0);
        empty.IsEmpty.Should().BeTrue();
        empty.Span.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void An_undisposed_NativeBuffer_is_freed_by_its_finalizer()
    {
        Abandon();
        for (int i = 0; i < 5 && Memory.LiveBuffers() != 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Memory.LiveBuffers().Should().Be(0);

#pragma warning disable BND2001 // Never disposed, on purpose: the finalizer must free it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Abandon() => Memory.RangeI32(1, 10).Length.Should().Be(10);
#pragma warning restore BND2001
    }

    [Fact]
    public void Arrays_are_copies_and_the_native_buffer_is_freed_by_the_stub()
    {
        Memory.RangeI32Copy(1, 3).Should().Equal(1, 2, 3);
        Memory.RangeI32Copy(0, 0).Should().BeSameAs(Array.Empty<int>());
        Memory.LiveBuffers().Should().Be(0);
    }

    [Fact]
    public void Borrowed_spans_view_static_native_memory_which_is_never_freed()
    {
        int[] primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
        Memory.StaticPrimes().ToArray().Should().Equal(primes);
        Memory.StaticPrimesCopy().Should().Equal(primes);
        Memory.BadBufferFrees().Should().Be(0);
    }

    [Fact]
    public void A_lying_length_is_a_contract_exception_and_the_memory_is_still_freed()
    {
        FluentActions.Invoking(() => Memory.BufferBadLen())
            .Should().Throw<ForeignContractException>().WithMessage("*_buffer_bad_len returned a buffer with impossible length 18446744073709551615*");
        Memory.LiveBuffers().Should().Be(0);
        FluentActions.Invoking(() => Memory.BufferBadLenCopy()).Should().Throw<ForeignContractException>();
        Memory.LiveBuffers().Should().Be(0);
        FluentActions.Invoking(() => Memory.BufferNullLen())
            .Should().Throw<ForeignContractException>().WithMessage("*returned a null buffer with length 5*");
    }
}

/// <summary>Tests that assert the test library's live registries run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnedMemory
{
    public const string Name = "owned memory";
}
