using System.Diagnostics;
using System.Runtime.InteropServices;
using Boundary;

// Usage: GoStress <generated|raw> [seconds] [threads]
string mode = args.Length > 0 ? args[0] : "generated";
double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
int threads = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
Action call = mode switch
{
    "generated" => GoTest.Noop,
    "raw" => Raw.Noop,
    _ => throw new ArgumentException($"unknown mode '{mode}': use 'generated' or 'raw'"),
};

// A Stopwatch deadline, not a timer: a timer thread would run managed code on .NET's small alternate signal stack,
// which no per-call guarantee can reach (see the README, "Go in a .NET process").
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
bool Stopped() => clock.Elapsed >= deadline;
long calls = 0;
long collections = 0;
var callers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
{
    long local = 0;
    while (!Stopped())
    {
        for (int i = 0; i < 1000; i++)
        {
            call();
        }

        local += 1000;
    }

    Interlocked.Add(ref calls, local);
})).ToList();
var collector = new Thread(() =>
{
    while (!Stopped())
    {
        GC.Collect();
        collections++;
    }
});

callers.ForEach(t => t.Start());
collector.Start();
callers.ForEach(t => t.Join());
collector.Join();
Console.WriteLine($"survived mode={mode} threads={threads} seconds={clock.Elapsed.TotalSeconds:F1} go_calls={calls} gcs={collections}");
return 0;

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static partial class GoTest
{
    public static partial void Noop();
}

internal static class Raw
{
    [DllImport("gotest", EntryPoint = "gotest_noop", ExactSpelling = true)]
    public static extern void Noop();
}
