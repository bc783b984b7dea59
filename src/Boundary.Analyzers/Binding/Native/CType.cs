using System.Collections.Immutable;
using System.Text;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>What kind of C type a <see cref="CType"/> is.</summary>
internal enum CTypeKind
{
    Void,

    /// <summary>An integer: <see cref="CType.Bits"/> wide (0 = pointer-sized), signed or not.</summary>
    Integer,

    /// <summary><c>float</c> (32 bits) or <c>double</c> (64 bits).</summary>
    Float,

    /// <summary>A struct passed or returned by value; <see cref="CType.Name"/> is its name.</summary>
    Struct,

    /// <summary>A pointer to <see cref="CType.Pointee"/>.</summary>
    Pointer,

    /// <summary>A function pointer; <see cref="CType.Signature"/> holds the return type, then the parameter types.</summary>
    FunctionPointer,
}

/// <summary>
/// A C type as the native side declares it: width, signedness, pointer level, struct name, constness of what a pointer
/// points to. Value-equal, so it can sit in generator models, and structured, so a later step can compare it with a C
/// header or a Rust signature instead of comparing text.
/// </summary>
internal sealed record CType(
    CTypeKind Kind,
    string Name,
    int Bits = 0,
    bool Signed = false,
    CType? Pointee = null,
    bool Const = false,
    EquatableArray<CType> Signature = default)
{
    public static readonly CType Void = new(CTypeKind.Void, "void");
    public static readonly CType Int8 = Integer("int8_t", 8, signed: true);
    public static readonly CType UInt8 = Integer("uint8_t", 8, signed: false);
    public static readonly CType Int16 = Integer("int16_t", 16, signed: true);
    public static readonly CType UInt16 = Integer("uint16_t", 16, signed: false);
    public static readonly CType Int32 = Integer("int32_t", 32, signed: true);
    public static readonly CType UInt32 = Integer("uint32_t", 32, signed: false);
    public static readonly CType Int64 = Integer("int64_t", 64, signed: true);
    public static readonly CType UInt64 = Integer("uint64_t", 64, signed: false);
    public static readonly CType IntPtr = Integer("intptr_t", 0, signed: true);
    public static readonly CType UIntPtr = Integer("uintptr_t", 0, signed: false);
    public static readonly CType Size = Integer("size_t", 0, signed: false);
    public static readonly CType Float = new(CTypeKind.Float, "float", 32, Signed: true);
    public static readonly CType Double = new(CTypeKind.Float, "double", 64, Signed: true);

    /// <summary>A UTF-8 C string: <c>char*</c>.</summary>
    public static readonly CType Char = Integer("char", 8, signed: true);

    public static CType Integer(string name, int bits, bool signed) => new(CTypeKind.Integer, name, bits, signed);

    public static CType Struct(string name) => new(CTypeKind.Struct, name);

    public static CType FunctionPointer(CType returns, params CType[] parameters)
    {
        var signature = ImmutableArray.CreateBuilder<CType>(parameters.Length + 1);
        signature.Add(returns);
        signature.AddRange(parameters);
        return new(CTypeKind.FunctionPointer, "", Signature: new EquatableArray<CType>(signature.MoveToImmutable()));
    }

    /// <summary>A pointer to this type; <paramref name="toConst"/>: the pointee is read only (<c>const T*</c>).</summary>
    public CType PointerTo(bool toConst = false) => new(CTypeKind.Pointer, "", Pointee: this, Const: toConst);

    /// <summary>How many pointers deep: <c>char**</c> is 2.</summary>
    public int PointerLevel => Kind == CTypeKind.Pointer ? 1 + Pointee!.PointerLevel : 0;

    /// <summary>The C spelling, for example <c>const uint8_t*</c>.</summary>
    public override string ToString() => Declare(null);

    /// <summary>A declaration of <paramref name="name"/> with this type: <c>int32_t count</c>, <c>void (*done)(void*)</c>.</summary>
    public string Declare(string? name)
    {
        // Not reentrant (Append writes nested types into the same builder), so one builder per thread serves.
        StringBuilder text = declaration ??= new StringBuilder(64);
        text.Clear();
        Append(text, name);
        return text.ToString();
    }

    [System.ThreadStatic]
    private static StringBuilder? declaration;

    /// <summary>Appends what <see cref="Declare"/> returns to <paramref name="text"/>.</summary>
    public void Append(StringBuilder text, string? name)
    {
        switch (Kind)
        {
            case CTypeKind.Pointer when Pointee!.Kind == CTypeKind.FunctionPointer:
                // A pointer to a function pointer: rare enough to spell through the pointee.
                Pointee.AppendFunction(text, "*" + name);
                return;
            case CTypeKind.Pointer:
                if (Const)
                {
                    text.Append("const ");
                }

                Pointee!.Append(text, null);
                text.Append('*');
                break;
            case CTypeKind.FunctionPointer:
                AppendFunction(text, name);
                return;
            case CTypeKind.Struct:
                text.Append(Name);
                break;
            default:
                text.Append(Name);
                break;
        }

        if (name is not null)
        {
            text.Append(' ').Append(name);
        }
    }

    private void AppendFunction(StringBuilder text, string? name)
    {
        Signature[0].Append(text, null);
        text.Append(" (*").Append(name).Append(")(");
        if (Signature.Count == 1)
        {
            text.Append("void");
        }

        for (int i = 1; i < Signature.Count; i++)
        {
            Signature[i].Append(text, null);
            text.Append(i + 1 < Signature.Count ? ", " : "");
        }

        text.Append(')');
    }
}
