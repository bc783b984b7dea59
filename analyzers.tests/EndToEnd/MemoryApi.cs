using System.Runtime.InteropServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>Returned strings, spans, buffers and the three error shapes, once per language (one-line forwards).</summary>
public abstract class MemoryApi
{
    public abstract string Language { get; }
    public virtual void PrepareThread()
    {
    }

    public abstract string Greet(string name);
    public abstract string StringRepeat(string s, int n);
    public abstract string StringEmpty();
    public abstract string StringInvalidUtf8();
    public abstract string StringNull();
    public abstract string? StringNullOrNull();
    public abstract string Version();
    public abstract long LiveStrings();
    public abstract long BadStringFrees();
    public abstract long SumI32(ReadOnlySpan<int> values);
    public abstract double SumF64(ReadOnlySpan<double> values);
    public abstract void FillI32(Span<int> values, int start);
    public abstract Vec3 Vec3Sum(ReadOnlySpan<Vec3> values);
    public abstract NativeBuffer<int> RangeI32(int start, int count);
    public abstract int[] RangeI32Copy(int start, int count);
    public abstract NativeBuffer<byte> BytesRepeat(byte b, nuint n);
    public abstract NativeBuffer<Vec3> Vec3Buffer(int n);
    public abstract NativeBuffer<int> BufferBadLen();
    public abstract int[] BufferBadLenCopy();
    public abstract NativeBuffer<int> BufferNullLen();
    public abstract ReadOnlySpan<int> StaticPrimes();
    public abstract int[] StaticPrimesCopy();
    public abstract long LiveBuffers();
    public abstract long BadBufferFrees();
    public abstract long LiveCounters();
    public abstract int CheckedDiv(int a, int b);
    public abstract string Lookup(string key);
    public abstract SafeHandle CheckedCounter(long start);
    public abstract int[] CheckedRange(int n);
    public abstract void FailIo();
    public abstract void FailSilent();
    public abstract int StatusPanic(int x);
    public abstract int GoDiv(int a, int b);
    public abstract void GoCheck(int x);
    public abstract string GoGreet(string name);
    public abstract SafeHandle GoCounter(long start);
    public abstract int GoPanic(int x);
    public abstract int GoDivCode(int a, int b);
    public abstract void GoCheckCode(int x);
    public abstract int GoPanicCode(int x);
    public abstract int OeDiv(int a, int b);
    public abstract string OeGreet(string name);
    public abstract void OeCheck(int x);
    public abstract int OePanic(int x);
    public abstract long LiveErrors();
    public abstract long BadErrorFrees();
}

public sealed class RustMemoryApi : MemoryApi
{
    public override string Language => "Rust";
    public override string Greet(string name) => RustMemory.Greet(name);
    public override string StringRepeat(string s, int n) => RustMemory.StringRepeat(s, n);
    public override string StringEmpty() => RustMemory.StringEmpty();
    public override string StringInvalidUtf8() => RustMemory.StringInvalidUtf8();
    public override string StringNull() => RustMemory.StringNull();
    public override string? StringNullOrNull() => RustMemory.StringNullOrNull();
    public override string Version() => RustMemory.Version();
    public override long LiveStrings() => RustMemory.LiveStrings();
    public override long BadStringFrees() => RustMemory.BadStringFrees();
    public override long SumI32(ReadOnlySpan<int> values) => RustMemory.SumI32(values);
    public override double SumF64(ReadOnlySpan<double> values) => RustMemory.SumF64(values);
    public override void FillI32(Span<int> values, int start) => RustMemory.FillI32(values, start);
    public override Vec3 Vec3Sum(ReadOnlySpan<Vec3> values) => RustMemory.Vec3Sum(values);
    public override NativeBuffer<int> RangeI32(int start, int count) => RustMemory.RangeI32(start, count);
    public override int[] RangeI32Copy(int start, int count) => RustMemory.RangeI32Copy(start, count);
    public override NativeBuffer<byte> BytesRepeat(byte b, nuint n) => RustMemory.BytesRepeat(b, n);
    public override NativeBuffer<Vec3> Vec3Buffer(int n) => RustMemory.Vec3Buffer(n);
    public override NativeBuffer<int> BufferBadLen() => RustMemory.BufferBadLen();
    public override int[] BufferBadLenCopy() => RustMemory.BufferBadLenCopy();
    public override NativeBuffer<int> BufferNullLen() => RustMemory.BufferNullLen();
    public override ReadOnlySpan<int> StaticPrimes() => RustMemory.StaticPrimes();
    public override int[] StaticPrimesCopy() => RustMemory.StaticPrimesCopy();
    public override long LiveBuffers() => RustMemory.LiveBuffers();
    public override long BadBufferFrees() => RustMemory.BadBufferFrees();
    public override long LiveCounters() => RustMemory.LiveCounters();
    public override int CheckedDiv(int a, int b) => RustStatus.CheckedDiv(a, b);
    public override string Lookup(string key) => RustStatus.Lookup(key);
    public override SafeHandle CheckedCounter(long start) => RustStatus.CheckedCounter(start);
    public override int[] CheckedRange(int n) => RustStatus.CheckedRange(n);
    public override void FailIo() => RustStatus.FailIo();
    public override void FailSilent() => RustStatus.FailSilent();
    public override int StatusPanic(int x) => RustStatus.StatusPanic(x);
    public override int GoDiv(int a, int b) => RustGoShape.GoDiv(a, b);
    public override void GoCheck(int x) => RustGoShape.GoCheck(x);
    public override string GoGreet(string name) => RustGoShape.GoGreet(name);
    public override SafeHandle GoCounter(long start) => RustGoShape.GoCounter(start);
    public override int GoPanic(int x) => RustGoShape.GoPanic(x);
    public override int GoDivCode(int a, int b) => RustGoShape.GoDivCode(a, b);
    public override void GoCheckCode(int x) => RustGoShape.GoCheckCode(x);
    public override int GoPanicCode(int x) => RustGoShape.GoPanicCode(x);
    public override int OeDiv(int a, int b) => RustRecords.OeDiv(a, b);
    public override string OeGreet(string name) => RustRecords.OeGreet(name);
    public override void OeCheck(int x) => RustRecords.OeCheck(x);
    public override int OePanic(int x) => RustRecords.OePanic(x);
    public override long LiveErrors() => RustMemory.LiveErrors();
    public override long BadErrorFrees() => RustMemory.BadErrorFrees();
}

