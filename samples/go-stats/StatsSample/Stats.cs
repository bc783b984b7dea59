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

/// <summary>A subscription to an accumulator's new maxima; disposing it calls <c>stats_unsubscribe</c>, after which Go never calls its delegate again.</summary>
[ForeignHandle(Release = "stats_unsubscribe")]
public sealed partial class MaxSubscription;

/// <summary>The Go library in ../native. Every call is made safe for the Go runtime by the generated stub.</summary>
[ForeignBoundary("stats", Language = ForeignLanguage.Go, Cancel = "stats_cancel")]
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

    /// <summary>Go calls <paramref name="visit"/> with every sample (through <c>boundary.Call</c>); returns how many.</summary>
    public static partial ulong Each(Accumulator accumulator, Action<double> visit);

    /// <summary>Counts the samples <paramref name="predicate"/> accepts; Go calls it through a cgo trampoline of its own.</summary>
    public static partial ulong CountIf(Accumulator accumulator, Func<double, bool> predicate);

    /// <summary>
    /// The bootstrap standard error of the <paramref name="p"/>-th percentile from <paramref name="resamples"/> resamples,
    /// computed on a goroutine over a copy of the samples taken before the call returns. Cancelling the token calls
    /// <c>stats_cancel</c>, which cancels the operation's <c>context.Context</c>. Go's error becomes a
    /// <see cref="ForeignException"/>, as for <see cref="PercentileChecked"/>.
    /// </summary>
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)]
    public static partial Task<double> BootstrapAsync(Accumulator accumulator, double p, int resamples, CancellationToken cancellationToken);

    /// <summary>
    /// Go calls <paramref name="onNewMax"/> with each sample greater than all before it, on the thread that added it,
    /// until the returned subscription is disposed: the delegate is retained by the subscription, not by the call.
    /// </summary>
    public static partial MaxSubscription OnNewMax(Accumulator accumulator, [Retained] Action<double> onNewMax);

    /// <summary>Async operations started and not yet completed.</summary>
    public static partial long Pending();
}
