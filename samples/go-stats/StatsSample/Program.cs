using Boundary;
using StatsSample;

// Request latencies (ms) from two servers, accumulated in Go on many .NET threads at once.
double[] serverA = [12.5, 14.1, 9.8, 30.2, 11.0, 13.3, 95.0, 10.4];
double[] serverB = [8.2, 7.9, 15.5, 9.1, 120.4, 8.8];

using Accumulator a = Stats.Create();
Accumulator b = Stats.Create();
Parallel.ForEach(serverA, x => Stats.Add(a, x));
Parallel.ForEach(serverB, x => Stats.Add(b, x));
Console.WriteLine($"server A: {Stats.Count(a)} samples, server B: {Stats.Count(b)} samples, live Go accumulators: {Stats.Live()}");

ulong merged = Stats.Absorb(a, b); // Go now owns and releases `b`.
Console.WriteLine($"merged: {merged} samples, live Go accumulators: {Stats.Live()}");

if (Stats.Summary(a, out Summary s))
{
    Console.WriteLine($"min {s.Min:F1} ms, max {s.Max:F1} ms, mean {s.Mean:F2} ms, stddev {s.StdDev:F2} ms");
}

Console.WriteLine($"p50 {Stats.Percentile(a, 50):F2} ms, p95 {Stats.Percentile(a, 95):F2} ms");

// Strings, spans, buffers and Go errors.
Stats.AddAll(a, [10.0, 11.5, 12.25]);
Console.WriteLine($"{Stats.Version()}: {Stats.Describe(a)}");
using (NativeBuffer<double> sorted = Stats.Sorted(a))
{
    Console.WriteLine($"fastest three: {string.Join(", ", sorted.Span[..3].ToArray())} ms (of {sorted.Length}, sorted in Go memory)");
}

try
{
    Stats.PercentileChecked(a, 120);
}
catch (ForeignException e)
{
    Console.WriteLine($"Go error: {e.Message}");
}

// Callbacks: Go calls the lambdas with each sample, during the call.
int[] histogram = new int[3];
ulong visited = Stats.Each(a, x => histogram[x < 10 ? 0 : x < 20 ? 1 : 2]++);
Console.WriteLine($"histogram of the {visited} samples Go passed to C#: <10 ms: {histogram[0]}, 10-20 ms: {histogram[1]}, >=20 ms: {histogram[2]}; over 100 ms: {Stats.CountIf(a, x => x > 100)}");

// Async: the bootstrap runs on a goroutine; its done callback completes the task.
double stderr95 = await Stats.BootstrapAsync(a, 95, resamples: 2_000, CancellationToken.None);
Console.WriteLine($"p95 {Stats.Percentile(a, 95):F2} ms, bootstrap standard error {stderr95:F2} ms (2,000 resamples on a goroutine)");

// Cancellation: 100 million resamples would take many seconds; after 50 ms the token calls stats_cancel, the goroutine
// sees its context cancelled and completes, and the task ends cancelled.
using (var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
{
    try
    {
        Console.WriteLine($"not cancelled: {await Stats.BootstrapAsync(a, 95, resamples: 100_000_000, timeout.Token)}");
    }
    catch (OperationCanceledException e)
    {
        Console.WriteLine($"100,000,000 resamples, cancelled after 50 ms: {e.GetType().Name}: {e.Message} (pending Go operations: {Stats.Pending()})");
    }
}

// A retained callback: Go keeps calling the delegate after OnNewMax returned, until the subscription is disposed.
var maxima = new List<double>();
using (MaxSubscription subscription = Stats.OnNewMax(a, maxima.Add))
{
    Stats.AddAll(a, [99.5, 130.0, 125.0, 142.7]);
}
Stats.Add(a, 500);
Console.WriteLine($"new maxima Go reported while subscribed: {string.Join(", ", maxima)} ms (500 ms, added after dispose, was not)");

a.Dispose();
Console.WriteLine($"live Go accumulators after dispose: {Stats.Live()}");
