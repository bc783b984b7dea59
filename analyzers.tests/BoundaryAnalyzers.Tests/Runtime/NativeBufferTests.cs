using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.Tests.Runtime;

/// <summary>
/// NativeBuffer with a free function that takes the length and capacity back, as generated stubs adopt it: it passes
/// exactly what native code handed out, exactly once, from Dispose, racing Disposes or the finalizer, and frees a
/// buffer it refuses before throwing. Real native allocations stand in for a library's; a ledger records each free.
/// </summary>
public unsafe class NativeBufferTests
{
    private static readonly ConcurrentDictionary<nint, ConcurrentQueue<(nuint Length, nuint Capacity)>> Frees = new();

    [Fact]
    public void Dispose_passes_the_length_and_capacity_once_however_often_it_is_called()
    {
        void* memory = Allocate(16);
        var buffer = NativeBuffer<int>.Adopt(new ForeignCapacityBufferAbi { Pointer = memory, Length = 3, Capacity = 4 }, &Free, "lib", "f");
        buffer.Length.Should().Be(3);
        buffer.Span[2] = 7;

        buffer.Dispose();
        buffer.Dispose();

        FreesOf(memory).Should().Equal(((nuint)3, (nuint)4));
        buffer.IsDisposed.Should().BeTrue();
    }

    [Fact]
    public void A_free_function_without_a_capacity_receives_the_length_twice()
    {
        void* memory = Allocate(8);
        using (NativeBuffer<byte>.Adopt(new ForeignBufferAbi { Pointer = memory, Length = 8 }, &Free, "lib", "f"))
        {
        }

        FreesOf(memory).Should().Equal(((nuint)8, (nuint)8));
    }

    [Fact]
    public void Racing_Disposes_free_exactly_once()
    {
        for (int round = 0; round < 200; round++)
        {
            void* memory = Allocate(4);
            var buffer = NativeBuffer<byte>.Adopt(new ForeignCapacityBufferAbi { Pointer = memory, Length = 1, Capacity = 4 }, &Free, "lib", "f");
            using var start = new Barrier(4);
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
            {
                start.SignalAndWait();
                buffer.Dispose();
            });

            FreesOf(memory).Should().ContainSingle();
        }
    }

    [Fact]
    public void The_finalizer_frees_an_abandoned_buffer_with_its_length_and_capacity()
    {
        nint memory = Abandon();
        for (int i = 0; i < 10 && FreesOf((void*)memory).Count == 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        FreesOf((void*)memory).Should().Equal(((nuint)5, (nuint)12));

        [MethodImpl(MethodImplOptions.NoInlining)]
        static nint Abandon()
        {
            void* memory = Allocate(12);
            NativeBuffer<byte>.Adopt(new ForeignCapacityBufferAbi { Pointer = memory, Length = 5, Capacity = 12 }, &Free, "lib", "f").Length.Should().Be(5);
            return (nint)memory;
        }
    }

    [Fact]
    public void A_refused_buffer_is_freed_with_exactly_what_native_code_returned_before_the_exception()
    {
        void* lying = Allocate(4);
        FluentActions.Invoking(() => NativeBuffer<int>.Adopt(new ForeignCapacityBufferAbi { Pointer = lying, Length = unchecked((nuint)(-1)), Capacity = 4 }, &Free, "lib", "lib_f"))
            .Should().Throw<ForeignContractException>().WithMessage("*lib_f returned a buffer with impossible length 18446744073709551615 (-1 as a signed length)*");
        FreesOf(lying).Should().Equal((unchecked((nuint)(-1)), (nuint)4));

        void* small = Allocate(4);
        FluentActions.Invoking(() => NativeBuffer<int>.Adopt(new ForeignCapacityBufferAbi { Pointer = small, Length = 4, Capacity = 3 }, &Free, "lib", "lib_f"))
            .Should().Throw<ForeignContractException>().WithMessage("*capacity 3 is below its length 4*");
        FreesOf(small).Should().Equal(((nuint)4, (nuint)3));
    }

    [Fact]
    public void An_empty_buffer_without_memory_is_never_freed_and_one_with_a_capacity_is()
    {
        using (NativeBuffer<long>.Adopt(new ForeignCapacityBufferAbi(), &Free, "lib", "f"))
        {
        }

        void* reserved = Allocate(8);
        using (NativeBuffer<long> empty = NativeBuffer<long>.Adopt(new ForeignCapacityBufferAbi { Pointer = reserved, Length = 0, Capacity = 1 }, &Free, "lib", "f"))
        {
            empty.IsEmpty.Should().BeTrue();
        }

        FreesOf(reserved).Should().Equal(new[] { ((nuint)0, (nuint)1) }, "a Vec with room but no elements is still an allocation");
        FreesOf(null).Should().BeEmpty();
    }

    [Fact]
    public void Copies_check_the_capacity_too()
    {
        long* values = (long*)Allocate(16);
        values[0] = 1;
        values[1] = 2;
        ForeignBuffers.Copy<long>(new ForeignCapacityBufferAbi { Pointer = values, Length = 2, Capacity = 2 }, "lib", "f").Should().Equal(1, 2);
        FluentActions.Invoking(() => ForeignBuffers.Copy<long>(new ForeignCapacityBufferAbi { Pointer = values, Length = 2, Capacity = 1 }, "lib", "f"))
            .Should().Throw<ForeignContractException>();
        NativeMemory.Free(values);
    }

    private static void* Allocate(int bytes) => NativeMemory.Alloc((nuint)bytes);

    private static List<(nuint Length, nuint Capacity)> FreesOf(void* pointer)
        => Frees.TryGetValue((nint)pointer, out var frees) ? frees.ToList() : new();

    private static void Free(void* pointer, nuint length, nuint capacity)
    {
        Frees.GetOrAdd((nint)pointer, _ => new()).Enqueue((length, capacity));
    }
}

/// <summary>What a stub pins for a span argument: its first element, and for an empty span a non-null, aligned pointer.</summary>
public unsafe class ForeignSpansTests
{
    [Fact]
    public void Empty_spans_pin_a_non_null_pointer_aligned_for_any_element()
    {
        int[] array = [1, 2, 3];
        Check(default);
        Check(ReadOnlySpan<int>.Empty);
        Check(array.AsSpan(3));
        Check(array.AsSpan(1, 0));

        static void Check(ReadOnlySpan<int> empty)
        {
            fixed (int* pointer = &ForeignSpans.Pin(empty))
            {
                ((nint)pointer).Should().NotBe(0);
                ((nint)pointer % ForeignSpans.EmptyAlignment).Should().Be(0);
                ((nint)pointer).Should().Be((nint)ForeignSpans.EmptyPointer, "one static block, allocated once");
            }
        }

        Span<Int128> wide = Span<Int128>.Empty;
        fixed (Int128* pointer = &ForeignSpans.Pin(wide))
        {
            ((nint)pointer % 16).Should().Be(0);
        }
    }

    [Fact]
    public void A_non_empty_span_pins_its_first_element()
    {
        long[] array = [1, 2, 3];
        fixed (long* pointer = &ForeignSpans.Pin(array.AsSpan(1)))
        fixed (long* expected = &array[1])
        {
            ((nint)pointer).Should().Be((nint)expected);
        }
    }
}
