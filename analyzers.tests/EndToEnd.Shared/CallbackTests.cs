using System.Collections.Concurrent;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Delegates as callbacks, against the real test libraries: called during the call (also from threads the library
/// started, under GC stress), exceptions thrown inside them rethrown after the call with their stack trace, retained
/// callbacks released by native code and by disposing the subscription, and a library that releases twice or calls a
/// released callback. Every test ends with no callback registered and no native object alive.
/// </summary>
public sealed class CallbackTests : IDisposable
{
    private readonly CounterLedger _counters = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);
    private readonly int _liveCallbacks = ForeignCallbacks.Live;

    public CallbackTests() => Target.PrepareThread();

    public void Dispose()
    {
        // The library counts a ticker or publisher done right before its last call back: wait for the registrations too.
        WaitUntil(() => Callbacks.TickersRunning() == 0 && Callbacks.BusPublishersRunning() == 0 && ForeignCallbacks.Live <= _liveCallbacks);
        _counters.Verify();
        Callbacks.LiveBuses().Should().Be(0);
        Callbacks.LiveSubscriptions().Should().Be(0);
        Callbacks.BadSubscriptionFrees().Should().Be(0);
        ForeignCallbacks.Live.Should().Be(_liveCallbacks, "no callback registration outlives its call or its native owner");
    }

    [Fact]
    public void A_callback_is_called_during_the_call_for_each_item()
    {
        Callbacks.SumMap(new[] { 1, 2, 3, 4, 5 }, x => x * x).Should().Be(55);
        Callbacks.SumMap(ReadOnlySpan<int>.Empty, x => throw new InvalidOperationException("never called")).Should().Be(0);
        Callbacks.CountIf(0, 100, v => v % 7 == 0).Should().Be(15);
        Callbacks.CountIf(5, 5, v => true).Should().Be(0);
    }

    [Fact]
    public void Strings_reach_a_callback_as_borrowed_utf8_in_each_convention()
    {
        var words = new List<string>();
        Callbacks.ForEachWord("alpha  béta gamma ", words.Add);
        words.Should().Equal("alpha", "béta", "gamma");

        words.Clear();
        CStrCallbacks.ForEachWordCstr("ünï  cödé", words.Add);
        words.Should().Equal("ünï", "cödé");
    }

    [Fact]
    public void A_callback_returns_strings_native_code_borrows_until_the_call_returns()
    {
        string?[] names = { "alpha", null, "ünï", "" };
        Callbacks.JoinNames(4, i => names[i]).Should().Be("alpha,<null>,ünï,");
        Callbacks.JoinNames(0, i => "never").Should().Be("");
        Memory.LiveStrings().Should().Be(0);

        // U+0000 would cut the string short in C: refused in the callback, rethrown after the call (whose result is freed).
        FluentActions.Invoking(() => Callbacks.JoinNames(3, i => i == 1 ? "a\0b" : "x")).Should().Throw<ArgumentException>();
        Memory.LiveStrings().Should().Be(0);
    }

    [Fact]
    public void An_exception_in_a_callback_stops_the_native_loop_through_the_failure_value_and_is_rethrown_after_the_call()
    {
        var calls = new List<int>();
        var thrown = FluentActions.Invoking(() => Callbacks.CallUntil(10, i =>
        {
            calls.Add(i);
            return i == 3 ? ThrowAt(i) : i;
        })).Should().Throw<InvalidOperationException>().Which;

        thrown.Message.Should().Be("callback failed at 3");
        thrown.StackTrace.Should().Contain(nameof(ThrowAt), "the original stack trace survives the native frames");
        calls.Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void Without_a_failure_value_native_code_goes_on_but_the_delegate_is_not_run_again()
    {
        var calls = new List<int>();
        FluentActions.Invoking(() => Callbacks.CallUntilWithoutFailureValue(6, i =>
        {
            calls.Add(i);
            return i == 2 ? ThrowAt(i) : i;
        })).Should().Throw<InvalidOperationException>().WithMessage("callback failed at 2");
        calls.Should().Equal(0, 1, 2);

        // The next call is not affected by the failure of the last.
        Callbacks.CallUntil(3, i => i).Should().Be(3);
    }

    [Fact]
    public void A_callback_borrows_a_handle_without_owning_it()
    {
        using Counter counter = Lib.CounterNew(10);
        var seen = new List<long>();
        Callbacks.CounterVisit(counter, 3, (c, i) =>
        {
            seen.Add(Lib.CounterAdd(c, i + 1));
            c.Dispose(); // a borrowed wrapper: disposing it releases nothing
        });
        seen.Should().Equal(11, 13, 16);
        Lib.CounterGet(counter).Should().Be(16);
        Lib.LiveCounters().Should().Be(1);
    }

    [Fact]
    public void Callbacks_on_threads_the_library_started_run_under_gc_stress_and_may_call_the_library()
    {
        long total = 0;
        var perThread = new ConcurrentDictionary<int, int>();
        var stacksChanged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                Thread.Sleep(1);
            }
        });
        collector.Start();
        try
        {
            for (int round = 0; round < 3; round++)
            {
                Callbacks.CallOnThreads(4, 250, (thread, index) =>
                {
                    nuint before = Callbacks.AltstackSp();
                    Lib.Noop(); // a stub called on a thread .NET never created
                    nuint after = Callbacks.AltstackSp();
                    if (before != after)
                    {
                        stacksChanged.Add($"thread {thread}: {before:x} -> {after:x}");
                    }

                    Interlocked.Add(ref total, index);
                    perThread.AddOrUpdate(thread, 1, (_, n) => n + 1);
                    _ = new byte[64]; // allocate, so collections find this thread in managed code
                });
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        total.Should().Be(3 * 4 * (249 * 250 / 2));
        perThread.Keys.Should().BeEquivalentTo(new[] { 0, 1, 2, 3 });
        perThread.Values.Should().AllSatisfy(n => n.Should().Be(750));
        stacksChanged.Should().BeEmpty("a thread's own signal stack (Go's, on a goroutine's thread) stays in place");
    }

    [Fact]
    public void A_retained_callback_lives_until_native_code_releases_it()
    {
        var ticks = new ConcurrentQueue<int>();
        int live = ForeignCallbacks.Live;
        Callbacks.TickerStart(5, 1, ticks.Enqueue);
        GC.Collect(); // nothing but the registration keeps the lambda alive
        WaitUntil(() => Callbacks.TickersRunning() == 0 && ForeignCallbacks.Live == live);
        ticks.Should().Equal(1, 2, 3, 4, 5);
        ForeignCallbacks.Live.Should().Be(live, "native code released it");
    }

    [Fact]
    public void An_exception_in_a_retained_callback_is_reported_and_native_code_goes_on()
    {
        var reported = new ConcurrentQueue<ForeignCallbackExceptionEventArgs>();
        EventHandler<ForeignCallbackExceptionEventArgs> handler = (_, e) =>
        {
            reported.Enqueue(e);
            e.Handled = true;
        };
        ForeignCallbacks.UnhandledException += handler;
        try
        {
            var ticks = new ConcurrentQueue<int>();
            Callbacks.TickerStart(3, 1, n =>
            {
                ticks.Enqueue(n);
                if (n == 2)
                {
                    throw new InvalidOperationException("tick 2 failed");
                }
            });
            WaitUntil(() => Callbacks.TickersRunning() == 0);
            ticks.Should().Equal(1, 2, 3);
            reported.Should().ContainSingle().Which.Exception.Message.Should().Be("tick 2 failed");
            reported.Single().Function.Should().Be(Target.Prefix + "ticker_start");
        }
        finally
        {
            ForeignCallbacks.UnhandledException -= handler;
        }
    }

    [Fact]
    public void A_library_that_releases_twice_and_calls_a_released_callback_is_counted_not_obeyed()
    {
        long stale = ForeignCallbacks.StaleCalls;
        var calls = new List<int>();
        Callbacks.ReleaseTwice(calls.Add);
        calls.Should().Equal(1);
        ForeignCallbacks.StaleCalls.Should().Be(stale + 2, "the second release and the call after it find nothing");
    }

    [Fact]
    public void A_subscription_keeps_its_callback_until_it_is_disposed()
    {
        using Bus bus = Callbacks.BusNew();
        var events = new ConcurrentQueue<int>();
        int live = ForeignCallbacks.Live;
        using (Subscription subscription = Callbacks.BusSubscribe(bus, events.Enqueue))
        {
            ForeignCallbacks.Live.Should().Be(live + 1);
            GC.Collect();
            Callbacks.BusPublish(bus, 7).Should().Be(1);
            Callbacks.BusPublish(bus, 8).Should().Be(1);
        }

        Callbacks.BusPublish(bus, 9).Should().Be(0);
        events.Should().Equal(7, 8);
        ForeignCallbacks.Live.Should().Be(live, "disposing the subscription released the callback after native code let it go");
    }

    [Fact]
    public void A_subscription_disposed_while_another_thread_publishes_never_sees_a_released_callback()
    {
        using Bus bus = Callbacks.BusNew();
        for (int round = 0; round < 20; round++)
        {
            long received = 0;
            long stale = ForeignCallbacks.StaleCalls;
            Subscription subscription = Callbacks.BusSubscribe(bus, _ => Interlocked.Increment(ref received));
            Callbacks.BusPublishOnThread(bus, round, 20);
            WaitUntil(() => Interlocked.Read(ref received) > 0 || Callbacks.BusPublishersRunning() == 0);
            subscription.Dispose();
            long afterDispose = Interlocked.Read(ref received);
            WaitUntil(() => Callbacks.BusPublishersRunning() == 0);
            Interlocked.Read(ref received).Should().Be(afterDispose, "no event is delivered after Dispose returned");
            ForeignCallbacks.StaleCalls.Should().Be(stale);
        }

        Callbacks.BusSubscriberCount(bus).Should().Be(0);
    }

    [Fact]
    public void A_dropped_subscription_is_released_by_the_finalizer_with_its_callback()
    {
        using Bus bus = Callbacks.BusNew();
        int live = ForeignCallbacks.Live;
        Subscribe(bus);
        CounterLedger.ReleaseGarbage();
        Callbacks.LiveSubscriptions().Should().Be(0);
        Callbacks.BusPublish(bus, 1).Should().Be(0);
        ForeignCallbacks.Live.Should().Be(live);

#pragma warning disable BND2004 // dropped on purpose: the finalizer must release it
        static void Subscribe(Bus bus) => _ = Callbacks.BusSubscribe(bus, _ => { });
#pragma warning restore BND2004
    }

    private static int ThrowAt(int i) => throw new InvalidOperationException($"callback failed at {i}");

    /// <summary>Waits for native threads to finish (a hang guard, not a timing assertion).</summary>
    internal static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "native threads finish long before 30 s");
            Thread.Sleep(2);
        }
    }
}
