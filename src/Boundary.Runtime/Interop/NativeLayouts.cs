using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>A buffer as native code returns it: <c>struct { void* ptr; size_t len; }</c>, the length in elements.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ForeignBufferAbi
{
    /// <summary>The first element, or null for an empty buffer.</summary>
    public void* Pointer;

    /// <summary>The number of elements.</summary>
    public nuint Length;
}

/// <summary>
/// A buffer as native code returns it when the boundary's buffer-free function takes a capacity (a Rust <c>Vec</c>):
/// <c>struct { void* ptr; size_t len; size_t cap; }</c>, the length and capacity in elements.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ForeignCapacityBufferAbi
{
    /// <summary>The first element, or null for an empty buffer.</summary>
    public void* Pointer;

    /// <summary>The number of elements.</summary>
    public nuint Length;

    /// <summary>The number of elements the allocation has room for, passed back to the free function.</summary>
    public nuint Capacity;
}

/// <summary>An error record (<see cref="ForeignErrorShape.OutError"/>): <c>struct { int32_t code; char* message; }</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ForeignErrorRecord
{
    /// <summary>The error code.</summary>
    public int Code;

    /// <summary>NUL-terminated UTF-8, owned by the record; may be null.</summary>
    public byte* Message;
}
