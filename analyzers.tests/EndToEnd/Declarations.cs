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

/// <summary>A Rust Counter: a Box pointer.</summary>
[ForeignHandle(Release = "rtest_counter_free")]
public sealed partial class RustCounter;

/// <summary>A Go Counter: a cgo.Handle.</summary>
[ForeignHandle(Release = "gotest_counter_free")]
public sealed partial class GoCounter;

[ForeignBoundary("rtest", Language = ForeignLanguage.Rust)]
internal static partial class RustLib
{
    public static partial long Utf8Len(string s);
    [ForeignFunction("rtest_utf8_len")] public static partial long Utf8LenOrNull(string? s);
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
    [ForeignFunction("rtest_bool_byte")] public static partial byte BoolByte(bool b);
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

    public static partial RustCounter CounterNew(long start);
    public static partial long CounterAdd(RustCounter c, long delta);
    public static partial long CounterGet(RustCounter c);
    public static partial long CounterIntoValue([Consumed] RustCounter c);
    public static partial long CounterMerge(RustCounter into, [Consumed] RustCounter from);
    [return: Borrowed] public static partial RustCounter CounterGlobal();
    public static partial long LiveCounters();
    public static partial long ReleasedTotal();
    public static partial long BadReleases();
    public static partial long BadUses();
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static partial class GoLib
{
    public static partial long Utf8Len(string s);
    [ForeignFunction("gotest_utf8_len")] public static partial long Utf8LenOrNull(string? s);
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
    [ForeignFunction("gotest_bool_byte")] public static partial byte BoolByte(bool b);
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

    public static partial GoCounter CounterNew(long start);
    public static partial long CounterAdd(GoCounter c, long delta);
    public static partial long CounterGet(GoCounter c);
    public static partial long CounterIntoValue([Consumed] GoCounter c);
    public static partial long CounterMerge(GoCounter into, [Consumed] GoCounter from);
    [return: Borrowed] public static partial GoCounter CounterGlobal();
    public static partial long LiveCounters();
    public static partial long ReleasedTotal();
    public static partial long BadReleases();
    public static partial long BadUses();
}

[ForeignBoundary("rtest", Language = ForeignLanguage.Rust, Strings = ForeignStrings.NulTerminated)]
internal static partial class RustCStr
{
    public static partial long CstrLen(string s);
    [ForeignFunction("rtest_cstr_len")] public static partial long CstrLenOrNull(string? s);
    public static partial ulong CstrChecksum(string s);
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go, Strings = ForeignStrings.NulTerminated)]
internal static partial class GoCStr
{
    public static partial long CstrLen(string s);
    [ForeignFunction("gotest_cstr_len")] public static partial long CstrLenOrNull(string? s);
    public static partial ulong CstrChecksum(string s);
}
