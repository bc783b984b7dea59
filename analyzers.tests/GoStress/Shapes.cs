using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// Ordinary .NET application shapes that also call Go. Each keeps the GC busy, because the GC's thread suspension
/// signal is what overflows the alternate signal stack once a Go library is loaded; what differs is which threads
/// run managed code when it arrives (docs/design/go-signals.md).
/// </summary>
internal sealed class Shapes(IGo go, TimeSpan duration)
{
    private readonly Stopwatch _clock = new();
    private long _goCalls;

    public TimeSpan Elapsed => _clock.Elapsed;

    private bool Stopped => _clock.Elapsed >= duration;

    public string Run(string shape)
    {
        _clock.Start();
        string extra = shape switch
        {
            "callers" => Callers(),
            "threadpool" => ThreadPoolWork(),
            "async" => AsyncWithTimers(),
            "callbacks" => GoCallbacks(),
            "bystander" => Bystander(),
            "preloaded" => Preloaded(),
            "rustthreads" => RustThreads(),
            "delegates" => DelegatesAndTasks(),
            _ => throw new ArgumentException($"unknown shape '{shape}'"),
        };
        return $"go_calls={Interlocked.Read(ref _goCalls)}{extra}";
    }

    /// <summary>8 dedicated threads call Go in a loop while another forces GCs (the original measurement).</summary>
    private string Callers()
    {
        RunWithCollector(() =>
        {
            var callers = Enumerable.Range(0, 8).Select(_ => new Thread(() => CallGoUntilStopped(1000))).ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());
        });
        return "";
    }

    /// <summary>(a) Parallel.For on the thread pool calls Go while another thread allocates and forces GCs.</summary>
    private string ThreadPoolWork()
    {
        RunWithCollector(() =>
        {
            while (!Stopped)
            {
                Parallel.For(0, 2000, i =>
                {
                    go.Noop();
                    _ = go.AddI32(i, 1);
                    _ = new int[i % 64];
                    Interlocked.Add(ref _goCalls, 2);
                });
            }
        });
        return "";
    }

    /// <summary>(b) async/await with Task.Yield and Task.Delay between Go calls, with timers and CancellationTokenSource timeouts firing.</summary>
    private string AsyncWithTimers()
    {
        long ticks = 0;
        using var timer = new Timer(_ => Interlocked.Add(ref ticks, new object[8].Length), null, 1, 1);
        RunWithCollector(() =>
        {
            async Task Loop(int id)
            {
                while (!Stopped)
                {
                    go.Noop();
                    await Task.Yield();
                    _ = go.AddI32(id, 1);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(2));
                    try
                    {
                        await Task.Delay(1, timeout.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    Interlocked.Add(ref _goCalls, 2);
                }
            }

            Task.WaitAll(Enumerable.Range(0, 16).Select(id => Task.Run(() => Loop(id))).ToArray());
        });
        return $" timer_ticks={Interlocked.Read(ref ticks)}";
    }

    /// <summary>(c) Goroutines complete work through a callback into .NET, on threads Go created, while GCs run.</summary>
    private unsafe string GoCallbacks()
    {
        long completions = 0;
        RunWithCollector(() =>
        {
            while (!Stopped)
            {
                completions += Batch.Run(batch => go.SpawnWork(&Batch.Done, batch, 64), 64);
                Interlocked.Increment(ref _goCalls);
            }
        });
        return $" callbacks={completions}";
    }

    /// <summary>
    /// Delegates and tasks: goroutines (each on a thread Go created) call a delegate that calls Go again, and async
    /// operations complete on Go's threads with their continuations on the thread pool, while GCs run.
    /// </summary>
    private string DelegatesAndTasks()
    {
        long callbacks = 0;
        long completions = 0;
        RunWithCollector(() =>
        {
            while (!Stopped)
            {
                callbacks += go.CallBack(4, 50);
                Task<int>[] tasks = Enumerable.Range(0, 32).Select(i => go.AddAsync(i, 1, i % 2)).ToArray();
                Task.WaitAll(tasks);
                completions += tasks.Length;
                Interlocked.Add(ref _goCalls, 33 + 200);
            }
        });
        return $" callbacks={callbacks} completions={completions}";
    }

    /// <summary>Go is loaded (one call); threads Rust creates call back into .NET while GCs run.</summary>
    private unsafe string RustThreads()
    {
        go.Noop();
        Interlocked.Increment(ref _goCalls);
        long completions = 0;
        RunWithCollector(() =>
        {
            while (!Stopped)
            {
                completions += Batch.Run(batch => go.RustSpawnWork(&Batch.Done, batch, 32), 32);
            }
        });
        return $" callbacks={completions}";
    }

    /// <summary>
    /// (d) One Go call loads Go; from then on no thread calls Go: two threads allocate constantly (each one's
    /// collections suspend the other) while the main thread computes.
    /// </summary>
    private string Bystander()
    {
        go.Noop();
        Interlocked.Increment(ref _goCalls);
        long allocations = 0;
        var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() => Interlocked.Add(ref allocations, AllocateUntilStopped()))).ToList();
        allocators.ForEach(t => t.Start());
        long sum = 0;
        while (!Stopped)
        {
            for (int i = 0; i < 100_000; i++)
            {
                sum += i ^ (sum >> 3);
            }
        }

        allocators.ForEach(t => t.Join());
        return $" allocations={allocations} sum={sum & 0xff}";
    }

    /// <summary>
    /// Go loaded by hand (as code outside the package would) before any stub runs; the first stub call happens on
    /// another thread; then the bystander load runs while the thread pool calls Go.
    /// </summary>
    private string Preloaded()
    {
        go.LoadLibraryByHand();
        var first = new Thread(() =>
        {
            go.Noop();
            Interlocked.Increment(ref _goCalls);
        });
        first.Start();
        first.Join();
        var callers = Task.Run(() =>
        {
            while (!Stopped)
            {
                Parallel.For(0, 500, i =>
                {
                    _ = go.AddI32(i, 1);
                    Interlocked.Increment(ref _goCalls);
                });
                Thread.Sleep(1);
            }
        });
        string bystander = Bystander();
        callers.Wait();
        return bystander;
    }

    /// <summary>Allocates on the calling thread until the run ends; returns how many objects.</summary>
    private long AllocateUntilStopped()
    {
        long allocations = 0;
        var keep = new object[256];
        while (!Stopped)
        {
            for (int i = 0; i < 1024; i++)
            {
                keep[i & 255] = new byte[(i & 7) * 64];
            }

            allocations += 1024;
        }

        return allocations;
    }

    private void CallGoUntilStopped(int batch)
    {
        long local = 0;
        while (!Stopped)
        {
            for (int i = 0; i < batch; i++)
            {
                go.Noop();
            }

            local += batch;
        }

        Interlocked.Add(ref _goCalls, local);
    }

    /// <summary>Runs the shape while a thread that never calls Go allocates and forces collections.</summary>
    private void RunWithCollector(Action shape)
    {
        var collector = new Thread(() =>
        {
            while (!Stopped)
            {
                _ = new byte[16 * 1024];
                GC.Collect();
                Thread.Sleep(0); // let the shape's threads run between collections, or they starve
            }
        });
        collector.Start();
        shape();
        collector.Join();
    }

    private sealed class Batch(int expected)
    {
        private int _remaining = expected;

        public int Expected { get; } = expected;

        public ManualResetEventSlim Completed { get; } = new();

        /// <summary>Starts <paramref name="count"/> completions with a GCHandle of a new batch as user data and waits for all of them.</summary>
        public static unsafe int Run(Action<nint> start, int count)
        {
            var batch = new Batch(count);
            GCHandle handle = GCHandle.Alloc(batch);
            try
            {
                start(GCHandle.ToIntPtr(handle));
                if (!batch.Completed.Wait(TimeSpan.FromSeconds(30)))
                {
                    throw new TimeoutException("native code never completed the batch");
                }
            }
            finally
            {
                handle.Free();
            }

            return count;
        }

        private readonly List<long> _values = new();

        [UnmanagedCallersOnly]
        public static unsafe void Done(void* userData, long value)
        {
            var batch = (Batch)GCHandle.FromIntPtr((nint)userData).Target!;
            lock (batch._values)
            {
                batch._values.Add(value);
                _ = value.ToString(System.Globalization.CultureInfo.InvariantCulture); // managed work on a Go thread
            }

            if (Interlocked.Decrement(ref batch._remaining) == 0)
            {
                batch.Completed.Set();
            }
        }
    }
}
