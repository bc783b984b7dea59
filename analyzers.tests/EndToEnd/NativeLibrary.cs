using System.Runtime.InteropServices;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The test library's functions, once per language, so every test runs against Rust and Go alike through the
/// generated stubs. Each override is a one-line forward to the generated boundary.
/// </summary>
public abstract class NativeLibrary
{
    public abstract string Language { get; }

    /// <summary>Called first on every thread a test starts (see README, "Go in a .NET process").</summary>
    public virtual void PrepareThread()
    {
    }

    public abstract sbyte AddI8(sbyte a, sbyte b);
    public abstract byte AddU8(byte a, byte b);
    public abstract short AddI16(short a, short b);
    public abstract ushort AddU16(ushort a, ushort b);
    public abstract int AddI32(int a, int b);
    public abstract uint AddU32(uint a, uint b);
    public abstract long AddI64(long a, long b);
    public abstract ulong AddU64(ulong a, ulong b);
    public abstract nint AddIsize(nint a, nint b);
    public abstract nuint AddUsize(nuint a, nuint b);
    public abstract float AddF32(float a, float b);
    public abstract double AddF64(double a, double b);
    public abstract bool Not(bool b);
    public abstract byte BoolByte(bool b);
    public abstract bool And3(bool a, bool b, bool c);
    public abstract Color NextColor(Color c);
    public abstract Shade DoubleShade(Shade s);
    public abstract void Noop();
    public abstract Vec3 Vec3Scale(Vec3 v, double k);
    public abstract double Vec3Dot(Vec3 a, Vec3 b);
    public abstract Mixed MixedStep(Mixed m);
    public abstract double SegmentLength(Segment s);
    public abstract bool Divmod(int a, int b, out int quot, out int rem);
    public abstract void Increment(ref long v, long by);
    public abstract void Flip(ref bool b);
    public abstract void Vec3Normalize(ref Vec3 v);
    public abstract void MakeVec3(double x, double y, double z, out Vec3 result);
    public abstract SafeHandle CounterNew(long start);
    public abstract long CounterAdd(SafeHandle c, long delta);
    public abstract long CounterGet(SafeHandle c);
    public abstract long CounterIntoValue(SafeHandle c);
    public abstract long CounterMerge(SafeHandle into, SafeHandle from);
    public abstract SafeHandle CounterGlobal();
    public abstract long LiveCounters();
    public abstract long ReleasedTotal();
    public abstract long BadReleases();
    public abstract long BadUses();
    public abstract SafeHandle NullCounter();
    public abstract long Utf8Len(string s);
    public abstract long Utf8LenOrNull(string? s);
    public abstract ulong Utf8Checksum(string s);
    public abstract long CstrLen(string s);
    public abstract long CstrLenOrNull(string? s);
    public abstract ulong CstrChecksum(string s);
}

public sealed class RustLibrary : NativeLibrary
{
    public override string Language => "Rust";
    public override sbyte AddI8(sbyte a, sbyte b) => RustLib.AddI8(a, b);
    public override byte AddU8(byte a, byte b) => RustLib.AddU8(a, b);
    public override short AddI16(short a, short b) => RustLib.AddI16(a, b);
    public override ushort AddU16(ushort a, ushort b) => RustLib.AddU16(a, b);
    public override int AddI32(int a, int b) => RustLib.AddI32(a, b);
    public override uint AddU32(uint a, uint b) => RustLib.AddU32(a, b);
    public override long AddI64(long a, long b) => RustLib.AddI64(a, b);
    public override ulong AddU64(ulong a, ulong b) => RustLib.AddU64(a, b);
    public override nint AddIsize(nint a, nint b) => RustLib.AddIsize(a, b);
    public override nuint AddUsize(nuint a, nuint b) => RustLib.AddUsize(a, b);
    public override float AddF32(float a, float b) => RustLib.AddF32(a, b);
    public override double AddF64(double a, double b) => RustLib.AddF64(a, b);
    public override bool Not(bool b) => RustLib.Not(b);
    public override byte BoolByte(bool b) => RustLib.BoolByte(b);
    public override bool And3(bool a, bool b, bool c) => RustLib.And3(a, b, c);
    public override Color NextColor(Color c) => RustLib.NextColor(c);
    public override Shade DoubleShade(Shade s) => RustLib.DoubleShade(s);
    public override void Noop() => RustLib.Noop();
    public override Vec3 Vec3Scale(Vec3 v, double k) => RustLib.Vec3Scale(v, k);
    public override double Vec3Dot(Vec3 a, Vec3 b) => RustLib.Vec3Dot(a, b);
    public override Mixed MixedStep(Mixed m) => RustLib.MixedStep(m);
    public override double SegmentLength(Segment s) => RustLib.SegmentLength(s);
    public override bool Divmod(int a, int b, out int quot, out int rem) => RustLib.Divmod(a, b, out quot, out rem);
    public override void Increment(ref long v, long by) => RustLib.Increment(ref v, by);
    public override void Flip(ref bool b) => RustLib.Flip(ref b);
    public override void Vec3Normalize(ref Vec3 v) => RustLib.Vec3Normalize(ref v);
    public override void MakeVec3(double x, double y, double z, out Vec3 result) => RustLib.MakeVec3(x, y, z, out result);
    public override SafeHandle CounterNew(long start) => RustLib.CounterNew(start);
    public override long CounterAdd(SafeHandle c, long delta) => RustLib.CounterAdd((RustCounter)c, delta);
    public override long CounterGet(SafeHandle c) => RustLib.CounterGet((RustCounter)c);
    public override long CounterIntoValue(SafeHandle c) => RustLib.CounterIntoValue((RustCounter)c);
    public override long CounterMerge(SafeHandle into, SafeHandle from) => RustLib.CounterMerge((RustCounter)into, (RustCounter)from);
    public override SafeHandle CounterGlobal() => RustLib.CounterGlobal();
    public override long LiveCounters() => RustLib.LiveCounters();
    public override long ReleasedTotal() => RustLib.ReleasedTotal();
    public override long BadReleases() => RustLib.BadReleases();
    public override long BadUses() => RustLib.BadUses();
    public override SafeHandle NullCounter() => null!;
    public override long Utf8Len(string s) => RustLib.Utf8Len(s);
    public override long Utf8LenOrNull(string? s) => RustLib.Utf8LenOrNull(s);
    public override ulong Utf8Checksum(string s) => RustLib.Utf8Checksum(s);
    public override long CstrLen(string s) => RustCStr.CstrLen(s);
    public override long CstrLenOrNull(string? s) => RustCStr.CstrLenOrNull(s);
    public override ulong CstrChecksum(string s) => RustCStr.CstrChecksum(s);
}

