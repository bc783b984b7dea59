using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Task and ValueTask functions against the real test libraries: completed synchronously, on another thread, in each
/// error shape, with owned results released exactly once (also when nobody awaits), 1,000 at once, cancelled before,
/// during and after completion, and a library that completes twice. Every test ends with no operation pending, no
/// registration left and no native object alive.
/// </summary>
public sealed class AsyncTests : IDisposable
{
    private static readonly string Library = Target.Library;
    private readonly CounterLedger _counters = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);
    private readonly int _liveCallbacks = ForeignCallbacks.Live;

    public AsyncTests() => Target.PrepareThread();

    public void Dispose()
    {
        // The library counts an operation done right before it calls back: wait for the registrations too.
        CallbackTests.WaitUntil(() => AsyncOps.AsyncPending() == 0 && AsyncOps.StrayThreadsRunning() == 0 && ForeignCallbacks.Live <= _liveCallbacks);
        _counters.Verify();
        Memory.LiveStrings().Should().Be(0, "every owned string a completion carried is freed");
        Memory.LiveBuffers().Should().Be(0);
        Memory.LiveErrors().Should().Be(0);
        ForeignCallbacks.Live.Should().Be(_liveCallbacks, "no operation stays registered once it completed");
    }

    [Theory]
    [InlineData(-1)] // completed inside the start call, before it returns
    [InlineData(0)]  // completed at once on another thread
    [InlineData(20)] // completed later
    public async Task Completes_with_the_result_however_soon_native_code_calls_back(int delayMs)
    {
        (await AsyncOps.AddAsync(2, 3, delayMs)).Should().Be(5);
        (await AsyncOps.AddValueAsync(-4, 1, delayMs)).Should().Be(-3);
        await AsyncOps.PingAsync(delayMs);
        await AsyncOps.PingValueAsync(delayMs);
    }

    [Fact]
    public async Task Every_error_shape_fails_the_task_as_the_synchronous_call_would_throw()
    {
        (await AsyncOps.DivAsyncStatus(9, 3, 0)).Should().Be(3);
        ArgumentException status = (await FluentActions.Awaiting(() => AsyncOps.DivAsyncStatus(1, 0, 0)).Should().ThrowAsync<ArgumentException>()).Which;
        status.InnerException.Should().BeOfType<ForeignException<TestError>>().Which.NativeMessage.Should().Be("division by zero");
        status.Message.Should().Be($"{Library}!{Library}_div_async_status failed: InvalidArgument (2): division by zero");
        (await FluentActions.Awaiting(() => AsyncOps.DivAsyncStatus(int.MinValue, -1, -1)).Should().ThrowAsync<ForeignException<TestError>>())
            .Which.NativeCode.Should().Be(42);

        (await AsyncOps.DivAsyncGo(8, 2, 0)).Should().Be(4);
        ForeignException go = (await FluentActions.Awaiting(() => AsyncOps.DivAsyncGo(1, 0, 0)).Should().ThrowAsync<ForeignException>()).Which;
        go.GetType().Should().Be(typeof(ForeignException));
        go.NativeMessage.Should().Be("division by zero");

        (await AsyncOps.DivAsyncCode(8, 4, -1)).Should().Be(2);
        (await FluentActions.Awaiting(() => AsyncOps.DivAsyncCode(1, 0, 0)).Should().ThrowAsync<ArgumentException>())
            .WithInnerException<ForeignException<TestError>>().Which.Code.Should().Be(TestError.InvalidArgument);

        (await AsyncOps.DivAsyncRecord(7, 7, 0)).Should().Be(1);
        (await FluentActions.Awaiting(() => AsyncOps.DivAsyncRecord(1, 0, 5)).Should().ThrowAsync<ArgumentException>())
            .WithInnerException<ForeignException<TestError>>().Which.NativeMessage.Should().Be("division by zero");

        (await FluentActions.Awaiting(() => AsyncOps.GreetAsync("", 0)).Should().ThrowAsync<ForeignException>())
            .Which.NativeMessage.Should().Be("empty name");
        (await FluentActions.Awaiting(() => AsyncOps.CounterNewAsync(-1, -1)).Should().ThrowAsync<ForeignException>())
            .Which.NativeMessage.Should().Be("negative start");

        ForeignPanicException panic = (await FluentActions.Awaiting(() => AsyncOps.PanicAsync(7)).Should().ThrowAsync<ForeignPanicException>()).Which;
        panic.NativeMessage.Should().Be("panic: boom 7");
    }

    [Fact]
    public async Task Owned_results_arrive_owned_and_are_released_once()
    {
        (await AsyncOps.GreetAsync("Ada", 0)).Should().Be("Hello, Ada!");
        (await AsyncOps.GreetAsync("Ünïcode", -1)).Should().Be("Hello, Ünïcode!");
        Memory.LiveStrings().Should().Be(0);

        using (Counter counter = await AsyncOps.CounterNewAsync(41, 5))
        {
            Lib.CounterAdd(counter, 1).Should().Be(42);
            Lib.LiveCounters().Should().Be(1);
        }

        using (NativeBuffer<int> range = await AsyncOps.RangeAsync(3, 4, 0))
        {
            range.Span.ToArray().Should().Equal(3, 4, 5, 6);
            Memory.LiveBuffers().Should().Be(1);
        }

        (await AsyncOps.RangeCopyAsync(1, 3, -1)).Should().Equal(1, 2, 3);
        Memory.LiveBuffers().Should().Be(0);
    }

    [Fact]
    public void Results_nobody_awaits_are_still_released_exactly_once()
    {
        WeakReference<Task>[] unobserved = StartUnobserved();

        // The library counts an operation done right before it calls back, so wait for the tasks themselves: a result
        // still on a completing thread's stack would survive the collections below.
        CallbackTests.WaitUntil(() => AsyncOps.AsyncPending() == 0 && unobserved.All(w => !w.TryGetTarget(out Task? task) || task.IsCompleted));
        CounterLedger.ReleaseGarbage();
        Lib.LiveCounters().Should().Be(0);
        Memory.LiveStrings().Should().Be(0);
        Memory.LiveBuffers().Should().Be(0);
    }

    /// <summary>Starts operations whose results nobody will look at; only weak references to their tasks survive.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<Task>[] StartUnobserved()
    {
        var tasks = new List<WeakReference<Task>>();
        for (int i = 0; i < 50; i++)
        {
            tasks.Add(new WeakReference<Task>(AsyncOps.CounterNewAsync(i, i % 3)));
            tasks.Add(new WeakReference<Task>(AsyncOps.GreetAsync("nobody", i % 3)));
            tasks.Add(new WeakReference<Task>(AsyncOps.RangeAsync(0, 10, i % 3)));
        }

        return tasks.ToArray();
    }

    [Fact]
    public async Task A_thousand_concurrent_operations_complete_once_each_and_leave_nothing_behind()
    {
        var sums = Enumerable.Range(0, 1000).Select(i => AsyncOps.AddAsync(i, i, (i % 3) - 1)).ToArray();
        var greetings = Enumerable.Range(0, 200).Select(i => AsyncOps.GreetAsync($"n{i}", i % 2)).ToArray();
        var failures = Enumerable.Range(0, 100).Select(i => AsyncOps.DivAsyncGo(i, 0, i % 2)).ToArray();

        (await Task.WhenAll(sums)).Should().Equal(Enumerable.Range(0, 1000).Select(i => 2 * i));
        (await Task.WhenAll(greetings)).Should().Equal(Enumerable.Range(0, 200).Select(i => $"Hello, n{i}!"));
        foreach (Task<int> failure in failures)
        {
            await FluentActions.Awaiting(() => failure).Should().ThrowAsync<ForeignException>();
        }

        AsyncOps.AsyncPending().Should().Be(0);
        ForeignCallbacks.Live.Should().Be(_liveCallbacks);
    }

    [Fact]
    public async Task Cancelled_before_the_call_native_code_is_never_called()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        long unknown = AsyncOps.CancelsUnknown();
        Task<int> task = AsyncOps.WaitAsync(10_000, source.Token);
        task.IsCanceled.Should().BeTrue();
        (await FluentActions.Awaiting(() => task).Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(source.Token);
        AsyncOps.AsyncPending().Should().Be(0);
        AsyncOps.CancelsUnknown().Should().Be(unknown);
    }

    [Fact]
    public async Task Cancelled_while_running_native_code_is_asked_to_stop_and_the_task_is_cancelled()
    {
        using var source = new CancellationTokenSource();
        Task<int> task = AsyncOps.WaitAsync(60_000, source.Token);
        AsyncOps.AsyncPending().Should().Be(1);
        source.CancelAfter(20);
        var cancelled = await FluentActions.Awaiting(() => task.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<OperationCanceledException>();
        cancelled.Which.CancellationToken.Should().Be(source.Token);
        task.IsCanceled.Should().BeTrue();
        AsyncOps.AsyncPending().Should().Be(0);
    }

    [Fact]
    public async Task Cancelled_after_completion_nothing_happens()
    {
        using var source = new CancellationTokenSource();
        long unknown = AsyncOps.CancelsUnknown();
        (await AsyncOps.WaitAsync(1, source.Token)).Should().Be(42);
        source.Cancel();
        AsyncOps.CancelsUnknown().Should().Be(unknown, "the token is no longer watched, so the library is never asked");
    }

    [Fact]
    public async Task A_library_that_completes_inside_its_cancel_function_does_not_deadlock()
    {
        for (int i = 0; i < 20; i++)
        {
            using var source = new CancellationTokenSource();
            Task<int> task = AsyncOps.CancelSyncAsync(source.Token);
            task.IsCompleted.Should().BeFalse();
            source.Cancel();
            await FluentActions.Awaiting(() => task.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<OperationCanceledException>();
        }
    }

    [Fact]
    public async Task Cancellation_racing_completion_completes_once_either_way_and_leaks_nothing()
    {
        for (int i = 0; i < 200; i++)
        {
            using var source = new CancellationTokenSource();
            Task<int> task = AsyncOps.WaitAsync(i % 4, source.Token);
            source.CancelAfter(i % 3);
            try
            {
                (await task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(42);
            }
            catch (OperationCanceledException cancelled)
            {
                cancelled.CancellationToken.Should().Be(source.Token);
            }
        }
    }

    [Fact]
    public async Task A_second_completion_is_counted_and_ignored()
    {
        long stale = ForeignCallbacks.StaleCalls;
        (await AsyncOps.AddAsyncTwice(1, 2)).Should().Be(3);
        (await AsyncOps.GreetAsyncTwice("Bo")).Should().Be("Hello, Bo!");
        CallbackTests.WaitUntil(() => AsyncOps.StrayThreadsRunning() == 0);
        ForeignCallbacks.StaleCalls.Should().Be(stale + 2);
    }
}
