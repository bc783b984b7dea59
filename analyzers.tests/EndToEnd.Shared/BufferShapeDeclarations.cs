using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

// "Buffer free functions", "Span probes and other length types" of docs/design/native-test-abi.md. A boundary frees every
// buffer it hands out with the one free function it declares, so each free function has a boundary of its own.

/// <summary>Byte buffers freed with <c>P_bytes_free_p(ptr)</c>, declared as a <c>[BufferFree]</c> method.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class FreeByPointer
{
    [ForeignFunction(Target.Prefix + "bytes_out_p")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_out_p")] public static partial void OutCopy(uint n, out byte[] data);
    [ForeignFunction(Target.Prefix + "bytes_ret_p", ErrorShape = ForeignErrorShape.None)] public static partial NativeBuffer<byte> Ret(uint n);
    [ForeignFunction(Target.Prefix + "bytes_ret_p", ErrorShape = ForeignErrorShape.None)] public static partial byte[] RetCopy(uint n);
    [BufferFree, ForeignFunction(Target.Prefix + "bytes_free_p")] private static partial void Free(byte* ptr);
}

/// <summary>The same buffers freed through the <c>BufferFree</c> name, which still means <c>(ptr)</c>.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode, BufferFree = Target.Prefix + "bytes_free_p")]
internal static partial class FreeByName
{
    [ForeignFunction(Target.Prefix + "bytes_out_p")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_ret_p", ErrorShape = ForeignErrorShape.None)] public static partial byte[] RetCopy(uint n);
}

/// <summary>Byte buffers freed with <c>P_bytes_free_pl(ptr, len)</c>: a Rust <c>Box&lt;[u8]&gt;</c>.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class FreeByLength
{
    [ForeignFunction(Target.Prefix + "bytes_out_pl")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_out_pl")] public static partial void OutCopy(uint n, out byte[] data);
    [ForeignFunction(Target.Prefix + "bytes_ret_pl", ErrorShape = ForeignErrorShape.None)] public static partial NativeBuffer<byte> Ret(uint n);
    [ForeignFunction(Target.Prefix + "bytes_ret_pl", ErrorShape = ForeignErrorShape.None)] public static partial byte[] RetCopy(uint n);
    [BufferFree, ForeignFunction(Target.Prefix + "bytes_free_pl")] private static partial void Free(byte* ptr, nuint len);
}

/// <summary>Byte buffers freed with <c>P_bytes_free_plc(ptr, len, cap)</c>: a Rust <c>Vec&lt;u8&gt;</c> whose capacity exceeds its length.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class FreeByCapacity
{
    [ForeignFunction(Target.Prefix + "bytes_out_plc")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_out_plc")] public static partial void OutCopy(uint n, out byte[] data);
    [ForeignFunction(Target.Prefix + "bytes_ret_plc", ErrorShape = ForeignErrorShape.None)] public static partial NativeBuffer<byte> Ret(uint n);
    [ForeignFunction(Target.Prefix + "bytes_ret_plc", ErrorShape = ForeignErrorShape.None)] public static partial byte[] RetCopy(uint n);
    [BufferFree, ForeignFunction(Target.Prefix + "bytes_free_plc")] private static partial void Free(void* ptr, nuint len, nuint cap);
}

/// <summary>u32 buffers freed with <c>P_u32s_free_pl(ptr, len)</c>, the length in elements (a length in bytes would be a bad free).</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class FreeWords
{
    [ForeignFunction(Target.Prefix + "u32s_out_pl")] public static partial void Out(uint n, out NativeBuffer<uint> data);
    [ForeignFunction(Target.Prefix + "u32s_out_pl")] public static partial void OutCopy(uint n, out uint[] data);
    [BufferFree, ForeignFunction(Target.Prefix + "u32s_free_pl")] private static partial void Free(uint* ptr, nuint len);
}

/// <summary>
/// <c>FreeByLength</c> and <c>FreeByCapacity</c> with 64-bit signed lengths (<c>LengthType = typeof(long)</c>): the out
/// lengths are read as <c>int64_t</c> and the free functions take <c>int64_t</c>. The libraries declare <c>size_t</c>,
/// the same width and passing on the 64-bit targets the tests run on, so this drives the generated conversions
/// through the real registry.
/// </summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode, LengthType = typeof(long))]
internal static unsafe partial class FreeByLengthLong
{
    [ForeignFunction(Target.Prefix + "bytes_out_pl")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_out_pl")] public static partial void OutCopy(uint n, out byte[] data);
    [ForeignFunction(Target.Prefix + "bytes_ret_pl", ErrorShape = ForeignErrorShape.None)] public static partial NativeBuffer<byte> Ret(uint n);
    [BufferFree, ForeignFunction(Target.Prefix + "bytes_free_pl")] private static partial void Free(byte* ptr, long len);
}

/// <summary>See <see cref="FreeByLengthLong"/>.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode, LengthType = typeof(long))]
internal static unsafe partial class FreeByCapacityLong
{
    [ForeignFunction(Target.Prefix + "bytes_out_plc")] public static partial void Out(uint n, out NativeBuffer<byte> data);
    [ForeignFunction(Target.Prefix + "bytes_out_plc")] public static partial void OutCopy(uint n, out byte[] data);
    [BufferFree, ForeignFunction(Target.Prefix + "bytes_free_plc")] private static partial void Free(byte* ptr, long len, long cap);
}

/// <summary>A buffer as <c>P_bytes_ret_pl</c> returns it, read raw to call the free function by hand.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
public unsafe struct RawBytes
{
    public byte* Ptr;
    public nuint Len;
}

/// <summary>The registry of the buffer free shapes, and raw access to prove it counts a wrong length.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static unsafe partial class ShapeRegistry
{
    public static partial long LiveShapeBuffers();
    public static partial long BadFrees();
    [ForeignFunction(Target.Prefix + "bytes_ret_pl")] public static partial RawBytes RawBytesPl(uint n);
    [ForeignFunction(Target.Prefix + "bytes_free_pl")] public static partial void RawFreePl(byte* ptr, nuint len);
}

/// <summary>Empty spans and strings as native code sees them: the probes flag a null or misaligned pointer.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static partial class SpanProbes
{
    public static partial uint SpanProbeU8(ReadOnlySpan<byte> bytes);
    public static partial uint SpanProbeU64(ReadOnlySpan<ulong> words);
    [ForeignFunction(Target.Prefix + "span_probe_u64")] public static partial uint SpanProbeU64Writable(Span<ulong> words);
    [ForeignFunction(Target.Prefix + "span_probe_u8")] public static partial uint SpanProbeText(string text);
}

/// <summary>Signed lengths: the boundary's <c>int64_t</c>, and <c>int32_t</c> for single parameters.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, LengthType = typeof(long))]
internal static partial class SignedLengths
{
    public static partial long SumI64Len64(ReadOnlySpan<long> values);
    public static partial int CountU8Len32([LengthType(typeof(int))] ReadOnlySpan<byte> bytes);
    public static partial int Utf8Len32([LengthType(typeof(int))] string text);
}
