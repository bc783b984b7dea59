using System.Runtime.InteropServices;
using Boundary;

namespace GeoSample;

/// <summary>A point on Earth; the same layout as the Rust <c>#[repr(C)] struct LatLon</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct LatLon(double Lat, double Lon);

/// <summary>Two points by id and the distance between them; the same layout as the Rust <c>#[repr(C)] struct PointPair</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct PointPair(ulong A, ulong B, double DistanceKm);

/// <summary>Called by Rust for each point of a walk: return true to go on, false to stop.</summary>
public delegate bool PointVisitor(ulong id, LatLon point);

/// <summary>A Rust <c>GeoIndex</c>, owned by .NET and freed with <c>geo_index_free</c>.</summary>
[ForeignHandle(Release = "geo_index_free")]
public sealed partial class GeoIndex;

/// <summary>The Rust library's error codes (status codes of <c>boundary_ffi::status</c>).</summary>
[ForeignErrors]
public enum GeoError
{
    Ok = 0,
    [ThrowsAs(typeof(KeyNotFoundException))] NotFound = 1,
    [ThrowsAs(typeof(FormatException))] InvalidArgument = 2,
    Cancelled = 3, // an async operation stopped by geo_cancel: its task ends cancelled, never with this error
    [ForeignPanic] Panic = 99,
}

/// <summary>The Rust library in ../native. Each method calls <c>geo_</c> + its snake_case name.</summary>
[ForeignBoundary("geo", Language = ForeignLanguage.Rust, Errors = typeof(GeoError), Cancel = "geo_cancel")]
internal static partial class Geo
{
    public static partial double DistanceKm(LatLon a, LatLon b);

    public static partial GeoIndex IndexNew(uint capacityHint);

    public static partial void IndexInsert(GeoIndex index, ulong id, LatLon point);

    public static partial ulong IndexLen(GeoIndex index);

    public static partial bool IndexNearest(GeoIndex index, LatLon query, out ulong id, out double distanceKm);

    public static partial uint IndexWithin(GeoIndex index, LatLon center, double radiusKm);

    /// <summary>Moves every point of <paramref name="from"/> into <paramref name="into"/>; Rust frees <paramref name="from"/>.</summary>
    public static partial ulong IndexAbsorb(GeoIndex into, [Consumed] GeoIndex from);

    [ForeignFunction("geo_live_indexes")]
    public static partial long LiveIndexes();

    /// <summary>An owned Rust <c>CString</c>, freed by the stub with <c>geo_string_free</c>.</summary>
    public static partial string Describe(GeoIndex index);

    /// <summary>A static Rust string: copied, never freed.</summary>
    [return: Borrowed]
    public static partial string Version();

    /// <summary>Status code + last error: an unknown id throws <see cref="KeyNotFoundException"/>.</summary>
    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)]
    public static partial LatLon IndexGet(GeoIndex index, ulong id);

    /// <summary>Parses "lat,lon"; bad text throws <see cref="FormatException"/> with Rust's message.</summary>
    [ForeignFunction("geo_parse_latlon", ErrorShape = ForeignErrorShape.StatusCode)]
    public static partial LatLon ParseLatLon(string text);

    /// <summary>Every id, in a Rust-allocated buffer that the NativeBuffer frees with <c>geo_buffer_free</c>.</summary>
    public static partial NativeBuffer<ulong> IndexIds(GeoIndex index);

    /// <summary>Inserts the points (a span, pinned for the call) with ids from <paramref name="firstId"/>; returns the new length.</summary>
    public static partial ulong IndexExtend(GeoIndex index, ulong firstId, ReadOnlySpan<LatLon> points);

    /// <summary>
    /// Rust calls <paramref name="visit"/> for each point, in insertion order, until it returns false; returns how many
    /// calls it made. A visitor that throws answers false (the walk stops) and the exception is rethrown here.
    /// </summary>
    public static partial ulong IndexForEach(GeoIndex index, [CallbackFailure(false)] PointVisitor visit);

    /// <summary>
    /// The two points farthest apart, found by brute force (every pair) on a Rust worker thread. Rust copies the points
    /// before the call returns. Cancelling the token calls <c>geo_cancel</c>; the worker notices between rows.
    /// Fewer than two points throws <see cref="KeyNotFoundException"/>.
    /// </summary>
    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)]
    public static partial Task<PointPair> IndexFarthestPairAsync(GeoIndex index, CancellationToken cancellationToken);

    [ForeignFunction("geo_pending_operations")]
    public static partial long PendingOperations();
}