public sealed class GoMemoryApi : MemoryApi
{
    public override string Language => "Go";
    public override void PrepareThread() => Boundary.Interop.GoThread.EnsurePrepared();
    public override string Greet(string name) => GoMemory.Greet(name);
    public override string StringRepeat(string s, int n) => GoMemory.StringRepeat(s, n);
    public override string StringEmpty() => GoMemory.StringEmpty();
    public override string StringInvalidUtf8() => GoMemory.StringInvalidUtf8();
    public override string StringNull() => GoMemory.StringNull();
    public override string? StringNullOrNull() => GoMemory.StringNullOrNull();
    public override string Version() => GoMemory.Version();
    public override long LiveStrings() => GoMemory.LiveStrings();
    public override long BadStringFrees() => GoMemory.BadStringFrees();
    public override long SumI32(ReadOnlySpan<int> values) => GoMemory.SumI32(values);
    public override double SumF64(ReadOnlySpan<double> values) => GoMemory.SumF64(values);
    public override void FillI32(Span<int> values, int start) => GoMemory.FillI32(values, start);
    public override Vec3 Vec3Sum(ReadOnlySpan<Vec3> values) => GoMemory.Vec3Sum(values);
    public override NativeBuffer<int> RangeI32(int start, int count) => GoMemory.RangeI32(start, count);
    public override int[] RangeI32Copy(int start, int count) => GoMemory.RangeI32Copy(start, count);
    public override NativeBuffer<byte> BytesRepeat(byte b, nuint n) => GoMemory.BytesRepeat(b, n);
    public override NativeBuffer<Vec3> Vec3Buffer(int n) => GoMemory.Vec3Buffer(n);
    public override NativeBuffer<int> BufferBadLen() => GoMemory.BufferBadLen();
    public override int[] BufferBadLenCopy() => GoMemory.BufferBadLenCopy();
    public override NativeBuffer<int> BufferNullLen() => GoMemory.BufferNullLen();
    public override ReadOnlySpan<int> StaticPrimes() => GoMemory.StaticPrimes();
    public override int[] StaticPrimesCopy() => GoMemory.StaticPrimesCopy();
    public override long LiveBuffers() => GoMemory.LiveBuffers();
    public override long BadBufferFrees() => GoMemory.BadBufferFrees();
    public override long LiveCounters() => GoMemory.LiveCounters();
    public override int CheckedDiv(int a, int b) => GoStatus.CheckedDiv(a, b);
    public override string Lookup(string key) => GoStatus.Lookup(key);
    public override SafeHandle CheckedCounter(long start) => GoStatus.CheckedCounter(start);
    public override int[] CheckedRange(int n) => GoStatus.CheckedRange(n);
    public override void FailIo() => GoStatus.FailIo();
    public override void FailSilent() => GoStatus.FailSilent();
    public override int StatusPanic(int x) => GoStatus.StatusPanic(x);
    public override int GoDiv(int a, int b) => GoGoShape.GoDiv(a, b);
    public override void GoCheck(int x) => GoGoShape.GoCheck(x);
    public override string GoGreet(string name) => GoGoShape.GoGreet(name);
    public override SafeHandle GoCounter(long start) => GoGoShape.GoCounter(start);
    public override int GoPanic(int x) => GoGoShape.GoPanic(x);
    public override int GoDivCode(int a, int b) => GoGoShape.GoDivCode(a, b);
    public override void GoCheckCode(int x) => GoGoShape.GoCheckCode(x);
    public override int GoPanicCode(int x) => GoGoShape.GoPanicCode(x);
    public override int OeDiv(int a, int b) => GoRecords.OeDiv(a, b);
    public override string OeGreet(string name) => GoRecords.OeGreet(name);
    public override void OeCheck(int x) => GoRecords.OeCheck(x);
    public override int OePanic(int x) => GoRecords.OePanic(x);
    public override long LiveErrors() => GoMemory.LiveErrors();
    public override long BadErrorFrees() => GoMemory.BadErrorFrees();
}
