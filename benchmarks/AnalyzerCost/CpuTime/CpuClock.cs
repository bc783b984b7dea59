using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace AnalyzerCpuTime;

/// <summary>
/// CPU time the current thread has used, summed over timed callbacks that may run on many threads (Linux). Reading the
/// thread's clock is a system call, not free next to a callback that only checks a flag: <see cref="Seconds"/> is net of
/// what the readings themselves cost (<see cref="Calibrate"/>), or it would charge an analyzer called for every
/// invocation in the project with tens of milliseconds of clock reading.
/// </summary>
internal sealed class CpuClock
{
    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    private static long overheadPerCall;

    private long nanoseconds;
    private long calls;
    private long bytes;

    public double Seconds => Math.Max(0, Interlocked.Read(ref nanoseconds) - (Interlocked.Read(ref calls) * overheadPerCall)) / 1e9;

    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Whose callbacks these are (for <see cref="AllocationTypes"/>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Bytes the timed callbacks allocated (on their own threads): what they add to the build's garbage collections.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>Measures what timing an empty callback costs (the smallest of several rounds, so preemption does not inflate it).</summary>
    public static void Calibrate()
    {
        long best = long.MaxValue;
        for (int round = 0; round < 20; round++)
        {
            var clock = new CpuClock();
            const int Calls = 2000;
            for (int i = 0; i < Calls; i++)
            {
                clock.Time(static () => { });
            }

            best = Math.Min(best, clock.nanoseconds / Calls);
        }

        overheadPerCall = best;
    }

    public static double OverheadMicroseconds => overheadPerCall / 1e3;

    public void Reset()
    {
        Interlocked.Exchange(ref nanoseconds, 0);
        Interlocked.Exchange(ref calls, 0);
        Interlocked.Exchange(ref bytes, 0);
    }

    public void Time(Action action)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        DateTime started = AllocationTypes.Current is null ? default : DateTime.UtcNow;
        long start = Now();
        try
        {
            action();
        }
        finally
        {
            Interlocked.Add(ref nanoseconds, Now() - start);
            Interlocked.Add(ref bytes, GC.GetAllocatedBytesForCurrentThread() - allocated);
            Interlocked.Increment(ref calls);
            AllocationTypes.Current?.Callback(Name, started);
        }
    }

    public Action<T> Wrap<T>(Action<T> action) => argument => Time(() => action(argument));

    private static long Now()
    {
        if (NativeMethods.clock_gettime(ThreadCpuTime, out Timespec now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: this measurement needs Linux");
        }

        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int clock_gettime(int clock, out Timespec time);
    }
}
