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

var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
long calls = 0;
long collections = 0;
var callers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
{
    long local = 0;
    while (!stop.IsCancellationRequested)
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
    while (!stop.IsCancellationRequested)
    {
        GC.Collect();
        collections++;
    }
});

var clock = Stopwatch.StartNew();
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
