using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Handle concurrency (docs/design/handle-concurrency.md) against real Rust and Go libraries: a Dispose or a
/// <c>[Consumed]</c> move waits for calls in flight and refuses new ones, exactly one of them wins, and a handle
/// declared <c>ThreadSafe = false</c> is used by one call at a time. Calls are held open inside native code with the
/// test library's gates, so the orderings are forced, not hoped for; the library's registry counts every leak, double
/// release and use after release.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed unsafe class HandleConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private static long s_nextGate = 1_000;

    private readonly CounterLedger _ledger = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);

    public void Dispose() => _ledger.Verify();

    /// <summary>The calls of one kind of handle: thread-safe (the default) or declared <c>ThreadSafe = false</c>.</summary>
    private sealed record Kind(
        string Name,
        Func<long, SafeHandle> New,
        Func<SafeHandle, long, long> Add,
        Func<SafeHandle, long> IntoValue,
        Func<SafeHandle, SafeHandle, long> Merge,
        Func<SafeHandle, long, long> Hold,
        Func<SafeHandle, long, long> Touch);

    /// <summary>One handle and how to call it; replaced as a whole, so no thread sees a handle with the other kind's calls.</summary>
    private sealed record Slot(SafeHandle Handle, Kind Kind);

    private static readonly Kind Shared = new(
        "thread-safe",
        start => Lib.CounterNew(start),
        (c, delta) => Lib.CounterAdd((Counter)c, delta),
        c => Lib.CounterIntoValue((Counter)c),
        (into, from) => Lib.CounterMerge((Counter)into, (Counter)from),
        (c, gate) => Concurrency.CounterHold((Counter)c, gate),
        (c, delta) => Concurrency.CounterTouch((Counter)c, delta));

    private static readonly Kind Serial = new(
        "ThreadSafe = false",
        start => Concurrency.SerialNew(start),
        (c, delta) => Concurrency.SerialAdd((SerialCounter)c, delta),
        c => Concurrency.SerialIntoValue((SerialCounter)c),
        (into, from) => Concurrency.SerialMerge((SerialCounter)into, (SerialCounter)from),
        (c, gate) => Concurrency.SerialHold((SerialCounter)c, gate),
        (c, delta) => Concurrency.SerialTouch((SerialCounter)c, delta));

    private const string IntoValueFunction = $"{Target.Library}!{Target.Prefix}counter_into_value";

    private const string MergeFunction = $"{Target.Library}!{Target.Prefix}counter_merge";

    [Fact]
    public void A_move_waits_for_the_call_in_flight_and_a_second_move_is_refused_naming_the_winner() => MoveWaitsForCallInFlight(Shared);

    [Fact]
    public void A_move_of_a_serialized_handle_waits_for_the_call_in_flight_and_a_second_move_is_refused() => MoveWaitsForCallInFlight(Serial);

    [Fact]
    public void Dispose_waits_for_the_call_in_flight_and_refuses_new_calls() => DisposeWaitsForCallInFlight(Shared);

    [Fact]
    public void Dispose_of_a_serialized_handle_waits_for_the_call_in_flight_and_refuses_new_calls() => DisposeWaitsForCallInFlight(Serial);

    [Fact]
    public void Dispose_racing_a_move_has_exactly_one_winner() => DisposeRacesMove(Shared);

    [Fact]
    public void Dispose_racing_a_move_of_a_serialized_handle_has_exactly_one_winner() => DisposeRacesMove(Serial);

    [Fact]
    public void Two_moves_racing_have_exactly_one_winner() => MovesRace(Shared);

    [Fact]
    public void Two_moves_of_a_serialized_handle_racing_have_exactly_one_winner() => MovesRace(Serial);

    [Fact]
    public void Calls_racing_a_move_are_refused_naming_the_move() => CallsRaceMove(Shared);

    [Fact]
    public void Calls_racing_a_move_of_a_serialized_handle_are_refused_naming_the_move() => CallsRaceMove(Serial);

    [Fact]
    public void A_call_that_fails_after_moving_an_argument_releases_the_moved_object_exactly_once() => FailedMoveReleases(Shared);

    [Fact]
    public void A_call_that_fails_after_moving_a_serialized_argument_releases_the_moved_object_exactly_once() => FailedMoveReleases(Serial);

    [Fact]
    public void A_serialized_handle_makes_a_second_call_wait_for_the_first()
    {
        long gate = NextGate();
        using SerialCounter c = Concurrency.SerialNew(1);
        var held = new Worker<long>(() => Concurrency.SerialHold(c, gate));
        WaitUntil(() => Concurrency.GateWaiting(gate), "the held call entered native code");

        var second = new Worker<long>(() => Concurrency.SerialAdd(c, 10));
        Thread.Sleep(150);
        second.IsFinished.Should().BeFalse("one call at a time: the second waits while the first is inside native code");

        Concurrency.GateOpen(gate);
        held.Join().Should().Be(1);
        second.Join().Should().Be(11);
    }

    [Fact]
    public void Eight_threads_hammering_a_serialized_handle_never_use_it_concurrently()
    {
        const int Threads = 8;
        const int Touches = 150;

        long serialCollisions = Hammer(Serial, Threads, Touches);
        long sharedCollisions = Hammer(Shared, Threads, Touches);

        // The control: the same hammering through the default (thread-safe) declaration does collide in native code.
        output.WriteLine($"{Target.Library}: {Threads} threads x {Touches} touches of one Counter: {serialCollisions} concurrent uses " +
            $"through a ThreadSafe = false handle, {sharedCollisions} through a thread-safe one (control, not asserted)");
        serialCollisions.Should().Be(0, "a ThreadSafe = false handle is used by one call at a time");
    }

    [Fact]
    public void A_callback_that_reenters_a_serialized_handle_gets_an_InvalidOperationException_not_a_deadlock()
    {
        using SerialCounter c = Concurrency.SerialNew(5);

        Exception? touched = CallBackWith(c, serial: true, () => Concurrency.SerialTouch(c, 1));
        Exception? moved = CallBackWith(c, serial: true, () => Concurrency.SerialIntoValue(c));

        touched.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("not thread-safe").And.Contain("already inside a call");
        moved.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain(IntoValueFunction).And.Contain("wait for that call forever");
        Concurrency.SerialAdd(c, 1).Should().Be(6, "the refused calls changed nothing and the outer call let go of the handle");
    }

    [Fact]
    public void A_callback_may_reenter_a_thread_safe_handle()
    {
        using Counter c = Lib.CounterNew(5);

        Exception? added = CallBackWith(c, serial: false, () => Lib.CounterAdd(c, 1));

        added.Should().BeNull();
        Lib.CounterAdd(c, 0).Should().Be(6);
    }

    [Fact]
    public void The_same_handle_as_two_arguments_of_a_move_is_an_ArgumentException_before_native_code()
    {
        foreach (Kind kind in new[] { Shared, Serial })
        {
            using SafeHandle c = kind.New(2);
            FluentActions.Invoking(() => kind.Merge(c, c)).Should().Throw<ArgumentException>()
                .WithParameterName("from").Which.Message.Should().Contain(MergeFunction);
            kind.Add(c, 1).Should().Be(3, $"{kind.Name}: the refused call never reached native code");
        }
    }

    [Fact]
    public void Randomized_borrows_moves_and_disposals_never_leak_double_free_or_use_after_free()
    {
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("BOUNDARY_TORTURE_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 1.5;
        const int Threads = 6;
        const int Slots = 4;
        long releasedBefore = Lib.ReleasedTotal();
        long collisionsBefore = Concurrency.ConcurrentUses();
        var kinds = new[] { Shared, Serial };
        var slots = new Slot[Slots];
        var created = new List<SafeHandle>();
        object createdLock = new();
        Slot Create(Random random, long start)
        {
            Kind kind = kinds[random.Next(kinds.Length)];
            SafeHandle handle = kind.New(start);
            lock (createdLock)
            {
                created.Add(handle);
            }

            return new Slot(handle, kind);
        }

        var seed = new Random(12345);
        for (int i = 0; i < Slots; i++)
        {
            slots[i] = Create(seed, i);
        }

        long operations = 0;
        long refusals = 0;
        long moves = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Threads).Select(t => new Worker<bool>(() =>
        {
            var random = new Random(t);
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                int slot = random.Next(Slots);
                (SafeHandle handle, Kind kind) = Volatile.Read(ref slots[slot]);
                try
                {
                    switch (random.Next(10))
                    {
                        case 0:
                            kind.IntoValue(handle).Should().NotBe(long.MinValue);
                            Interlocked.Increment(ref moves);
                            break;
                        case 1:
                            handle.Dispose();
                            break;
                        case 2:
                            // Replace the slot; the old handle may still be in use by other threads, or never released:
                            // the final sweep disposes every handle ever created.
                            Volatile.Write(ref slots[slot], Create(random, t));
                            break;
                        case 3:
                            (SafeHandle other, Kind otherKind) = Volatile.Read(ref slots[random.Next(Slots)]);
                            if (otherKind == kind && !ReferenceEquals(other, handle))
                            {
                                kind.Merge(other, handle).Should().NotBe(long.MinValue);
                                Interlocked.Increment(ref moves);
                            }

                            break;
                        case 4:
                            kind.Touch(handle, 1).Should().NotBe(long.MinValue);
                            break;
                        default:
                            kind.Add(handle, 1).Should().NotBe(long.MinValue);
                            break;
                    }
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refusals);
                }

                Interlocked.Increment(ref operations);
            }

            return true;
        })).ToList();
        workers.ForEach(w => w.Join(TimeSpan.FromSeconds(seconds + 60)));

        foreach (SafeHandle handle in created)
        {
            handle.Dispose();
        }

        output.WriteLine($"{Target.Library}: {operations} random operations on {created.Count} handles in {seconds:0.#} s by {Threads} threads: " +
            $"{moves} moves, {refusals} refused with ObjectDisposedException; concurrent uses seen natively: {Concurrency.ConcurrentUses() - collisionsBefore} (thread-safe handles may collide)");
        Lib.LiveCounters().Should().Be(0);
        Lib.ReleasedTotal().Should().Be(releasedBefore + created.Count, "every handle was released or moved exactly once");
        // Dispose() checks: no double release, no use after release.
    }

    private void MoveWaitsForCallInFlight(Kind kind)
    {
        long gate = NextGate();
        long releasedBefore = Lib.ReleasedTotal();
        SafeHandle c = kind.New(7);
        using SafeHandle into = kind.New(100);
        var held = new Worker<long>(() => kind.Hold(c, gate));
        WaitUntil(() => Concurrency.GateWaiting(gate), "the held call entered native code");

        // Two moves: whichever claims the handle first waits for the held call; the other is refused at once.
        var byIntoValue = new Worker<long>(() => kind.IntoValue(c));
        var byMerge = new Worker<long>(() => kind.Merge(into, c));
        WaitUntil(() => byIntoValue.IsFinished || byMerge.IsFinished, "one move finished");
        (Worker<long> winner, Worker<long> loser, string winnerFunction) = byMerge.IsFinished
            ? (byIntoValue, byMerge, IntoValueFunction)
            : (byMerge, byIntoValue, MergeFunction);
        string moved = $"The {c.GetType().Name} handle was moved to native code by {winnerFunction} and can no longer be used.";
        loser.JoinError().Should().BeOfType<ObjectDisposedException>($"{kind.Name}: the first move to finish must be the refused one, the other waits for the held call")
            .Which.Message.Should().StartWith(moved);

        Thread.Sleep(150);
        winner.IsFinished.Should().BeFalse($"{kind.Name}: the move waits while the held call is inside native code");
        Lib.LiveCounters().Should().Be(2, "the winning move has not reached native code yet");
        Refusal(() => kind.Add(c, 1)).Should().BeOfType<ObjectDisposedException>("a handle being moved refuses new calls")
            .Which.Message.Should().StartWith(moved);
        Refusal(() => kind.IntoValue(c)).Should().BeOfType<ObjectDisposedException>().Which.Message.Should().StartWith(moved);
        c.Dispose(); // A Dispose during the move is a no-op: the move won.

        Concurrency.GateOpen(gate);
        held.Join().Should().Be(7, "the Counter was still alive when the held call used it again");
        winner.Join().Should().Be(winnerFunction == MergeFunction ? 107 : 7);
        Lib.LiveCounters().Should().Be(1);
        Lib.ReleasedTotal().Should().Be(releasedBefore + 1, "native code released the moved Counter exactly once");
        c.IsClosed.Should().BeTrue();
        FluentActions.Invoking(() => kind.Add(c, 1)).Should().Throw<ObjectDisposedException>().Which.Message.Should().StartWith(moved);
    }

    private void DisposeWaitsForCallInFlight(Kind kind)
    {
        long gate = NextGate();
        long releasedBefore = Lib.ReleasedTotal();
        SafeHandle c = kind.New(3);
        var held = new Worker<long>(() => kind.Hold(c, gate));
        WaitUntil(() => Concurrency.GateWaiting(gate), "the held call entered native code");

        c.Dispose();

        Lib.LiveCounters().Should().Be(1, $"{kind.Name}: the release waits for the call in flight");
        string disposed = $"The {c.GetType().Name} handle was disposed and can no longer be used.";
        Refusal(() => kind.Add(c, 1)).Should().BeOfType<ObjectDisposedException>("a handle being disposed refuses new calls")
            .Which.Message.Should().StartWith(disposed);
        Refusal(() => kind.IntoValue(c)).Should().BeOfType<ObjectDisposedException>().Which.Message.Should().StartWith(disposed);
        c.Dispose();
        Concurrency.GateOpen(gate);
        held.Join().Should().Be(3, "the Counter was still alive when the held call used it again");
        Lib.LiveCounters().Should().Be(0, "the last call released it on its way out");
        Lib.ReleasedTotal().Should().Be(releasedBefore + 1);
    }

    private void FailedMoveReleases(Kind kind)
    {
        long gate = NextGate();
        long releasedBefore = Lib.ReleasedTotal();
        SafeHandle into = kind.New(1);
        SafeHandle from = kind.New(2);
        var held = new Worker<long>(() => kind.Hold(from, gate));
        WaitUntil(() => Concurrency.GateWaiting(gate), "the held call entered native code");

        // The merge moves 'from' first, then waits for the held call; 'into' is disposed meanwhile, so borrowing it
        // fails after the move, and native code never gets 'from'.
        var merge = new Worker<long>(() => kind.Merge(into, from));
        WaitUntil(() => ClaimOf(from) is string, "the merge claimed 'from'");
        into.Dispose();
        Concurrency.GateOpen(gate);

        held.Join().Should().Be(2, "the moved Counter was alive until the held call returned");
        merge.JoinError().Should().BeOfType<ObjectDisposedException>($"{kind.Name}: 'into' was disposed before the merge could borrow it")
            .Which.Message.Should().Contain("disposed");
        Lib.LiveCounters().Should().Be(0, "the stub released the Counter it had moved but could not hand over");
        Lib.ReleasedTotal().Should().Be(releasedBefore + 2);
        from.Dispose(); // the move claimed it: nothing left to release
    }

    private void DisposeRacesMove(Kind kind)
    {
        const int Rounds = 300;
        long releasedBefore = Lib.ReleasedTotal();
        SafeHandle[] handles = Enumerable.Range(0, Rounds).Select(i => kind.New(i)).ToArray(); // handle i holds the value i

        long movesWon = 0;
        var round = new Rendezvous(2);
        var mover = new Worker<bool>(() =>
        {
            var random = new Random(1);
            for (int i = 0; i < Rounds; i++)
            {
                StartRace(round, i, random);
                try
                {
                    kind.IntoValue(handles[i]).Should().Be(i);
                    movesWon++;
                }
                catch (ObjectDisposedException e)
                {
                    e.Message.Should().Contain("disposed", "only Dispose competes for the handle");
                }
            }

            return true;
        });
        var disposer = new Worker<bool>(() =>
        {
            var random = new Random(2);
            for (int i = 0; i < Rounds; i++)
            {
                StartRace(round, i, random);
                handles[i].Dispose();
            }

            return true;
        });
        mover.Join();
        disposer.Join();

        output.WriteLine($"{Target.Library}, {kind.Name}: Dispose racing a move, {Rounds} rounds: the move won {movesWon}, Dispose {Rounds - movesWon}");
        Lib.LiveCounters().Should().Be(0, "whichever won released the Counter");
        Lib.ReleasedTotal().Should().Be(releasedBefore + Rounds, "exactly one of them released each Counter");
    }

    /// <summary>
    /// Calls on other threads keep using a handle while it moves: each is refused with the message that names the move,
    /// also one that read the handle as usable just before the move closed it (found by a hostile run: SafeHandle's own
    /// "Cannot access a disposed object" came through in that window).
    /// </summary>
    private void CallsRaceMove(Kind kind)
    {
        const int Rounds = 1500;
        long releasedBefore = Lib.ReleasedTotal();
        var round = new Rendezvous(3);
        var handles = new SafeHandle[Rounds];
        var wrong = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int refused = 0;
        var callers = Enumerable.Range(0, 2).Select(m => new Worker<int>(() =>
        {
            var random = new Random(m + 10);
            for (int i = 0; i < Rounds; i++)
            {
                StartRace(round, i, random);
                SafeHandle c = Volatile.Read(ref handles[i]);
                try
                {
                    while (true)
                    {
                        kind.Add(c, 1);
                    }
                }
                catch (ObjectDisposedException e)
                {
                    Interlocked.Increment(ref refused);
                    if (!e.Message.Contains($"moved to native code by {IntoValueFunction}", StringComparison.Ordinal))
                    {
                        wrong.Enqueue(e.Message);
                    }
                }
            }

            return 0;
        })).ToList();

        var mover = new Random(3);
        for (int i = 0; i < Rounds; i++)
        {
            Volatile.Write(ref handles[i], kind.New(i));
            StartRace(round, i, mover);
            kind.IntoValue(handles[i]).Should().BeGreaterThanOrEqualTo(i);
        }

        callers.ForEach(c => c.Join());
        output.WriteLine($"{Target.Library}, {kind.Name}: {Rounds} moves raced by two callers: {refused} calls refused");
        refused.Should().Be(2 * Rounds, "every caller ends each round refused");
        wrong.Should().BeEmpty("a call refused because of a move says which function moved the handle");
        Lib.LiveCounters().Should().Be(0);
        Lib.ReleasedTotal().Should().Be(releasedBefore + Rounds, "each moved Counter was released once, by native code");
    }

    private void MovesRace(Kind kind)
    {
        const int Rounds = 300;
        long releasedBefore = Lib.ReleasedTotal();
        SafeHandle[] handles = Enumerable.Range(0, Rounds).Select(i => kind.New(i)).ToArray(); // handle i holds the value i

        var refusals = new string[2][];
        var round = new Rendezvous(2);
        var movers = Enumerable.Range(0, 2).Select(m => new Worker<int>(() =>
        {
            int won = 0;
            refusals[m] = new string[Rounds];
            var random = new Random(m);
            for (int i = 0; i < Rounds; i++)
            {
                StartRace(round, i, random);
                try
                {
                    kind.IntoValue(handles[i]).Should().Be(i);
                    won++;
                }
                catch (ObjectDisposedException e)
                {
                    refusals[m][i] = e.Message;
                }
            }

            return won;
        })).ToList();
        int[] wins = movers.Select(m => m.Join()).ToArray();

        output.WriteLine($"{Target.Library}, {kind.Name}: two moves racing, {Rounds} rounds: {wins[0]} and {wins[1]} wins");
        wins.Sum().Should().Be(Rounds, "exactly one move wins each round");
        for (int i = 0; i < Rounds; i++)
        {
            (refusals[0][i] is null).Should().NotBe(refusals[1][i] is null, "round {0} has exactly one loser", i);
            (refusals[0][i] ?? refusals[1][i]).Should().Contain($"moved to native code by {IntoValueFunction}");
        }

        Lib.LiveCounters().Should().Be(0);
        Lib.ReleasedTotal().Should().Be(releasedBefore + Rounds);
    }

    private long Hammer(Kind kind, int threads, int touches)
    {
        long before = Concurrency.ConcurrentUses();
        using SafeHandle c = kind.New(0);
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Worker<bool>(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < touches; i++)
            {
                kind.Touch(c, 1).Should().NotBe(long.MinValue);
            }

            return true;
        })).ToList();
        workers.ForEach(w => w.Join());
        kind.Add(c, 0).Should().Be(threads * touches, "no touch was lost");
        return Concurrency.ConcurrentUses() - before;
    }

    /// <summary>Calls back into .NET from inside a call that borrows <paramref name="c"/>, runs <paramref name="inside"/> there, and returns what it threw.</summary>
    private Exception? CallBackWith(SafeHandle c, bool serial, Action inside)
    {
        var state = new CallbackState(inside);
        GCHandle target = GCHandle.Alloc(state);
        try
        {
            // On a worker, so that a deadlock fails the test (the join times out) instead of hanging the run.
            long value = new Worker<long>(() => serial
                ? Concurrency.SerialCallBack((SerialCounter)c, &RunInside, GCHandle.ToIntPtr(target))
                : Concurrency.CounterCallBack((Counter)c, &RunInside, GCHandle.ToIntPtr(target))).Join(TimeSpan.FromSeconds(20));
            value.Should().NotBe(long.MinValue);
            state.Ran.Should().BeTrue("native code called back inside the call");
            return state.Error;
        }
        finally
        {
            target.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static void RunInside(nint userData, long value)
    {
        // An exception must never unwind through native frames: keep it for the test.
        var state = (CallbackState)GCHandle.FromIntPtr(userData).Target!;
        state.Ran = true;
        try
        {
            state.Inside();
        }
        catch (Exception e)
        {
            state.Error = e;
        }
    }

    private sealed class CallbackState(Action inside)
    {
        public Action Inside { get; } = inside;

        public bool Ran { get; set; }

        public Exception? Error { get; set; }
    }

    private static long NextGate() => Interlocked.Increment(ref s_nextGate);

    /// <summary>
    /// Who claimed the handle (a move's "library!symbol", Dispose's marker, or null). White-box, for one ordering no call
    /// can observe without changing it: a serialized handle's probe would queue behind the held call.
    /// </summary>
    private static object? ClaimOf(SafeHandle handle)
        => (typeof(Boundary.Interop.ForeignSafeHandle).GetField("claim", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            ?? throw new InvalidOperationException("ForeignSafeHandle has no 'claim' field any more: update this test")).GetValue(handle);

    /// <summary>
    /// What a call that must be refused at once threw. On a worker with a timeout: a call that is wrongly let in waits
    /// for the held call (a serialized handle's lock, a move's drain), and the test must fail, not hang.
    /// </summary>
    private Exception? Refusal(Func<long> call)
    {
        var worker = new Worker<long>(call);
        return worker.JoinError(TimeSpan.FromSeconds(10));
    }

    /// <summary>Both racers leave round <paramref name="round"/> together, then each waits a random moment, so either may come first.</summary>
    private static void StartRace(Rendezvous rendezvous, int round, Random random)
    {
        rendezvous.Arrive(round);
        Thread.SpinWait(random.Next(0, 1_000));
    }

    /// <summary>
    /// A spinning barrier: a blocking one lets the thread that arrives last run on while the other is still being woken,
    /// so the "race" would always go to the same side of that wake-up.
    /// </summary>
    private sealed class Rendezvous(int parties)
    {
        private int _arrived;

        public void Arrive(int round)
        {
            Interlocked.Increment(ref _arrived);
            for (int spins = 1; Volatile.Read(ref _arrived) < (round + 1) * parties; spins++)
            {
                // Busy, so the waiting side leaves as soon as the last one arrives; a yield only now and then.
                if (spins % 10_000 == 0)
                {
                    Thread.Yield();
                }
            }
        }
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// A dedicated thread (prepared for the library first), never the thread pool: in the isolated Go process every
    /// thread that runs managed code must be one the Go guarantee covers.
    /// </summary>
    private sealed class Worker<T>
    {
        private readonly Thread _thread;
        private T? _result;
        private Exception? _error;

        public Worker(Func<T> body)
        {
            _thread = new Thread(() =>
            {
                Target.PrepareThread();
                try
                {
                    _result = body();
                }
                catch (Exception e)
                {
                    _error = e;
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public bool IsFinished => !_thread.IsAlive;

        public T Join(TimeSpan? timeout = null)
        {
            Exception? error = JoinError(timeout);
            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return _result!;
        }

        public Exception? JoinError(TimeSpan? timeout = null)
        {
            if (!_thread.Join(timeout ?? TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("a worker thread did not finish (a deadlock?)");
            }

            return _error;
        }
    }
}
