using System.Collections.Concurrent;
using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.Tests.Runtime;

/// <summary>
/// An operation as the generated stub and completion trampoline drive it, with native code played by test threads:
/// exactly one completion, continuations off the completing thread, cancellation before, during and after completion,
/// a cancel function that completes the operation itself, and no registration left behind.
/// </summary>
[Collection(nameof(CallbackTableTests))]
public class ForeignOperationTests
{
    private static readonly ConcurrentQueue<nint> Cancels = new();
    private static readonly ConcurrentDictionary<nint, Action> OnCancel = new();

    private static unsafe ForeignOperation<T>? Complete<T>(nint user) => ForeignOperation<T>.Complete((void*)user);

    private static unsafe nint User<T>(ForeignOperation<T> operation) => (nint)operation.UserData;

    private static unsafe void Watch<T>(ForeignOperation<T> operation, CancellationToken token) => operation.Watch(token, &Cancel);

    private static void Cancel(nint user)
    {
        Cancels.Enqueue(user);
        if (OnCancel.TryRemove(user, out Action? action))
        {
            action();
        }
    }

    [Fact]
    public async Task Completes_once_and_a_second_completion_is_counted_and_ignored()
    {
        int live = ForeignCallbacks.Live;
        var operation = new ForeignOperation<int>();
        nint user = User(operation);
        Complete<int>(user)!.Succeed(42);

        long stale = ForeignCallbacks.StaleCalls;
        ((object?)Complete<int>(user)).Should().BeNull();
        ForeignCallbacks.StaleCalls.Should().Be(stale + 1);
        (await operation.Task).Should().Be(42);
        ForeignCallbacks.Live.Should().Be(live);
    }

    [Fact]
    public async Task Continuations_never_run_on_the_completing_thread()
    {
        var operation = new ForeignOperation<int>();
        int completer = 0;
        var thread = new Thread(() =>
        {
            completer = Environment.CurrentManagedThreadId;
            Complete<int>(User(operation))!.Succeed(1);
            Thread.Sleep(200); // a continuation run inline would run now, on this thread
        });
        int continuation = await Task.Run(async () =>
        {
            Task<int> awaited = operation.Task;
            thread.Start();
            await awaited.ConfigureAwait(false);
            return Environment.CurrentManagedThreadId;
        });
        thread.Join();
        continuation.Should().NotBe(completer);
    }

    [Fact]
    public async Task Cancelled_while_running_calls_the_cancel_function_then_the_task_is_cancelled_and_the_result_released()
    {
        int live = ForeignCallbacks.Live;
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<Disposable>();
        Watch(operation, source.Token);
        source.Cancel();
        Cancels.Should().Contain(operation.Token);

        var result = new Disposable();
        Complete<Disposable>(User(operation))!.Succeed(result);
        result.Disposed.Should().Be(1, "a result nobody will see is released");
        var cancelled = await FluentActions.Awaiting(() => operation.Task).Should().ThrowAsync<OperationCanceledException>();
        cancelled.Which.CancellationToken.Should().Be(source.Token);
        ForeignCallbacks.Live.Should().Be(live);
    }

    [Fact]
    public async Task A_failure_after_cancellation_is_a_cancellation()
    {
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<int>();
        Watch(operation, source.Token);
        source.Cancel();
        Complete<int>(User(operation))!.Fail(new ForeignException("lib", "f", "cancelled"));
        (await FluentActions.Awaiting(() => operation.Task).Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(source.Token);
    }

    [Fact]
    public async Task Cancelled_after_completion_changes_nothing()
    {
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<int>();
        Watch(operation, source.Token);
        Complete<int>(User(operation))!.Succeed(7);
        source.Cancel();
        Cancels.Should().NotContain(operation.Token);
        (await operation.Task).Should().Be(7);
    }

    [Fact]
    public async Task Completed_before_the_token_is_watched_registers_nothing()
    {
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<int>();
        Complete<int>(User(operation))!.Succeed(3); // native code completed inside the start call
        Watch(operation, source.Token);
        source.Cancel();
        Cancels.Should().NotContain(operation.Token);
        (await operation.Task).Should().Be(3);
    }

    [Fact]
    public async Task A_cancel_function_that_completes_the_operation_on_its_own_thread_does_not_deadlock()
    {
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<int>();
        OnCancel[operation.Token] = () => Complete<int>(User(operation))!.Fail(new ForeignException("lib", "f", "cancelled"));
        Watch(operation, source.Token);
        source.Cancel();
        await FluentActions.Awaiting(() => operation.Task).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_completion_that_races_the_cancel_function_waits_for_it()
    {
        using var source = new CancellationTokenSource();
        var operation = new ForeignOperation<int>();
        using var inCancel = new ManualResetEventSlim();
        using var letCancelReturn = new ManualResetEventSlim();
        bool cancelReturned = false;
        OnCancel[operation.Token] = () =>
        {
            inCancel.Set();
            letCancelReturn.Wait();
            Volatile.Write(ref cancelReturned, true);
        };
        Watch(operation, source.Token);
        Task cancelling = Task.Run(source.Cancel);
        inCancel.Wait();

        bool sawCancelReturned = false;
        var completer = new Thread(() =>
        {
            ForeignOperation<int>? claimed = Complete<int>(User(operation));
            sawCancelReturned = Volatile.Read(ref cancelReturned);
            claimed!.Succeed(1);
        });
        completer.Start();
        Thread.Sleep(100);
        completer.IsAlive.Should().BeTrue("the completion waits while the cancel function runs");
        letCancelReturn.Set();
        completer.Join();
        await cancelling;
        sawCancelReturned.Should().BeTrue();
        await FluentActions.Awaiting(() => operation.Task).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void An_abandoned_operation_leaves_nothing_registered()
    {
        int live = ForeignCallbacks.Live;
        var operation = new ForeignOperation<string>();
        ForeignCallbacks.Live.Should().Be(live + 1);
        operation.Abandon();
        ForeignCallbacks.Live.Should().Be(live);
        ((object?)Complete<string>(User(operation))).Should().BeNull("a completion after abandoning is stale");
    }

    [Fact]
    public async Task A_thousand_operations_completed_from_many_threads_each_complete_once()
    {
        int live = ForeignCallbacks.Live;
        var operations = Enumerable.Range(0, 1000).Select(_ => new ForeignOperation<int>()).ToArray();
        Parallel.For(0, operations.Length, i =>
        {
            // Two completions each, from two threads: one wins.
            var users = new[] { User(operations[i]), User(operations[i]) };
            Parallel.ForEach(users, u => Complete<int>(u)?.Succeed(i));
        });
        int[] results = await Task.WhenAll(operations.Select(o => o.Task));
        results.Should().Equal(Enumerable.Range(0, 1000));
        ForeignCallbacks.Live.Should().Be(live);
    }

    private sealed class Disposable : IDisposable
    {
        public int Disposed;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }
}
