using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Boundary;

[assembly: DisableRuntimeMarshalling]

namespace BoundaryAnalyzers.EndToEnd;

public enum Color
{
    Red,
    Green,
    Blue,
}

public enum Shade : byte
{
    Light = 1,
    Dark = 2,
}

[StructLayout(LayoutKind.Sequential)]
public struct Vec3
{
    public double X;
    public double Y;
    public double Z;

    public Vec3(double x, double y, double z) => (X, Y, Z) = (x, y, z);
}

[StructLayout(LayoutKind.Sequential)]
public struct Mixed
{
    public byte Tag;
    public int Value;
    public short Small;
    public long Big;
    public byte Flag;
}

[StructLayout(LayoutKind.Sequential)]
public struct Segment
{
    public Vec3 A;
    public Vec3 B;
    public uint Id;
}

/// <summary>The test library's Counter: a Box pointer in Rust, a cgo.Handle in Go.</summary>
[ForeignHandle(Release = Target.Prefix + "counter_free")]
public sealed partial class Counter;

/// <summary>Values, handles and UTF-8 slices: "Values", "By reference", "Handles" and "Strings" of docs/design/native-test-abi.md.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static partial class Lib
{
    public static partial long Utf8Len(string s);
    [ForeignFunction(Target.Prefix + "utf8_len")] public static partial long Utf8LenOrNull(string? s);
    public static partial ulong Utf8Checksum(string s);

    public static partial sbyte AddI8(sbyte a, sbyte b);
    public static partial byte AddU8(byte a, byte b);
    public static partial short AddI16(short a, short b);
    public static partial ushort AddU16(ushort a, ushort b);
    public static partial int AddI32(int a, int b);
    public static partial uint AddU32(uint a, uint b);
    public static partial long AddI64(long a, long b);
    public static partial ulong AddU64(ulong a, ulong b);
    public static partial nint AddIsize(nint a, nint b);
    public static partial nuint AddUsize(nuint a, nuint b);
    public static partial float AddF32(float a, float b);
    public static partial double AddF64(double a, double b);
    public static partial bool Not(bool b);
    [ForeignFunction(Target.Prefix + "bool_byte")] public static partial byte BoolByte(bool b);
    public static partial bool And3(bool a, bool b, bool c);
    public static partial Color NextColor(Color c);
    public static partial Shade DoubleShade(Shade s);
    public static partial void Noop();

    public static partial Vec3 Vec3Scale(Vec3 v, double k);
    public static partial double Vec3Dot(Vec3 a, Vec3 b);
    public static partial Mixed MixedStep(Mixed m);
    public static partial double SegmentLength(Segment s);

    public static partial bool Divmod(int a, int b, out int quot, out int rem);
    public static partial void Increment(ref long v, long by);
    public static partial void Flip(ref bool b);
    public static partial void Vec3Normalize(ref Vec3 v);
    public static partial void MakeVec3(double x, double y, double z, out Vec3 result);

    public static partial Counter CounterNew(long start);
    public static partial long CounterAdd(Counter c, long delta);
    public static partial long CounterGet(Counter c);
    public static partial long CounterIntoValue([Consumed] Counter c);
    public static partial long CounterMerge(Counter into, [Consumed] Counter from);
    [return: Borrowed] public static partial Counter CounterGlobal();
    public static partial long LiveCounters();
    public static partial long ReleasedTotal();
    public static partial long BadReleases();
    public static partial long BadUses();
}

/// <summary>The same library's NUL-terminated string functions.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Strings = ForeignStrings.NulTerminated)]
internal static partial class CStr
{
    public static partial long CstrLen(string s);
    [ForeignFunction(Target.Prefix + "cstr_len")] public static partial long CstrLenOrNull(string? s);
    public static partial ulong CstrChecksum(string s);
}
