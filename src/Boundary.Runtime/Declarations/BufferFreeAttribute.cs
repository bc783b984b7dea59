using System;

namespace Boundary;

/// <summary>
/// Marks the boundary's buffer-free function: a <c>static partial void</c> method of the <c>[ForeignBoundary]</c> class
/// whose C# signature is exactly the native function's. Every <see cref="NativeBuffer{T}"/> and owned <c>T[]</c> the
/// boundary returns or hands out through <c>out</c> is freed with it, exactly once, passing exactly what it declares:
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>declaration</term><description>native function (Rust idiom)</description></listheader>
/// <item><term><c>void Free(byte* ptr)</c></term><description><c>void f(uint8_t* ptr)</c>: the library remembers the length</description></item>
/// <item><term><c>void Free(byte* ptr, nuint len)</c></term><description><c>void f(uint8_t* ptr, size_t len)</c>: a <c>Box&lt;[u8]&gt;</c> rebuilt from its parts</description></item>
/// <item><term><c>void Free(byte* ptr, nuint len, nuint cap)</c></term><description><c>void f(uint8_t* ptr, size_t len, size_t cap)</c>: a <c>Vec&lt;u8&gt;</c> rebuilt with <c>Vec::from_raw_parts</c></description></item>
/// </list>
/// <para>
/// Lengths and capacities are in <b>elements</b>, never bytes, and have the boundary's
/// <see cref="ForeignBoundaryAttribute.LengthType"/> (<c>nuint</c>, <c>size_t</c>, by default). A pointer to an element
/// type (<c>byte*</c>) says the function frees buffers of that element type only; <c>void*</c> frees any.
/// </para>
/// <para>
/// With a capacity, every owned buffer carries one: a returned buffer is <c>struct { T* ptr; size_t len; size_t cap; }</c>
/// by value, and a buffer handed out through <c>out</c> adds a capacity pointer after its length
/// (<c>T** data, size_t* data_len, size_t* data_cap</c>). Borrowed spans and arrays are never freed and keep
/// <c>(ptr, len)</c>.
/// </para>
/// <para>
/// The function cannot fail (no error shape), is declared at most once per boundary, and replaces
/// <see cref="ForeignBoundaryAttribute.BufferFree"/> (which names a <c>(ptr)</c> function only). Analyzer BND1012
/// checks all of this at build time: a free function that would receive a missing or wrong length is a build error,
/// never a silent bad free.
/// </para>
/// </remarks>
/// <example><code>
/// [ForeignBoundary("shapes")]
/// internal static unsafe partial class Shapes
/// {
///     public static partial NativeBuffer&lt;byte&gt; Encode(ReadOnlySpan&lt;byte&gt; input);   // struct { uint8_t* ptr; size_t len; size_t cap; }
///
///     [BufferFree] private static partial void BytesFree(byte* ptr, nuint len, nuint cap);   // shapes_bytes_free
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class BufferFreeAttribute : Attribute
{
}
