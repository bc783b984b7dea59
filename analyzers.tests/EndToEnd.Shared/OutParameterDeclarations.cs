using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Owned values handed out through <c>out</c> parameters of status-code functions (docs/design/native-test-abi.md,
/// "Out parameters" and "Buffer free functions"): handles at any position, owned and borrowed strings, and buffers
/// freed with a pointer-only free function.
/// </summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.StatusCode,
    BufferFree = Target.Prefix + "bytes_free_p")]
internal static partial class OutValues
{
    // Like sqlite3_open_v2: the handle in the middle, and written even when the call fails (flags 2).
    public static partial void CounterOpen(long start, out Counter counter, uint flags);

    public static partial void CounterOpenPair(out Counter first, long start, out Counter? second);

    public static partial void StringOut(uint n, out string text);

    public static partial void StaticStringOut([Borrowed] out string text);

    public static partial void MaybeStringOut(bool present, out string? text);

    public static partial void BytesOutP(uint n, out NativeBuffer<byte> data);

    [ForeignFunction(Target.Prefix + "bytes_out_p")]
    public static partial void BytesOutPCopy(uint n, out byte[] data);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial long LiveShapeBuffers();

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial long BadFrees();
}