public sealed class GoLibrary : NativeLibrary
{
    public override string Language => "Go";
    public override void PrepareThread() => Boundary.Interop.GoThread.EnsurePrepared();
    public override sbyte AddI8(sbyte a, sbyte b) => GoLib.AddI8(a, b);
    public override byte AddU8(byte a, byte b) => GoLib.AddU8(a, b);
    public override short AddI16(short a, short b) => GoLib.AddI16(a, b);
    public override ushort AddU16(ushort a, ushort b) => GoLib.AddU16(a, b);
    public override int AddI32(int a, int b) => GoLib.AddI32(a, b);
    public override uint AddU32(uint a, uint b) => GoLib.AddU32(a, b);
    public override long AddI64(long a, long b) => GoLib.AddI64(a, b);
    public override ulong AddU64(ulong a, ulong b) => GoLib.AddU64(a, b);
    public override nint AddIsize(nint a, nint b) => GoLib.AddIsize(a, b);
    public override nuint AddUsize(nuint a, nuint b) => GoLib.AddUsize(a, b);
    public override float AddF32(float a, float b) => GoLib.AddF32(a, b);
    public override double AddF64(double a, double b) => GoLib.AddF64(a, b);
    public override bool Not(bool b) => GoLib.Not(b);
    public override byte BoolByte(bool b) => GoLib.BoolByte(b);
    public override bool And3(bool a, bool b, bool c) => GoLib.And3(a, b, c);
    public override Color NextColor(Color c) => GoLib.NextColor(c);
    public override Shade DoubleShade(Shade s) => GoLib.DoubleShade(s);
    public override void Noop() => GoLib.Noop();
    public override Vec3 Vec3Scale(Vec3 v, double k) => GoLib.Vec3Scale(v, k);
    public override double Vec3Dot(Vec3 a, Vec3 b) => GoLib.Vec3Dot(a, b);
    public override Mixed MixedStep(Mixed m) => GoLib.MixedStep(m);
    public override double SegmentLength(Segment s) => GoLib.SegmentLength(s);
    public override bool Divmod(int a, int b, out int quot, out int rem) => GoLib.Divmod(a, b, out quot, out rem);
    public override void Increment(ref long v, long by) => GoLib.Increment(ref v, by);
    public override void Flip(ref bool b) => GoLib.Flip(ref b);
    public override void Vec3Normalize(ref Vec3 v) => GoLib.Vec3Normalize(ref v);
    public override void MakeVec3(double x, double y, double z, out Vec3 result) => GoLib.MakeVec3(x, y, z, out result);
    public override SafeHandle CounterNew(long start) => GoLib.CounterNew(start);
    public override long CounterAdd(SafeHandle c, long delta) => GoLib.CounterAdd((GoCounter)c, delta);
    public override long CounterGet(SafeHandle c) => GoLib.CounterGet((GoCounter)c);
    public override long CounterIntoValue(SafeHandle c) => GoLib.CounterIntoValue((GoCounter)c);
    public override long CounterMerge(SafeHandle into, SafeHandle from) => GoLib.CounterMerge((GoCounter)into, (GoCounter)from);
    public override SafeHandle CounterGlobal() => GoLib.CounterGlobal();
    public override long LiveCounters() => GoLib.LiveCounters();
    public override long ReleasedTotal() => GoLib.ReleasedTotal();
    public override long BadReleases() => GoLib.BadReleases();
    public override long BadUses() => GoLib.BadUses();
    public override SafeHandle NullCounter() => null!;
    public override long Utf8Len(string s) => GoLib.Utf8Len(s);
    public override long Utf8LenOrNull(string? s) => GoLib.Utf8LenOrNull(s);
    public override ulong Utf8Checksum(string s) => GoLib.Utf8Checksum(s);
    public override long CstrLen(string s) => GoCStr.CstrLen(s);
    public override long CstrLenOrNull(string? s) => GoCStr.CstrLenOrNull(s);
    public override ulong CstrChecksum(string s) => GoCStr.CstrChecksum(s);
}
