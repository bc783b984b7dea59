using System;
using Boundary;

namespace Snapshots.Buffers;

[ForeignErrors]
public enum CodecError
{
    Ok = 0,
    TooLarge = 2,
}

// A Rust Box<[u8]>: freed with (ptr, len); its buffers are bytes only.
[ForeignBoundary("codec", Errors = typeof(CodecError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class Boxed
{
    public static partial void Encode(ReadOnlySpan<byte> input, out NativeBuffer<byte> output);

    public static partial void Compress(string text, out byte[] packed);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial NativeBuffer<byte> Header(uint n);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    [return: Borrowed]
    public static partial ReadOnlySpan<byte> Magic();

    [BufferFree]
    private static partial void BytesFree(byte* ptr, nuint len);
}

// A Rust Vec<T>: freed with (ptr, len, cap) whatever the element type.
[ForeignBoundary("codec", Errors = typeof(CodecError), ErrorShape = ForeignErrorShape.StatusCode, EntryPointPrefix = "vec_")]
internal static unsafe partial class Vectors
{
    public static partial void Words(uint n, out NativeBuffer<uint> words);

    public static partial void Copy(uint n, out ulong[] values);

    public static partial NativeBuffer<byte> Bytes(uint n);

    public static partial long[] Longs(uint n);

    public static partial void View([Borrowed] out ReadOnlySpan<long> items);

    [BufferFree]
    [ForeignFunction("vec_free")]
    internal static partial void Free(void* ptr, nuint len, nuint cap);
}

// A Go library whose lengths are int64_t (C.int64_t), one 32-bit length (C.int), and a (ptr, len, cap) free.
[ForeignBoundary("golen", Language = ForeignLanguage.Go, ErrorShape = ForeignErrorShape.GoError, LengthType = typeof(long))]
internal static unsafe partial class GoLengths
{
    public static partial long Sum(ReadOnlySpan<long> values);

    public static partial int Count([LengthType(typeof(int))] ReadOnlySpan<byte> bytes, string text, [LengthType(typeof(int))] string label);

    public static partial void Read(uint n, out NativeBuffer<byte> data);

    public static partial void Take(uint n, [LengthType(typeof(uint))] out byte[] data);

    public static partial NativeBuffer<byte> Make(uint n);

    [BufferFree]
    private static partial void Free(byte* ptr, long len, long cap);
}
