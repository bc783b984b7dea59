using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Boundary;

namespace Snapshots.Errors;

[StructLayout(LayoutKind.Sequential)]
public struct Point
{
    public double X;
    public double Y;
}

[ForeignHandle(Release = "geo_index_free")]
public sealed partial class GeoIndex;

[ForeignErrors]
public enum GeoError
{
    Ok = 0,
    [ThrowsAs(typeof(KeyNotFoundException))] NotFound = 1,
    [ThrowsAs(typeof(ArgumentException))] InvalidArgument = 2,
    Io = 3,
    [ForeignPanic] Panic = 99,
}

[ForeignBoundary("geo", Errors = typeof(GeoError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class Geo
{
    public static partial GeoIndex IndexNew(int capacity);
    public static partial void Insert(GeoIndex index, ReadOnlySpan<byte> key, Point point);
    public static partial string Describe(GeoIndex index);
    public static partial string? Lookup(GeoIndex index, string key);
    public static partial NativeBuffer<ulong> Ids(GeoIndex index);
    public static partial Point[] Points(GeoIndex index);
    public static partial bool Contains(GeoIndex index, Point point);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    [return: Borrowed]
    public static partial string Version();

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial void Fill(Span<int> values, int start);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    [return: Borrowed]
    public static partial ReadOnlySpan<int> Primes();

    [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)]
    public static partial int Divide(int a, int b);
}

[ForeignBoundary("stats", Language = ForeignLanguage.Go, Errors = typeof(GeoError), ErrorShape = ForeignErrorShape.GoErrorWithCode, Strings = ForeignStrings.NulTerminated)]
internal static partial class Stats
{
    public static partial double Percentile(double p);
    public static partial void Check(int x);

    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)]
    public static partial string Greet(string name);

    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)]
    public static partial void Validate(int x);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial NativeBuffer<double> Sorted();
}

[ForeignBoundary("raw", ErrorShape = ForeignErrorShape.StatusCode, LastError = "")]
internal static partial class Raw
{
#pragma warning disable BND3001 // this boundary deliberately has no error enum: codes stay raw integers
    public static partial long Count();
#pragma warning restore BND3001
}
