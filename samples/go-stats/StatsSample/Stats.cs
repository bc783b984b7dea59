using System.Runtime.InteropServices;
using Boundary;

namespace StatsSample;

/// <summary>The same layout as the C struct <c>Summary</c> in the Go library's cgo preamble.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Summary
{
    public ulong Count;
    public double Min;
    public double Max;
    public double Mean;
    public double StdDev;
}

/// <summary>A Go accumulator behind a <c>cgo.Handle</c>, released with <c>stats_free</c>.</summary>
[ForeignHandle(Release = "stats_free")]
public sealed partial class Accumulator;

/// <summary>The Go library in ../native. Every call is made safe for the Go runtime by the generated stub.</summary>
[ForeignBoundary("stats", Language = ForeignLanguage.Go)]
internal static partial class Stats
{
    [ForeignFunction("stats_new")]
    public static partial Accumulator Create();

    public static partial void Add(Accumulator accumulator, double x);

    public static partial ulong Count(Accumulator accumulator);

    public static partial bool Summary(Accumulator accumulator, out Summary summary);

    public static partial double Percentile(Accumulator accumulator, double p);

    /// <summary>Merges <paramref name="from"/> into <paramref name="into"/>; Go releases <paramref name="from"/>.</summary>
    public static partial ulong Absorb(Accumulator into, [Consumed] Accumulator from);

    public static partial long Live();
}
