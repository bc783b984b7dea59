using System;

namespace Boundary;

/// <summary>
/// The integer type of one parameter's length, overriding the boundary's
/// <see cref="ForeignBoundaryAttribute.LengthType"/>: on a <c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> parameter,
/// a <c>string</c> parameter passed as a UTF-8 slice, or an <c>out</c> buffer (<c>out NativeBuffer&lt;T&gt;</c>,
/// <c>out T[]</c>, <c>[Borrowed] out ReadOnlySpan&lt;T&gt;</c>), whose length pointer then points to this type.
/// </summary>
/// <remarks>
/// One of <c>int</c> (<c>int32_t</c>, Go's <c>C.int</c>), <c>uint</c>, <c>long</c> (<c>int64_t</c>), <c>ulong</c>,
/// <c>nint</c> (<c>intptr_t</c>) or <c>nuint</c> (<c>size_t</c>, the default); anything else, or the attribute on a
/// parameter without a length, is build error BND1015. Lengths are in elements (bytes for strings).
/// </remarks>
/// <example><code>
/// public static partial int CountNonZero(ReadOnlySpan&lt;byte&gt; bytes, [LengthType(typeof(long))] ReadOnlySpan&lt;long&gt; ids);
/// </code></example>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class LengthTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="type">The length's type: <c>typeof(int)</c>, <c>typeof(uint)</c>, <c>typeof(long)</c>, <c>typeof(ulong)</c>, <c>typeof(nint)</c> or <c>typeof(nuint)</c>.</param>
    public LengthTypeAttribute(Type type) => Type = type;

    /// <summary>The length's type.</summary>
    public Type Type { get; }
}
