using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>
/// What generated stubs pin for a <c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> argument. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// An empty span crosses as a non-null pointer aligned for its element type with length 0, never as <c>(NULL, 0)</c>:
/// Rust's <c>std::slice::from_raw_parts</c> requires a non-null, aligned pointer even for length 0 (a null one is
/// undefined behaviour in a library that builds its slice unchecked), and C APIs such as <c>sqlite3_bind_blob</c> read
/// a null pointer as SQL NULL rather than an empty value. The pointer is <see cref="EmptyPointer"/>: one static,
/// 64-byte aligned block allocated once per process and never freed, which native code must not read or write
/// (length 0). A non-empty span pins its first element as <c>fixed</c> does, at the same cost.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class ForeignSpans
{
    /// <summary>The alignment of <see cref="EmptyPointer"/>: enough for every element type a C or Rust declaration
    /// is likely to use (a cache line; <c>max_align_t</c> is 16).</summary>
    public const int EmptyAlignment = 64;

    private static readonly nint Empty = (nint)NativeMemory.AlignedAlloc(EmptyAlignment, EmptyAlignment);

    /// <summary>The non-null, <see cref="EmptyAlignment"/>-aligned pointer an empty span passes.</summary>
    public static void* EmptyPointer => (void*)Empty;

    /// <summary>The reference to pin for <paramref name="span"/>: its first element, or the empty span's pointer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Pin<T>(ReadOnlySpan<T> span)
        where T : unmanaged
        => ref span.Length != 0 ? ref MemoryMarshal.GetReference(span) : ref *(T*)Empty;

    /// <summary>The reference to pin for <paramref name="span"/>: its first element, or the empty span's pointer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Pin<T>(Span<T> span)
        where T : unmanaged
        => ref span.Length != 0 ? ref MemoryMarshal.GetReference(span) : ref *(T*)Empty;
}
