using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Boundary;
using Boundary.Interop;

// Usage:
//   GoStress <shape> <generated|raw|noshim> [seconds]   one run of one app shape in this process; exit 0 = survived
//   GoStress soak [runs] [seconds] [via,via] [shapes...]  every shape each way, each run in a fresh child process;
//                                                         prints crash counts as a table
// The shapes are ordinary .NET apps that also call Go (docs/design/go-signals.md). "generated" calls Go through the
// stubs the packed BoundaryAnalyzers package generates; "raw" calls the same exports through plain [DllImport], as a
// baseline that is expected to crash; "noshim" uses the stubs with the process-wide signal shim turned off (only the
// per-thread guarantee of the previous release).
if (args is ["soak", ..])
{
    return Soak.Run(args[1..]);
}

if (args.Length < 2 || !StressProcess.Shapes.Contains(args[0]) || args[1] is not ("generated" or "raw" or "noshim"))
{
    Console.Error.WriteLine($"usage: GoStress <{string.Join('|', StressProcess.Shapes)}> <generated|raw|noshim> [seconds] | GoStress soak [runs] [seconds] [shapes...]");
    return 2;
}

if (args[1] == "noshim")
{
    // Generated stubs with the process-wide shim turned off: only the per-thread guarantee (the previous release).
    Environment.SetEnvironmentVariable(GoSignals.SwitchVariable, "off");
}

double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var run = new Shapes(args[1] == "raw" ? new RawGo() : new GeneratedGo(), TimeSpan.FromSeconds(seconds));
string stats = run.Run(args[0]);
string shim = args[1] == "raw" ? "unused" : GoSignals.IsActive ? "active" : $"inactive ({GoSignals.InactiveReason})";
GoSignalCounters counters = GoSignals.Counters;
Console.WriteLine(
    $"survived shape={args[0]} via={args[1]} seconds={run.Elapsed.TotalSeconds:F1} {stats} gcs={GC.CollectionCount(0)} " +
    $"shim={shim} switched={counters.Switched} in_place={counters.InPlace}");
return 0;

/// <summary>The Go exports the shapes call, through generated stubs or through plain [DllImport].</summary>
internal unsafe interface IGo
{
    void Noop();

    int AddI32(int a, int b);

    void SpawnWork(delegate* unmanaged<void*, long, void> done, nint userData, long count);

    /// <summary>Goroutines call a callback that calls Go again; returns how many calls arrived.</summary>
    long CallBack(int threads, int perThread);

    /// <summary>An operation a goroutine completes (or the call itself, for a negative delay).</summary>
    Task<int> AddAsync(int a, int b, int delayMs);

    /// <summary>The same through Rust threads (librtest); Rust calls are never the subject, Go is loaded meanwhile.</summary>
    void RustSpawnWork(delegate* unmanaged<void*, long, void> done, nint userData, long count) => RustTest.SpawnWork(done, (void*)userData, count);

    /// <summary>Loads the Go library the way user code would, without the package (the "preloaded" shape).</summary>
    void LoadLibraryByHand() => NativeLibrary.Load("gotest", typeof(IGo).Assembly, null);
}

internal sealed unsafe class GeneratedGo : IGo
{
    public void Noop() => GoTest.Noop();

    public int AddI32(int a, int b) => GoTest.AddI32(a, b);

    public void SpawnWork(delegate* unmanaged<void*, long, void> done, nint userData, long count) => GoTest.SpawnWork(done, (void*)userData, count);

    public long CallBack(int threads, int perThread)
    {
        long calls = 0;
        GoTest.CallOnThreads(threads, perThread, (_, _) =>
        {
            GoTest.Noop();
            Interlocked.Increment(ref calls);
        });
        return calls;
    }

    public Task<int> AddAsync(int a, int b, int delayMs) => GoTest.AddAsync(a, b, delayMs);
}

internal sealed unsafe class RawGo : IGo
{
    public void Noop() => Raw.Noop();

    public int AddI32(int a, int b) => Raw.AddI32(a, b);

    public void SpawnWork(delegate* unmanaged<void*, long, void> done, nint userData, long count) => Raw.SpawnWork(done, (void*)userData, count);

    public long CallBack(int threads, int perThread)
    {
        var calls = new StrongBox<long>();
        GCHandle handle = GCHandle.Alloc(calls);
        try
        {
            Raw.CallOnThreads(threads, perThread, &RawCallback, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return calls.Value;
    }

    public Task<int> AddAsync(int a, int b, int delayMs)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Raw.AddAsync(a, b, delayMs, &RawComplete, (void*)GCHandle.ToIntPtr(GCHandle.Alloc(completion)));
        return completion.Task;
    }

    [UnmanagedCallersOnly]
    private static void RawCallback(void* user, int thread, int index)
    {
        Raw.Noop();
        Interlocked.Increment(ref ((StrongBox<long>)GCHandle.FromIntPtr((nint)user).Target!).Value);
    }

    [UnmanagedCallersOnly]
    private static void RawComplete(void* user, int result)
    {
        GCHandle handle = GCHandle.FromIntPtr((nint)user);
        var completion = (TaskCompletionSource<int>)handle.Target!;
        handle.Free();
        completion.TrySetResult(result);
    }
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static unsafe partial class GoTest
{
    public static partial void Noop();

    public static partial int AddI32(int a, int b);

    public static partial void SpawnWork(delegate* unmanaged<void*, long, void> done, void* userData, long count);

    public static partial void CallOnThreads(int threads, int perThread, Action<int, int> callback);

    public static partial Task<int> AddAsync(int a, int b, int delayMs);
}

[ForeignBoundary("rtest")]
internal static unsafe partial class RustTest
{
    public static partial void SpawnWork(delegate* unmanaged<void*, long, void> done, void* userData, long count);
}

internal static unsafe class Raw
{
    [DllImport("gotest", EntryPoint = "gotest_noop", ExactSpelling = true)]
    public static extern void Noop();

    [DllImport("gotest", EntryPoint = "gotest_add_i32", ExactSpelling = true)]
    public static extern int AddI32(int a, int b);

    [DllImport("gotest", EntryPoint = "gotest_spawn_work", ExactSpelling = true)]
    public static extern void SpawnWork(delegate* unmanaged<void*, long, void> done, void* userData, long count);

    [DllImport("gotest", EntryPoint = "gotest_call_on_threads", ExactSpelling = true)]
    public static extern void CallOnThreads(int threads, int perThread, delegate* unmanaged<void*, int, int, void> callback, void* userData);

    [DllImport("gotest", EntryPoint = "gotest_add_async", ExactSpelling = true)]
    public static extern void AddAsync(int a, int b, int delayMs, delegate* unmanaged<void*, int, void> done, void* userData);
}
