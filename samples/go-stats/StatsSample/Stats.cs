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

    /// <summary>An owned Go string (<c>C.CString</c>), freed by the stub with <c>stats_string_free</c>.</summary>
    public static partial string Describe(Accumulator accumulator);

    /// <summary>A static Go string the library keeps: copied, never freed.</summary>
    [return: Borrowed]
    public static partial string Version();

    /// <summary>A span, pinned for the call: Go reads it in place.</summary>
    public static partial void AddAll(Accumulator accumulator, ReadOnlySpan<double> values);

    /// <summary>Go's <c>(float64, error)</c>: the error becomes a <see cref="ForeignException"/>.</summary>
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)]
    public static partial double PercentileChecked(Accumulator accumulator, double p);

    /// <summary>A Go-allocated copy of all values, sorted; the NativeBuffer frees it with <c>stats_buffer_free</c>.</summary>
    public static partial NativeBuffer<double> Sorted(Accumulator accumulator);
}
