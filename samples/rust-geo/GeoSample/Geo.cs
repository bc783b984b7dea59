using System.Runtime.InteropServices;
using Boundary;

namespace GeoSample;

/// <summary>A point on Earth; the same layout as the Rust <c>#[repr(C)] struct LatLon</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct LatLon(double Lat, double Lon);

/// <summary>A Rust <c>GeoIndex</c>, owned by .NET and freed with <c>geo_index_free</c>.</summary>
[ForeignHandle(Release = "geo_index_free")]
public sealed partial class GeoIndex;

/// <summary>The Rust library in ../native. Each method calls <c>geo_</c> + its snake_case name.</summary>
[ForeignBoundary("geo", Language = ForeignLanguage.Rust)]
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
}
