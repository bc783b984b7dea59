using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Boundary;

namespace BoundaryBenchmarks;

/// <summary>
/// Callbacks and async, generated against hand-written equivalents of the same native exports in one run: a delegate
/// called back from native code (once per call, and 64 times per call), and an async round trip whose completion
/// arrives inside the call (so the row measures the package's overhead, not a native thread hop).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class CallbackBenchmarks
{
    private static readonly int[] Items = Enumerable.Range(1, 64).ToArray();
    private readonly Func<int, int> _identity = static i => i;

    [Benchmark(Baseline = true), BenchmarkCategory("callback x1")]
    public int Callback1_Handwritten() => HandwrittenCallbacks.CallUntil(1, _identity);

    [Benchmark, BenchmarkCategory("callback x1")]
    public int Callback1_Generated() => GeneratedCallbacks.CallUntil(1, _identity);

    [Benchmark(Baseline = true), BenchmarkCategory("callback x64")]
    public long Callback64_Handwritten() => HandwrittenCallbacks.SumMap(Items, _identity);

    [Benchmark, BenchmarkCategory("callback x64")]
    public long Callback64_Generated() => GeneratedCallbacks.SumMap(Items, _identity);

    [Benchmark(Baseline = true), BenchmarkCategory("async")]
    public async Task<int> Async_Handwritten() => await HandwrittenCallbacks.AddAsync(1, 2);

    [Benchmark, BenchmarkCategory("async")]
    public async Task<int> Async_Generated() => await GeneratedCallbacks.AddAsync(1, 2, -1);
}

/// <summary>What a user of this package writes.</summary>
[ForeignBoundary("rtest")]
internal static partial class GeneratedCallbacks
{
    public static partial int CallUntil(int n, Func<int, int> callback);
    public static partial long SumMap(ReadOnlySpan<int> items, Func<int, int> map);
    public static partial Task<int> AddAsync(int a, int b, int delayMs);
}

/// <summary>
/// The same exports by hand, as a careful LibraryImport user writes them: an [UnmanagedCallersOnly] trampoline, a
/// GCHandle as user data freed in finally, the exception caught in the trampoline and rethrown after the call; for
/// async a TaskCompletionSource that never runs continuations on the native thread.
/// </summary>
internal static unsafe partial class HandwrittenCallbacks
{
    public static int CallUntil(int n, Func<int, int> callback)
    {
        var state = new CallState(callback);
        GCHandle handle = GCHandle.Alloc(state);
        try
        {
            int result = RawCallUntil(n, &Trampoline, (void*)GCHandle.ToIntPtr(handle));
            state.Failure?.Throw();
            return result;
        }
        finally
        {
            handle.Free();
        }
    }

    public static long SumMap(ReadOnlySpan<int> items, Func<int, int> map)
    {
        var state = new CallState(map);
        GCHandle handle = GCHandle.Alloc(state);
        try
        {
            fixed (int* p = items)
            {
                long result = RawSumMap(p, (nuint)items.Length, &Trampoline, (void*)GCHandle.ToIntPtr(handle));
                state.Failure?.Throw();
                return result;
            }
        }
        finally
        {
            handle.Free();
        }
    }

    public static Task<int> AddAsync(int a, int b)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        GCHandle handle = GCHandle.Alloc(completion);
        RawAddAsync(a, b, -1, &Complete, (void*)GCHandle.ToIntPtr(handle));
        return completion.Task;
    }

    [UnmanagedCallersOnly]
    private static int Trampoline(void* user, int item)
    {
        var state = (CallState)GCHandle.FromIntPtr((nint)user).Target!;
        try
        {
            return state.Callback(item);
        }
        catch (Exception e)
        {
            state.Failure ??= ExceptionDispatchInfo.Capture(e);
            return -1;
        }
    }

    [UnmanagedCallersOnly]
    private static void Complete(void* user, int result)
    {
        GCHandle handle = GCHandle.FromIntPtr((nint)user);
        var completion = (TaskCompletionSource<int>)handle.Target!;
        handle.Free();
        completion.TrySetResult(result);
    }

    [LibraryImport("rtest", EntryPoint = "rtest_call_until")]
    private static partial int RawCallUntil(int n, delegate* unmanaged<void*, int, int> callback, void* user);

    [LibraryImport("rtest", EntryPoint = "rtest_sum_map")]
    private static partial long RawSumMap(int* items, nuint length, delegate* unmanaged<void*, int, int> map, void* user);

    [LibraryImport("rtest", EntryPoint = "rtest_add_async")]
    private static partial void RawAddAsync(int a, int b, int delayMs, delegate* unmanaged<void*, int, void> done, void* user);

    private sealed class CallState(Func<int, int> callback)
    {
        public Func<int, int> Callback { get; } = callback;

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
