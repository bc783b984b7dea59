using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Owned values through <c>out</c> parameters: each arrives intact, is released exactly once (the libraries' live
/// registries return to their start, no bad free or release), and a value native code wrote alongside an error is
/// released by the stub instead of leaking.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class OutParameterTests : IDisposable
{
    private const uint TooLarge = 0xFFFFFFFF;
    private const uint Hostile = 0xFFFFFFFE;

    private readonly CounterLedger _counters = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);
    private readonly long _badFreesBefore = OutValues.BadFrees();

    public void Dispose()
    {
        _counters.Verify();
        OutValues.LiveShapeBuffers().Should().Be(0, "every owned buffer is freed");
        OutValues.BadFrees().Should().Be(_badFreesBefore, "nothing but live buffers is freed, each with its own function");
        Memory.LiveStrings().Should().Be(0, "every owned string is freed");
        Memory.BadStringFrees().Should().Be(0, "borrowed strings are never freed");
    }

    [Fact]
    public void A_handle_in_the_middle_is_owned_by_the_caller()
    {
        OutValues.CounterOpen(40, out Counter counter, flags: 0);
        using (counter)
        {
            Lib.CounterAdd(counter, 2).Should().Be(42);
            Lib.LiveCounters().Should().Be(1);
        }

        Lib.LiveCounters().Should().Be(0, "Dispose released it");
    }

    [Fact]
    public void A_refused_open_throws_and_creates_nothing()
    {
        Action open = () => { OutValues.CounterOpen(1, out Counter counter, flags: 1); counter.Dispose(); };
        open.Should().Throw<ForeignException<TestError>>().Which.Message.Should().Contain("open refused");
        Lib.LiveCounters().Should().Be(0);
    }

    [Fact]
    public void A_handle_written_alongside_an_error_is_released_by_the_stub()
    {
        Action open = () => { OutValues.CounterOpen(1, out Counter counter, flags: 2); counter.Dispose(); };
        open.Should().Throw<ForeignException<TestError>>().Which.Code.Should().Be(TestError.Io);
        Lib.LiveCounters().Should().Be(0, "the stub released the Counter the failed call wrote (sqlite3_open_v2 style), at once, not in a finalizer");
    }

    [Fact]
    public void Two_handles_at_both_ends_are_both_owned()
    {
        OutValues.CounterOpenPair(out Counter first, 7, out Counter? second);
        using (first)
        using (second)
        {
            Lib.CounterGet(first).Should().Be(7);
            Lib.CounterGet(second!).Should().Be(8);
            Lib.LiveCounters().Should().Be(2);
        }
    }

    [Fact]
    public void Owned_strings_are_copied_and_freed_once()
    {
        OutValues.StringOut(12, out string text);
        text.Should().Be("item-12");
        Memory.LiveStrings().Should().Be(0, "the stub freed the native string after copying it");
    }

    [Fact]
    public void A_failing_string_out_carries_the_last_error()
    {
        string text = "unchanged";
        Action call = () => OutValues.StringOut(TooLarge, out text);
        call.Should().Throw<ArgumentException>().WithInnerException<ForeignException<TestError>>().Which.Message.Should().Contain("n too large");
    }

    [Fact]
    public void Borrowed_strings_are_copied_and_never_freed()
    {
        OutValues.StaticStringOut(out string text);
        text.Should().Be("static text");
        OutValues.StaticStringOut(out string again);
        again.Should().Be("static text");
    }

    [Fact]
    public void A_null_string_is_null_when_declared_nullable()
    {
        OutValues.MaybeStringOut(false, out string? absent);
        absent.Should().BeNull();
        OutValues.MaybeStringOut(true, out string? present);
        present.Should().Be("present");
    }

    [Fact]
    public void An_out_buffer_is_owned_until_disposed()
    {
        OutValues.BytesOutP(300, out NativeBuffer<byte> data);
        using (data)
        {
            data.Length.Should().Be(300);
            data.Span.ToArray().Should().Equal(Enumerable.Range(0, 300).Select(i => (byte)i));
            OutValues.LiveShapeBuffers().Should().Be(1);
        }

        OutValues.LiveShapeBuffers().Should().Be(0);
    }

    [Fact]
    public void An_out_array_is_copied_and_the_buffer_freed()
    {
        OutValues.BytesOutPCopy(5, out byte[] data);
        data.Should().Equal(0, 1, 2, 3, 4);
        OutValues.BytesOutPCopy(0, out byte[] empty);
        empty.Should().BeEmpty();
    }

    [Fact]
    public void A_buffer_written_alongside_an_error_is_freed_by_the_stub()
    {
        Action adopt = () => { OutValues.BytesOutP(Hostile, out NativeBuffer<byte> data); data.Dispose(); };
        adopt.Should().Throw<ArgumentException>().WithInnerException<ForeignException<TestError>>().Which.Message.Should().Contain("written anyway");
        OutValues.LiveShapeBuffers().Should().Be(0, "the adopted buffer was disposed when the call failed");

        Action copy = () => OutValues.BytesOutPCopy(Hostile, out _);
        copy.Should().Throw<ArgumentException>();
        OutValues.LiveShapeBuffers().Should().Be(0, "the copied form frees it in finally");
    }
}
