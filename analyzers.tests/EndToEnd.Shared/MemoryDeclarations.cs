using System.Collections.Generic;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>The codes of docs/design/native-test-abi.md, "Errors". 42 is deliberately missing (an unknown code).</summary>
[ForeignErrors]
public enum TestError
{
    Ok = 0,
    [ThrowsAs(typeof(KeyNotFoundException))] NotFound = 1,
    [ThrowsAs(typeof(ArgumentException))] InvalidArgument = 2,
    Io = 3,
    [ForeignPanic] Panic = 99,
}

/// <summary>Returned strings, span parameters and returned buffers, and the live registries that count them.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static partial class Memory
{
    public static partial string Greet(string name);
    public static partial string StringRepeat(string s, int n);
    public static partial string StringEmpty();
    public static partial string StringInvalidUtf8();
    public static partial string StringNull();
    [ForeignFunction(Target.Prefix + "string_null")] public static partial string? StringNullOrNull();
    [return: Borrowed] public static partial string Version();
    public static partial long LiveStrings();
    public static partial long BadStringFrees();
    public static partial long SumI32(ReadOnlySpan<int> values);
    public static partial double SumF64(ReadOnlySpan<double> values);
    public static partial void FillI32(Span<int> values, int start);
    public static partial Vec3 Vec3Sum(ReadOnlySpan<Vec3> values);
    public static partial NativeBuffer<int> RangeI32(int start, int count);
    [ForeignFunction(Target.Prefix + "range_i32")] public static partial int[] RangeI32Copy(int start, int count);
    public static partial NativeBuffer<byte> BytesRepeat(byte b, nuint n);
    public static partial NativeBuffer<Vec3> Vec3Buffer(int n);
    public static partial NativeBuffer<int> BufferBadLen();
    [ForeignFunction(Target.Prefix + "buffer_bad_len")] public static partial int[] BufferBadLenCopy();
    public static partial NativeBuffer<int> BufferNullLen();
    [return: Borrowed] public static partial ReadOnlySpan<int> StaticPrimes();
    [ForeignFunction(Target.Prefix + "static_primes")] [return: Borrowed] public static partial int[] StaticPrimesCopy();
    public static partial long LiveBuffers();
    public static partial long BadBufferFrees();
    public static partial long LiveCounters();
    public static partial long LiveErrors();
    public static partial long BadErrorFrees();
}

/// <summary>Shape 1: status code + last error.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class Status
{
    public static partial int CheckedDiv(int a, int b);
    public static partial string Lookup(string key);
    public static partial Counter CheckedCounter(long start);
    public static partial int[] CheckedRange(int n);
    public static partial void FailIo();
    public static partial void FailSilent();
    public static partial int StatusPanic(int x);
}

/// <summary>Shape 2: Go multi-return, without and with a code (the Rust library exports the same shape).</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.GoError)]
internal static partial class GoShape
{
    public static partial int GoDiv(int a, int b);
    public static partial void GoCheck(int x);
    public static partial string GoGreet(string name);
    public static partial Counter GoCounter(long start);
    public static partial int GoPanic(int x);
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial int GoDivCode(int a, int b);
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial void GoCheckCode(int x);
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial int GoPanicCode(int x);
}

/// <summary>Shape 3: out error record.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.OutError)]
internal static partial class Records
{
    public static partial int OeDiv(int a, int b);
    public static partial string OeGreet(string name);
    public static partial void OeCheck(int x);
    public static partial int OePanic(int x);
}
