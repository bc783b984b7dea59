using System.Runtime.CompilerServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Returned strings, span parameters and returned buffers (SPEC section 3): exact contents, every owned allocation
/// freed exactly once (the libraries' live registries return to zero, no bad frees), bad native data a typed exception.
/// </summary>
public abstract class ReturnedMemoryTests(MemoryApi lib) : IDisposable
{
    public void Dispose()
    {
        lib.LiveStrings().Should().Be(0, "every owned string is freed");
        lib.LiveBuffers().Should().Be(0, "every owned buffer is freed");
        lib.BadStringFrees().Should().Be(0, "nothing but live owned strings is ever freed");
        lib.BadBufferFrees().Should().Be(0, "nothing but live owned buffers is ever freed");
    }

    [Fact]
    public void Owned_strings_arrive_intact_and_are_freed_once()
    {
        lib.Greet("Ann").Should().Be("Hello, Ann!");
        lib.Greet("J\u00fcrgen \U0001F600").Should().Be("Hello, J\u00fcrgen \U0001F600!");
        lib.StringRepeat("ab\u00e9", 1000).Should().Be(string.Concat(Enumerable.Repeat("ab\u00e9", 1000)));
        lib.StringEmpty().Should().BeEmpty();
        lib.LiveStrings().Should().Be(0);
    }

    [Fact]
    public void Borrowed_strings_are_copied_and_never_freed()
    {
        lib.Version().Should().Be($"{(lib.Language == "Rust" ? "rtest" : "gotest")} 1.0");
        lib.Version().Should().Be(lib.Version());
        lib.BadStringFrees().Should().Be(0);
    }

    [Fact]
    public void Invalid_UTF8_is_a_contract_exception_and_the_string_is_still_freed()
    {
        FluentActions.Invoking(() => lib.StringInvalidUtf8())
            .Should().Throw<ForeignContractException>()
            .WithMessage("*_string_invalid_utf8 returned a string that is not valid UTF-8 (byte 0xff at offset 2)*");
        lib.LiveStrings().Should().Be(0);
    }

    [Fact]
    public void A_null_string_is_null_where_nullable_and_a_contract_exception_otherwise()
    {
        lib.StringNullOrNull().Should().BeNull();
        FluentActions.Invoking(() => lib.StringNull())
            .Should().Throw<ForeignContractException>().WithMessage("*returned a null string where a 'string' was expected*");
    }

    [Fact]
    public void Spans_are_passed_as_pointer_and_length_and_writable_spans_come_back_written()
    {
        int[] values = Enumerable.Range(1, 100).ToArray();
        lib.SumI32(values).Should().Be(5050);
        lib.SumI32(ReadOnlySpan<int>.Empty).Should().Be(0, "the empty span is (null, 0)");
        lib.SumI32(values.AsSpan(10, 5)).Should().Be(11 + 12 + 13 + 14 + 15, "a slice starts at its own first element");
        lib.SumF64([0.5, 0.25, 0.125]).Should().Be(0.875);
        lib.Vec3Sum([new Vec3(1, 2, 3), new Vec3(10, 20, 30)]).Should().Be(new Vec3(11, 22, 33));

        Span<int> target = stackalloc int[5];
        lib.FillI32(target, 10);
        target.ToArray().Should().Equal(10, 11, 12, 13, 14);
    }

    [Fact]
    public void Span_arguments_allocate_nothing()
    {
        int[] values = Enumerable.Range(1, 64).ToArray();
        lib.SumI32(values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            lib.SumI32(values);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void A_NativeBuffer_exposes_native_memory_and_frees_it_exactly_once()
    {
        NativeBuffer<int> buffer = lib.RangeI32(5, 4);
        buffer.Length.Should().Be(4);
        buffer.Span.ToArray().Should().Equal(5, 6, 7, 8);
        buffer.Span[0] = 50;
        buffer.ToArray().Should().Equal(50, 6, 7, 8);
        lib.LiveBuffers().Should().Be(1);

        buffer.Dispose();
        buffer.Dispose();
        lib.LiveBuffers().Should().Be(0);
        lib.BadBufferFrees().Should().Be(0, "a second Dispose does nothing");
        buffer.IsDisposed.Should().BeTrue();
        FluentActions.Invoking(() => buffer.Span.Length).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Buffers_of_bytes_and_structs_and_empty_buffers()
    {
        using (NativeBuffer<byte> bytes = lib.BytesRepeat(7, 1_000_000))
        {
            bytes.Length.Should().Be(1_000_000);
            bytes.Span.IndexOfAnyExcept((byte)7).Should().Be(-1);
        }

        using (NativeBuffer<Vec3> vectors = lib.Vec3Buffer(3))
        {
            vectors.ToArray().Should().Equal(new Vec3(0, 0, 0), new Vec3(1, 2, 3), new Vec3(2, 4, 6));
        }

        using NativeBuffer<int> empty = lib.RangeI32(0, 0);
        empty.IsEmpty.Should().BeTrue();
        empty.Span.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void An_undisposed_NativeBuffer_is_freed_by_its_finalizer()
    {
        Abandon(lib);
        for (int i = 0; i < 5 && lib.LiveBuffers() != 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        lib.LiveBuffers().Should().Be(0);

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Abandon(MemoryApi lib) => lib.RangeI32(1, 10).Length.Should().Be(10);
    }

    [Fact]
    public void Arrays_are_copies_and_the_native_buffer_is_freed_by_the_stub()
    {
        lib.RangeI32Copy(1, 3).Should().Equal(1, 2, 3);
        lib.RangeI32Copy(0, 0).Should().BeSameAs(Array.Empty<int>());
        lib.LiveBuffers().Should().Be(0);
    }

    [Fact]
    public void Borrowed_spans_view_static_native_memory_which_is_never_freed()
    {
        int[] primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
        lib.StaticPrimes().ToArray().Should().Equal(primes);
        lib.StaticPrimesCopy().Should().Equal(primes);
        lib.BadBufferFrees().Should().Be(0);
    }

    [Fact]
    public void A_lying_length_is_a_contract_exception_and_the_memory_is_still_freed()
    {
        FluentActions.Invoking(() => lib.BufferBadLen())
            .Should().Throw<ForeignContractException>().WithMessage("*_buffer_bad_len returned a buffer with impossible length 18446744073709551615*");
        lib.LiveBuffers().Should().Be(0);
        FluentActions.Invoking(() => lib.BufferBadLenCopy()).Should().Throw<ForeignContractException>();
        lib.LiveBuffers().Should().Be(0);
        FluentActions.Invoking(() => lib.BufferNullLen())
            .Should().Throw<ForeignContractException>().WithMessage("*returned a null buffer with length 5*");
    }
}

[Collection(RustOwnedMemory.Name)]
public sealed class RustReturnedMemoryTests() : ReturnedMemoryTests(new RustMemoryApi());

/// <summary>Runs in an isolated process (see <see cref="GoIsolationTests"/>), never in the xunit host.</summary>
internal sealed class GoReturnedMemoryTests() : ReturnedMemoryTests(new GoMemoryApi());

/// <summary>Tests that assert the Rust library's live registries run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RustOwnedMemory
{
    public const string Name = "rtest owned memory";
}
