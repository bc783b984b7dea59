using Boundary.Analyzers.Binding.Native;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Lengths;

/// <summary>
/// The integer type of a length passed on its own (<c>ForeignBoundary.LengthType</c>, <c>[LengthType]</c>): of a span
/// or UTF-8 slice parameter, of an <c>out</c> buffer's length pointer, of what a buffer-free function takes back. One
/// instance per type; value-equal by identity. Lengths are in elements (bytes for strings).
/// </summary>
internal sealed class LengthType
{
    /// <summary><c>size_t</c>, the default.</summary>
    public static readonly LengthType Size = new("nuint", CType.Size);

    public static readonly LengthType Int = new("int", CType.Int32);
    public static readonly LengthType UInt = new("uint", CType.UInt32);
    public static readonly LengthType Long = new("long", CType.Int64);
    public static readonly LengthType ULong = new("ulong", CType.UInt64);
    public static readonly LengthType NInt = new("nint", CType.IntPtr);

    /// <summary>What messages list as the choices.</summary>
    public const string Choices = "'int', 'uint', 'long', 'ulong', 'nint' or 'nuint' (the default, size_t)";

    private LengthType(string keyword, CType native)
    {
        Keyword = keyword;
        Native = native;
    }

    /// <summary>The C# keyword, as generated code and messages spell it.</summary>
    public string Keyword { get; }

    /// <summary>The C type (<c>size_t</c>, <c>int64_t</c>, …).</summary>
    public CType Native { get; }

    /// <summary>Whether native code can write a negative value (checked before it is used as a length).</summary>
    public bool Signed => Native.Signed;

    /// <summary>The length type <paramref name="type"/> names, or null when it is not one.</summary>
    public static LengthType? Of(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Int32 => Int,
        SpecialType.System_UInt32 => UInt,
        SpecialType.System_Int64 => Long,
        SpecialType.System_UInt64 => ULong,
        SpecialType.System_IntPtr => NInt,
        SpecialType.System_UIntPtr => Size,
        _ => null,
    };

    /// <summary>
    /// <paramref name="expression"/>, of type <paramref name="from"/>, as this type. Bit-preserving (<c>unchecked</c>,
    /// so a project that checks overflow still passes native code's own values back): a value that made the round
    /// trip through <c>nuint</c> comes back exactly as native code wrote it.
    /// </summary>
    public string Convert(string expression, LengthType from)
        => from == this ? expression : $"unchecked(({Keyword}){expression})";

    public override string ToString() => Keyword;
}
