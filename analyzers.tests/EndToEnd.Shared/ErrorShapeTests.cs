using System.Runtime.CompilerServices;
using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The ABI shapes hand-written libraries use around errors and release, through generated stubs against both test
/// libraries: a null or sentinel result with the thread's last error, a message lent by the handle argument (never
/// freed, the thread's last error untouched), success codes other than 0 returned to the caller, and a release that
/// returns a status (thrown by Dispose after the one release, reported from the finalizer, never called for a moved
/// handle). Every native object is released exactly once and every owned message freed exactly once.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class ErrorShapeTests : IDisposable
{
    private readonly CounterLedger _counters = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);
    private readonly long _badStringFrees = Memory.BadStringFrees();
    private readonly long _badCloses = ErrorShapes.BadCloses();
    private readonly List<(object? Sender, ForeignReleaseFailedEventArgs Args)> _releaseFailures = new();

    public ErrorShapeTests()
    {
        Target.PrepareThread();
        ErrorShapes.TakeLastError(); // a clean slate: no earlier test's message
        ErrorShapes.LiveClosables().Should().Be(0, "no earlier test may leave a Closable open");
        ForeignSafeHandle.ReleaseFailed += OnReleaseFailed;
    }

    private static string Prefix => Target.Prefix;

    public void Dispose()
    {
        ForeignSafeHandle.ReleaseFailed -= OnReleaseFailed;
        _counters.Verify();
        ErrorShapes.LiveClosables().Should().Be(0, "every Closable is closed exactly once");
        ErrorShapes.BadCloses().Should().Be(_badCloses, "nothing is closed twice, and a moved Closable is never closed by .NET");
        Memory.LiveStrings().Should().Be(0, "every last-error message is freed");
        Memory.BadStringFrees().Should().Be(_badStringFrees, "a message lent by a Counter is never freed");
    }

    [Fact]
    public void A_null_handle_result_throws_the_last_error_and_a_good_one_is_owned()
    {
        using (ReportingCounter counter = ErrorShapes.CounterNewChecked(5))
        {
            ErrorShapes.CounterGet(counter).Should().Be(5);
            Lib.LiveCounters().Should().Be(1);
        }

        ForeignException error = FluentActions.Invoking(() => ErrorShapes.CounterNewChecked(-3)).Should().Throw<ForeignException>().Which;
        error.GetType().Should().Be(typeof(ForeignException), "the shape has no code");
        error.Library.Should().Be(Target.Library);
        error.Function.Should().Be($"{Prefix}counter_new_checked");
        error.NativeCode.Should().Be(0);
        error.NativeMessage.Should().Be("start must not be negative: -3");
        error.Message.Should().Be($"{Target.Library}!{Prefix}counter_new_checked failed: start must not be negative: -3");
        Lib.LiveCounters().Should().Be(0);
        ErrorShapes.TakeLastError().Should().BeNull("the stub took the message");
    }

    [Fact]
    public void A_sentinel_result_throws_the_last_error_and_every_other_value_is_returned()
    {
        ErrorShapes.ParseI64("-42").Should().Be(-42);
        ErrorShapes.ParseI64("+7").Should().Be(7);
        ErrorShapes.ParseI64("9223372036854775807").Should().Be(long.MaxValue);
        ErrorShapes.ParseI64("-9223372036854775807").Should().Be(long.MinValue + 1, "one above the sentinel is a result");

        FluentActions.Invoking(() => ErrorShapes.ParseI64("12x")).Should().Throw<ForeignException>()
            .Which.NativeMessage.Should().Be("not a number: 12x");
        FluentActions.Invoking(() => ErrorShapes.ParseI64("")).Should().Throw<ForeignException>()
            .Which.NativeMessage.Should().Be("not a number: ");
        FluentActions.Invoking(() => ErrorShapes.ParseI64("-9223372036854775808")).Should().Throw<ForeignException>()
            .Which.NativeMessage.Should().Be("not a number: -9223372036854775808", "the library refuses the sentinel's own text");
        FluentActions.Invoking(() => ErrorShapes.ParseI64("١")).Should().Throw<ForeignException>()
            .Which.Function.Should().Be($"{Prefix}parse_i64");
    }

    [Fact]
    public void The_handle_lends_the_message_which_is_never_freed_and_the_thread_last_error_stays()
    {
        ErrorShapes.ParseI64Unchecked("thread's").Should().Be(long.MinValue, "this leaves a message in the thread's last error");
        using ReportingCounter counter = ErrorShapes.CounterNew(long.MaxValue - 1);
        ErrorShapes.CounterCheckedAdd(counter, 1);

        ForeignException<StepCode> overflow = FluentActions.Invoking(() => ErrorShapes.CounterCheckedAdd(counter, 2))
            .Should().Throw<ForeignException<StepCode>>().Which;
        overflow.Code.Should().Be(StepCode.Overflow);
        overflow.NativeMessage.Should().Be("overflow adding 2 to 9223372036854775807");
        overflow.Function.Should().Be($"{Prefix}counter_checked_add");
        ErrorShapes.CounterGet(counter).Should().Be(long.MaxValue, "the failed add changed nothing");
        ErrorShapes.CounterErrmsg(counter).Should().Be("overflow adding 2 to 9223372036854775807", "the Counter still owns its message");

        ErrorShapes.TakeLastError().Should().Be("not a number: thread's", "the per-handle message left the thread's last error alone");
        Memory.BadStringFrees().Should().Be(_badStringFrees);
    }

    [Fact]
    public void Each_handle_lends_its_own_message()
    {
        using ReportingCounter high = ErrorShapes.CounterNew(long.MaxValue);
        using ReportingCounter low = ErrorShapes.CounterNew(long.MinValue);

        FluentActions.Invoking(() => ErrorShapes.CounterCheckedAdd(high, 1)).Should().Throw<ForeignException<StepCode>>()
            .Which.NativeMessage.Should().Be("overflow adding 1 to 9223372036854775807");
        FluentActions.Invoking(() => ErrorShapes.CounterCheckedAdd(low, -1)).Should().Throw<ForeignException<StepCode>>()
            .Which.NativeMessage.Should().Be("overflow adding -1 to -9223372036854775808");
        ErrorShapes.CounterErrmsg(high).Should().Be("overflow adding 1 to 9223372036854775807");
    }

    [Fact]
    public void Success_codes_are_returned_and_other_statuses_throw_with_the_handle_message()
    {
        using ReportingCounter counter = ErrorShapes.CounterNew(0);
        Enumerable.Range(0, 4).Select(_ => ErrorShapes.CounterStep(counter, 3)).Should().Equal(StepCode.Row, StepCode.Row, StepCode.Done, StepCode.Done);

        ForeignException<StepCode> refused = FluentActions.Invoking(() => ErrorShapes.CounterStep(counter, 0))
            .Should().Throw<ForeignException<StepCode>>().Which;
        refused.Code.Should().Be(StepCode.BadLimit);
        refused.NativeCode.Should().Be(5);
        refused.NativeMessage.Should().Be("limit must be positive");
        ErrorShapes.CounterGet(counter).Should().Be(4, "a refused step adds nothing");

        ErrorShapes.CounterStep(counter, 10).Should().Be(StepCode.Row);
        ErrorShapes.CounterCheckedAdd(counter, 1);
        ErrorShapes.CounterGet(counter).Should().Be(6);
    }

    [Fact]
    public void Success_paths_allocate_nothing()
    {
        using ReportingCounter counter = ErrorShapes.CounterNew(0);
        for (int i = 0; i < 10; i++)
        {
            ErrorShapes.ParseI64("123");
            ErrorShapes.CounterStep(counter, long.MaxValue);
            ErrorShapes.CounterCheckedAdd(counter, 1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ErrorShapes.ParseI64("123");
            ErrorShapes.CounterStep(counter, long.MaxValue);
            ErrorShapes.CounterCheckedAdd(counter, 1);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void A_successful_close_is_silent()
    {
        Closable closable = ErrorShapes.ClosableNew(0);
        ErrorShapes.LiveClosables().Should().Be(1);
        closable.Dispose();
        ErrorShapes.LiveClosables().Should().Be(0);
        closable.IsClosed.Should().BeTrue();
        _releaseFailures.Should().BeEmpty();
    }

    [Fact]
    public void Dispose_throws_a_failed_close_after_closing_exactly_once()
    {
        long reportedBefore = ForeignSafeHandle.ReleaseFailureCount;
        Closable closable = ErrorShapes.ClosableNew(3);

        ForeignReleaseException failure = FluentActions.Invoking(closable.Dispose).Should().Throw<ForeignReleaseException>().Which;
        failure.Library.Should().Be(Target.Library);
        failure.Function.Should().Be($"{Prefix}closable_close");
        failure.NativeCode.Should().Be(3);
        failure.HandleType.Should().Be(nameof(Closable));
        failure.Message.Should().Be($"{Target.Library}!{Prefix}closable_close failed with code 3 releasing a Closable (the handle is closed).");
        ErrorShapes.LiveClosables().Should().Be(0, "the close released it although it failed");
        closable.IsClosed.Should().BeTrue();

#pragma warning disable BND2005 // the second Dispose is the point
        FluentActions.Invoking(closable.Dispose).Should().NotThrow("the handle is closed; nothing is released twice");
#pragma warning restore BND2005
        ErrorShapes.BadCloses().Should().Be(_badCloses);
        ForeignSafeHandle.ReleaseFailureCount.Should().Be(reportedBefore, "a thrown failure is not reported again");
        _releaseFailures.Should().BeEmpty();
    }

    [Fact]
    public void A_using_block_throws_the_failed_close_at_its_end()
    {
        Action block = () =>
        {
            using Closable closable = ErrorShapes.ClosableNew(7);
            ErrorShapes.LiveClosables().Should().Be(1);
        };

        block.Should().Throw<ForeignReleaseException>().Which.NativeCode.Should().Be(7);
        ErrorShapes.LiveClosables().Should().Be(0);
    }

    [Fact]
    public void A_failed_close_from_the_finalizer_is_reported_not_lost()
    {
        long reportedBefore = ForeignSafeHandle.ReleaseFailureCount;
        Abandon(closeStatus: 4);
        for (int i = 0; i < 5 && ErrorShapes.LiveClosables() != 0; i++)
        {
            CounterLedger.ReleaseGarbage();
        }

        ErrorShapes.LiveClosables().Should().Be(0, "the finalizer closed it");
        lock (_releaseFailures)
        {
            var (sender, args) = _releaseFailures.Should().ContainSingle().Subject;
            sender.Should().BeOfType<Closable>().Which.IsClosed.Should().BeTrue();
            args.FromFinalizer.Should().BeTrue();
            args.Exception.NativeCode.Should().Be(4);
            args.Exception.Function.Should().Be($"{Prefix}closable_close");
        }

        ForeignSafeHandle.ReleaseFailureCount.Should().Be(reportedBefore + 1);
    }

    [Fact]
    public void A_consumed_close_returns_its_status_and_dot_net_never_closes_it_again()
    {
        Closable closable = ErrorShapes.ClosableNew(9);
        ErrorShapes.ClosableClose(closable).Should().Be(9, "the consuming call gets the status itself");
        ErrorShapes.LiveClosables().Should().Be(0);

#pragma warning disable BND2002 // disposing a moved handle is the point: it must not close it again
        FluentActions.Invoking(closable.Dispose).Should().NotThrow();
#pragma warning restore BND2002
        ErrorShapes.BadCloses().Should().Be(_badCloses, "a moved handle is never released by .NET");
        _releaseFailures.Should().BeEmpty();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Abandon(int closeStatus)
    {
#pragma warning disable BND2001 // left to the finalizer on purpose
        ErrorShapes.ClosableNew(closeStatus);
#pragma warning restore BND2001
    }

    private void OnReleaseFailed(object? sender, ForeignReleaseFailedEventArgs args)
    {
        if (sender is Closable)
        {
            lock (_releaseFailures)
            {
                _releaseFailures.Add((sender, args));
            }
        }
    }
}
