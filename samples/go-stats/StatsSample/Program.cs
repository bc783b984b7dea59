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

a.Dispose();
Console.WriteLine($"live Go accumulators after dispose: {Stats.Live()}");
