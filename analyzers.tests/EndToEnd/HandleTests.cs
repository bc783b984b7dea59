using System.Runtime.InteropServices;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Every ownership mode of SPEC section 2 against real native objects. The native libraries keep a registry of live
/// objects, so each test proves every object was released exactly once and no freed handle was ever used.
/// </summary>
public abstract class HandleTests : IDisposable
{
    private readonly NativeLibrary _lib;
    private readonly CounterLedger _ledger;

    protected HandleTests(NativeLibrary lib)
    {
        _lib = lib;
        _ledger = new CounterLedger(lib.LiveCounters, lib.BadReleases, lib.BadUses);
    }

    public void Dispose() => _ledger.Verify();

    [Fact]
    public void Owned_return_is_released_exactly_once_on_dispose()
    {
        long releasedBefore = _lib.ReleasedTotal();
        SafeHandle counter = _lib.CounterNew(5);
        _lib.LiveCounters().Should().Be(1);
        counter.IsInvalid.Should().BeFalse();

        counter.Dispose();
        counter.Dispose();

        _lib.LiveCounters().Should().Be(0);
        _lib.ReleasedTotal().Should().Be(releasedBefore + 1);
    }

    [Fact]
    public void Owned_return_that_is_never_disposed_is_released_by_the_finalizer()
    {
        CreateAndDrop();
        ReleaseGarbage();
        _lib.LiveCounters().Should().Be(0);

        void CreateAndDrop() => _lib.CounterNew(1);
    }

    [Fact]
    public void Borrowed_parameter_is_used_and_stays_owned_by_the_caller()
    {
        using SafeHandle counter = _lib.CounterNew(10);
        _lib.CounterAdd(counter, 5).Should().Be(15);
        _lib.CounterAdd(counter, -20).Should().Be(-5);
        _lib.CounterGet(counter).Should().Be(-5);
        _lib.LiveCounters().Should().Be(1);
    }

    [Fact]
    public void Disposed_handle_never_reaches_native_code()
    {
        SafeHandle counter = _lib.CounterNew(1);
        counter.Dispose();

        FluentActions.Invoking(() => _lib.CounterGet(counter)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => _lib.CounterIntoValue(counter)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Null_handle_argument_is_an_ArgumentNullException_before_any_native_call()
    {
        FluentActions.Invoking(() => _lib.CounterGet(_lib.NullCounter()))
            .Should().Throw<ArgumentNullException>().WithParameterName("c");
    }

    [Fact]
    public void Consumed_parameter_moves_ownership_and_is_never_released_by_dotnet()
    {
        long releasedBefore = _lib.ReleasedTotal();
        SafeHandle counter = _lib.CounterNew(7);

        _lib.CounterIntoValue(counter).Should().Be(7);

        _lib.LiveCounters().Should().Be(0, "native code released it when it consumed it");
        _lib.ReleasedTotal().Should().Be(releasedBefore + 1);
        counter.IsClosed.Should().BeTrue("a consumed handle is invalid after the call");
        counter.Dispose(); // Must not release again: Dispose() verifies BadReleases is unchanged.
        FluentActions.Invoking(() => _lib.CounterIntoValue(counter)).Should().Throw<ObjectDisposedException>("a handle can be moved once");
        FluentActions.Invoking(() => _lib.CounterAdd(counter, 1)).Should().Throw<ObjectDisposedException>("use after move");
    }

    [Fact]
    public void Borrowed_and_consumed_parameters_in_one_call()
    {
        using SafeHandle into = _lib.CounterNew(100);
        SafeHandle from = _lib.CounterNew(23);

        _lib.CounterMerge(into, from).Should().Be(123);

        from.IsClosed.Should().BeTrue();
        into.IsClosed.Should().BeFalse();
        _lib.LiveCounters().Should().Be(1);
        from.Dispose();
    }

    [Fact]
    public void Borrowed_return_is_usable_and_never_released()
    {
        SafeHandle global = _lib.CounterGlobal();
        long before = _lib.CounterGet(global);
        _lib.CounterAdd(global, 3).Should().Be(before + 3);

        global.Dispose();
        ReleaseGarbage();

        using SafeHandle again = _lib.CounterGlobal();
        again.DangerousGetHandle().Should().Be(global.DangerousGetHandle(), "the library hands out the same global object");
        _lib.CounterGet(again).Should().Be(before + 3, "disposing a borrowed handle must not free the native object");
    }

    [Fact]
    public void Concurrent_use_and_disposal_never_double_free_or_use_after_free()
    {
        // Pairs of long-lived threads: an owner creates a handle and disposes it while its racer is calling with it.
        // Every thread prepares itself for the library and waits at the barrier before anything allocates, so no GC
        // can suspend a thread that a Go runtime in this process could crash (README, "Go in a .NET process").
        const int Pairs = 4;
        const int Rounds = 400;
        long releasedBefore = _lib.ReleasedTotal();
        long disposedWhileInUse = 0;
        using var start = new Barrier(Pairs * 2);
        var threads = new List<Thread>();
        for (int p = 0; p < Pairs; p++)
        {
            int pair = p;
            var slot = new SafeHandle?[1];
            var handedOver = new SemaphoreSlim(0); // Not disposed: the threads outlive this loop iteration.
            var racedOut = new SemaphoreSlim(0);
            threads.Add(new Thread(() =>
            {
                _lib.PrepareThread();
                start.SignalAndWait();
                var random = new Random(pair);
                for (int i = 0; i < Rounds; i++)
                {
                    SafeHandle counter = _lib.CounterNew(i);
                    Volatile.Write(ref slot[0], counter);
                    handedOver.Release();
                    if (random.Next(2) == 0)
                    {
                        Thread.Yield();
                    }

                    counter.Dispose(); // Races the racer's calls: SafeHandle defers the release until the last call returns.
                    racedOut.Wait();
                    if (random.Next(3) == 0)
                    {
                        // A move needs exclusive access (Rust's rule; checked statically by the ownership analyzers),
                        // so it only happens once no other thread uses the handle.
                        _lib.CounterIntoValue(_lib.CounterNew(i));
                    }
                }
            }));
            threads.Add(new Thread(() =>
            {
                _lib.PrepareThread();
                start.SignalAndWait();
                for (int i = 0; i < Rounds; i++)
                {
                    handedOver.Wait();
                    SafeHandle counter = Volatile.Read(ref slot[0])!;
                    try
                    {
                        for (int k = 0; k < 20; k++)
                        {
                            _lib.CounterAdd(counter, 1);
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
        _lib.ReleasedTotal().Should().BeGreaterThanOrEqualTo(releasedBefore + (Pairs * Rounds));
        // Dispose() checks: no leak, no double release, no use after free, whichever side won each race.
    }

    private static void ReleaseGarbage() => CounterLedger.ReleaseGarbage();
}

[Collection(RustOwnedMemory.Name)]
public sealed class RustHandleTests() : HandleTests(new RustLibrary());

/// <summary>Runs in an isolated process (see <see cref="GoIsolationTests"/>), never in the xunit host.</summary>
internal sealed class GoHandleTests() : HandleTests(new GoLibrary());
