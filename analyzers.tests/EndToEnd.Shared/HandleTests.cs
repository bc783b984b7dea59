namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Every ownership mode of SPEC section 2 against real native objects. The native libraries keep a registry of live
/// objects, so each test proves every object was released exactly once and no freed handle was ever used.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class HandleTests : IDisposable
{
    private readonly CounterLedger _ledger = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);

    public void Dispose() => _ledger.Verify();

    [Fact]
    public void Owned_return_is_released_exactly_once_on_dispose()
    {
        long releasedBefore = Lib.ReleasedTotal();
        Counter counter = Lib.CounterNew(5);
        Lib.LiveCounters().Should().Be(1);
        counter.IsInvalid.Should().BeFalse();

        counter.Dispose();
#pragma warning disable BND2005 // A second Dispose, on purpose: it must release nothing.
        counter.Dispose();
#pragma warning restore BND2005

        Lib.LiveCounters().Should().Be(0);
        Lib.ReleasedTotal().Should().Be(releasedBefore + 1);
    }

    [Fact]
    public void Owned_return_that_is_never_disposed_is_released_by_the_finalizer()
    {
        CreateAndDrop();
        ReleaseGarbage();
        Lib.LiveCounters().Should().Be(0);

#pragma warning disable BND2001 // Never disposed, on purpose: the finalizer must release it.
        void CreateAndDrop() => Lib.CounterNew(1);
#pragma warning restore BND2001
    }

    [Fact]
    public void Borrowed_parameter_is_used_and_stays_owned_by_the_caller()
    {
        using Counter counter = Lib.CounterNew(10);
        Lib.CounterAdd(counter, 5).Should().Be(15);
        Lib.CounterAdd(counter, -20).Should().Be(-5);
        Lib.CounterGet(counter).Should().Be(-5);
        Lib.LiveCounters().Should().Be(1);
    }

    [Fact]
    public void Disposed_handle_never_reaches_native_code()
    {
        Counter counter = Lib.CounterNew(1);
        counter.Dispose();

        FluentActions.Invoking(() => Lib.CounterGet(counter)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => Lib.CounterIntoValue(counter)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Null_handle_argument_is_an_ArgumentNullException_before_any_native_call()
    {
        FluentActions.Invoking(() => Lib.CounterGet(null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("c");
    }

    [Fact]
    public void Consumed_parameter_moves_ownership_and_is_never_released_by_dotnet()
    {
        long releasedBefore = Lib.ReleasedTotal();
        Counter counter = Lib.CounterNew(7);

        Lib.CounterIntoValue(counter).Should().Be(7);

        Lib.LiveCounters().Should().Be(0, "native code released it when it consumed it");
        Lib.ReleasedTotal().Should().Be(releasedBefore + 1);
        counter.IsClosed.Should().BeTrue("a consumed handle is invalid after the call");
        counter.Dispose(); // Must not release again: Dispose() verifies BadReleases is unchanged.
        FluentActions.Invoking(() => Lib.CounterIntoValue(counter)).Should().Throw<ObjectDisposedException>("a handle can be moved once");
        FluentActions.Invoking(() => Lib.CounterAdd(counter, 1)).Should().Throw<ObjectDisposedException>("use after move");
    }

    [Fact]
    public void Borrowed_and_consumed_parameters_in_one_call()
    {
        using Counter into = Lib.CounterNew(100);
        Counter from = Lib.CounterNew(23);

        Lib.CounterMerge(into, from).Should().Be(123);

#pragma warning disable BND2002 // Used after the move, on purpose: it must be closed, and disposing it must release nothing.
        from.IsClosed.Should().BeTrue();
        into.IsClosed.Should().BeFalse();
        Lib.LiveCounters().Should().Be(1);
        from.Dispose();
#pragma warning restore BND2002
    }

    [Fact]
    public void Borrowed_return_is_usable_and_never_released()
    {
        Counter global = Lib.CounterGlobal();
        long before = Lib.CounterGet(global);
        Lib.CounterAdd(global, 3).Should().Be(before + 3);

        global.Dispose();
        ReleaseGarbage();

        using Counter again = Lib.CounterGlobal();
        again.DangerousGetHandle().Should().Be(global.DangerousGetHandle(), "the library hands out the same global object");
        Lib.CounterGet(again).Should().Be(before + 3, "disposing a borrowed handle must not free the native object");
    }

    [Fact]
    public void Concurrent_use_and_disposal_never_double_free_or_use_after_free()
    {
        // Pairs of long-lived threads: an owner creates a handle and disposes it while its racer is calling with it.
        // Every thread prepares itself for the library and waits at the barrier before anything allocates, so no GC
        // can suspend a thread that a Go runtime in this process could crash (README, "Go in a .NET process").
        const int Pairs = 4;
        const int Rounds = 400;
        long releasedBefore = Lib.ReleasedTotal();
        long disposedWhileInUse = 0;
        using var start = new Barrier(Pairs * 2);
        var threads = new List<Thread>();
        for (int p = 0; p < Pairs; p++)
        {
            int pair = p;
            var slot = new Counter?[1];
            var handedOver = new SemaphoreSlim(0); // Not disposed: the threads outlive this loop iteration.
            var racedOut = new SemaphoreSlim(0);
            threads.Add(new Thread(() =>
            {
                Target.PrepareThread();
                start.SignalAndWait();
                var random = new Random(pair);
                for (int i = 0; i < Rounds; i++)
                {
                    Counter counter = Lib.CounterNew(i);
                    Volatile.Write(ref slot[0], counter);
                    handedOver.Release();
                    if (random.Next(2) == 0)
                    {
                        Thread.Yield();
                    }

                    counter.Dispose(); // Races the racer's calls: the handle defers the release until the last call returns.
                    racedOut.Wait();
                    if (random.Next(3) == 0)
                    {
                        // A move needs exclusive access (Rust's rule; checked statically by the ownership analyzers),
                        // so it only happens once no other thread uses the handle.
                        Lib.CounterIntoValue(Lib.CounterNew(i));
                    }
                }
            }));
            threads.Add(new Thread(() =>
            {
                Target.PrepareThread();
                start.SignalAndWait();
                for (int i = 0; i < Rounds; i++)
                {
                    handedOver.Wait();
                    Counter counter = Volatile.Read(ref slot[0])!;
                    try
                    {
                        for (int k = 0; k < 20; k++)
                        {
                            Lib.CounterAdd(counter, 1);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposedWhileInUse);
                    }

                    racedOut.Release();
                }
            }));
        }

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Lib.ReleasedTotal().Should().BeGreaterThanOrEqualTo(releasedBefore + (Pairs * Rounds));
        // Dispose() checks: no leak, no double release, no use after free, whichever side won each race.
    }

    private static void ReleaseGarbage() => CounterLedger.ReleaseGarbage();
}
