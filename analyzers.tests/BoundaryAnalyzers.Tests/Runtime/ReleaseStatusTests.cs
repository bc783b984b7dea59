using System.Runtime.CompilerServices;
using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.Tests.Runtime;

/// <summary>
/// ForeignSafeHandle's side of <c>[ForeignHandle(ReleaseReturnsStatus = true)]</c>, with a release that counts instead
/// of calling native code: an explicit Dispose throws the failure after the one release; every other release reports
/// it through ReleaseFailed and ReleaseFailureCount; a moved handle is never released. The end-to-end tests prove the
/// same against real Rust and Go libraries.
/// </summary>
[Collection(nameof(ReleaseStatusTests))] // the event and the count are process-wide
public sealed class ReleaseStatusTests : IDisposable
{
    private readonly List<(object? Sender, ForeignReleaseFailedEventArgs Args)> reported = new();

    public ReleaseStatusTests() => ForeignSafeHandle.ReleaseFailed += OnReleaseFailed;

    public void Dispose() => ForeignSafeHandle.ReleaseFailed -= OnReleaseFailed;

    [Fact]
    public void Dispose_throws_a_failed_status_after_releasing_once_and_the_handle_is_closed()
    {
        var handle = new StatusHandle(status: 3);
        long before = ForeignSafeHandle.ReleaseFailureCount;

        ForeignReleaseException failure = FluentActions.Invoking(handle.Dispose).Should().Throw<ForeignReleaseException>().Which;

        failure.Library.Should().Be("lib");
        failure.Function.Should().Be("lib_status_close");
        failure.NativeCode.Should().Be(3);
        failure.HandleType.Should().Be(nameof(StatusHandle));
        failure.Message.Should().Be("lib!lib_status_close failed with code 3 releasing a StatusHandle (the handle is closed).");
        failure.Should().BeAssignableTo<ForeignException>();
        handle.Releases.Should().Be(1);
        handle.IsClosed.Should().BeTrue();

        handle.Dispose();
        handle.Releases.Should().Be(1, "a second Dispose neither releases nor throws");
        ForeignSafeHandle.ReleaseFailureCount.Should().Be(before, "a thrown failure is not also reported");
        Reported(handle).Should().BeEmpty();
    }

    [Fact]
    public void A_successful_status_is_silent()
    {
        var handle = new StatusHandle(status: 0);
        handle.Dispose();
        handle.Releases.Should().Be(1);
        Reported(handle).Should().BeEmpty();
    }

    [Fact]
    public void A_release_left_to_the_last_call_in_flight_is_reported_not_thrown()
    {
        var handle = new StatusHandle(status: 5);
        long before = ForeignSafeHandle.ReleaseFailureCount;
        bool borrowed = false;
        handle.DangerousBorrow(ref borrowed);

        handle.Dispose();
        handle.Releases.Should().Be(0, "a call still uses it");
        handle.DangerousRelease();

        handle.Releases.Should().Be(1);
        var (sender, args) = Reported(handle).Should().ContainSingle().Subject;
        sender.Should().BeSameAs(handle);
        args.FromFinalizer.Should().BeFalse();
        args.Exception.NativeCode.Should().Be(5);
        ForeignSafeHandle.ReleaseFailureCount.Should().BeGreaterThanOrEqualTo(before + 1);
    }

    [Fact]
    public void The_finalizer_reports_a_failed_release()
    {
        long before = ForeignSafeHandle.ReleaseFailureCount;
        WeakReference abandoned = Abandon(status: 7);
        for (int i = 0; i < 3 && abandoned.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        lock (reported)
        {
            reported.Should().Contain(r => r.Args.FromFinalizer && r.Args.Exception.NativeCode == 7);
        }

        ForeignSafeHandle.ReleaseFailureCount.Should().BeGreaterThanOrEqualTo(before + 1);
    }

    [Fact]
    public void A_handler_that_throws_cannot_break_the_release()
    {
        EventHandler<ForeignReleaseFailedEventArgs> throwing = (_, _) => throw new InvalidOperationException("handler");
        ForeignSafeHandle.ReleaseFailed += throwing;
        try
        {
            var handle = new StatusHandle(status: 2);
            bool borrowed = false;
            handle.DangerousBorrow(ref borrowed);
            handle.Dispose();
            FluentActions.Invoking(handle.DangerousRelease).Should().NotThrow();
            handle.Releases.Should().Be(1);
            Reported(handle).Should().ContainSingle("the other handlers still run");
        }
        finally
        {
            ForeignSafeHandle.ReleaseFailed -= throwing;
        }
    }

    [Fact]
    public void A_handle_moved_to_native_code_is_never_released()
    {
        var handle = new StatusHandle(status: 9);
        handle.DangerousMoveToNative("lib!lib_take").Should().Be(1);
        handle.Dispose();
        handle.Releases.Should().Be(0);
        Reported(handle).Should().BeEmpty();
    }

    [Fact]
    public void A_failed_move_releases_once_and_reports()
    {
        var handle = new StatusHandle(status: 4);
        handle.DangerousMoveToNative("lib!lib_take");
        handle.DangerousReleaseAfterFailedMove();
        handle.Releases.Should().Be(1);
        Reported(handle).Should().ContainSingle().Which.Args.FromFinalizer.Should().BeFalse();
    }

    [Fact]
    public void Dispose_inside_a_call_that_uses_the_handle_reports_when_that_call_returns()
    {
        var handle = new StatusHandle(status: 6);
        bool borrowed = false;
        handle.DangerousBorrow(ref borrowed);
        FluentActions.Invoking(handle.Dispose).Should().NotThrow("the release waits for the call");
        handle.DangerousRelease();
        handle.Releases.Should().Be(1);
        Reported(handle).Should().ContainSingle();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Abandon(int status) => new(new StatusHandle(status));

    private List<(object? Sender, ForeignReleaseFailedEventArgs Args)> Reported(StatusHandle handle)
    {
        lock (reported)
        {
            return reported.Where(r => ReferenceEquals(r.Sender, handle)).ToList();
        }
    }

    private void OnReleaseFailed(object? sender, ForeignReleaseFailedEventArgs args)
    {
        if (sender is StatusHandle)
        {
            lock (reported)
            {
                reported.Add((sender, args));
            }
        }
    }

    /// <summary>What the generator writes for a release that returns a status, with a counter for the native call.</summary>
    private sealed class StatusHandle : ForeignSafeHandle
    {
        private readonly int status;

        public StatusHandle(int status)
            : base(ownsHandle: true, threadSafe: true, releaseReturnsStatus: true)
        {
            this.status = status;
            SetHandle(1);
        }

        public int Releases { get; private set; }

        protected override bool ReleaseHandle()
        {
            if (!BeginRelease())
            {
                return true;
            }

            Releases++;
            if (status != 0)
            {
                ReportReleaseFailure("lib", "lib_status_close", status);
            }

            return true;
        }
    }
}
