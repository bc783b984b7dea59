using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Contracts;

/// <summary>What kind of disagreement a comparison found; each is its own rule.</summary>
internal enum MismatchKind
{
    /// <summary>Width, signedness or kind of a value (or of what a pointer points to): BND4003.</summary>
    Width,

    /// <summary>How many pointers deep: BND4004.</summary>
    PointerLevel,
}

/// <summary>One disagreement: <see cref="Position"/> is the parameter index, or -1 for the return value.</summary>
internal sealed record Mismatch(MismatchKind Kind, int Position, string Detail);

/// <summary>
/// Compares the C types the generated stub passes with what the native side declares, leniently where the ABI is the
/// same: any object pointer for a handle's <c>void*</c> (and a pointer-sized integer, Go's handles), constness, the
/// sign of a byte (<c>char</c>/<c>int8_t</c>/<c>uint8_t</c>), <c>size_t</c>/<c>uintptr_t</c>/<c>usize</c>, a pointer-sized
/// integer and a 64-bit one (cgo's <c>GoInt</c>), the sign of a 64-bit or pointer-sized length the binding passes
/// (a span's, string's or buffer's length or capacity, a <c>[BufferFree]</c> function's) against <c>size_t</c>, structs by value of any name (their layout is BND4005's), a function
/// pointer against any pointer, and a type the reader could not resolve.
/// </summary>
internal static class ContractComparer
{
    /// <summary>Every disagreement of <paramref name="actual"/> with the stub's signature. <paramref name="lengths"/> names
    /// the stub's parameters that are lengths by construction (a span's, a string's or a buffer's length and capacity, and
    /// those of a <c>[BufferFree]</c> function): a 64-bit or pointer-sized signed C# length (<c>LengthType = typeof(long)</c>)
    /// against <c>size_t</c> is the same ABI for every length an object can have, so its sign is not reported there.</summary>
    public static List<Mismatch> Compare(NativeSignature expected, NativeFunction actual, ICollection<string>? lengths = null)
    {
        var mismatches = new List<Mismatch>();
        if (Compare(expected.Return, actual.Return.Type) is { } returned)
        {
            mismatches.Add(new Mismatch(returned.Kind, -1, returned.Detail));
        }

        for (int i = 0; i < expected.Parameters.Count && i < actual.Parameters.Count; i++)
        {
            bool length = lengths is not null && lengths.Contains(expected.Parameters[i].Name);
            if (Compare(expected.Parameters[i].Type, actual.Parameters[i].Type, length) is { } parameter)
            {
                mismatches.Add(new Mismatch(parameter.Kind, i, parameter.Detail));
            }
        }

        return mismatches;
    }

    /// <summary>Null when the two agree; else why not.</summary>
    public static (MismatchKind Kind, string Detail)? Compare(CType expected, CType actual) => Compare(expected, actual, length: false);

    /// <summary>As <see cref="Compare(CType, CType)"/>; <paramref name="length"/>: the value (or what it points to) is a
    /// length, whose sign is not reported at 64 bits and pointer size.</summary>
    private static (MismatchKind Kind, string Detail)? Compare(CType expected, CType actual, bool length)
    {
        if (NativeTypes.IsUnknown(actual) || NativeTypes.IsUnknown(expected))
        {
            return null;
        }

        if (expected.Kind == CTypeKind.Pointer || actual.Kind == CTypeKind.Pointer)
        {
            return ComparePointers(expected, actual, length);
        }

        if (expected.Kind == CTypeKind.FunctionPointer && actual.Kind == CTypeKind.FunctionPointer)
        {
            return CompareFunctions(expected, actual);
        }

        if (expected.Kind != actual.Kind)
        {
            // A function pointer is pointer-sized.
            if ((expected.Kind == CTypeKind.FunctionPointer && IsPointerSized(actual)) || (actual.Kind == CTypeKind.FunctionPointer && IsPointerSized(expected)))
            {
                return null;
            }

            return (MismatchKind.Width, $"{Describe(expected)} against {Describe(actual)}");
        }

        switch (expected.Kind)
        {
            case CTypeKind.Integer:
                if (!SameWidth(expected.Bits, actual.Bits))
                {
                    return (MismatchKind.Width, $"{Describe(expected)} against {Describe(actual)}");
                }

                // Bytes: char, int8_t and uint8_t carry the same bits; bool is a byte. A 64-bit or pointer-sized length
                // (a long length against size_t) passes the same bits for every length an object can have.
                bool lenient = expected.Bits == 8 || actual.Bits == 8 || (length && expected.Bits is 0 or 64 && actual.Bits is 0 or 64);
                if (expected.Signed != actual.Signed && !lenient)
                {
                    return (MismatchKind.Width, $"{Describe(expected)} against {Describe(actual)}: the signedness differs");
                }

                return null;
            case CTypeKind.Float:
                return expected.Bits == actual.Bits ? null : (MismatchKind.Width, $"{Describe(expected)} against {Describe(actual)}");
            default:
                return null;
        }
    }

    private static (MismatchKind Kind, string Detail)? ComparePointers(CType expected, CType actual, bool length)
    {
        if (expected.Kind == CTypeKind.Pointer && actual.Kind == CTypeKind.Pointer)
        {
            CType e = expected.Pointee!;
            CType a = actual.Pointee!;

            // An opaque pointer (a handle, user data) matches any object pointer, and void** any T**.
            if (IsOpaque(e) || IsOpaque(a))
            {
                return null;
            }

            if (e.Kind == CTypeKind.Pointer || a.Kind == CTypeKind.Pointer)
            {
                if (e.Kind != a.Kind && !(e.Kind == CTypeKind.FunctionPointer || a.Kind == CTypeKind.FunctionPointer))
                {
                    return (MismatchKind.PointerLevel, $"{expected} ({expected.PointerLevel} pointer levels) against {actual} ({actual.PointerLevel})");
                }
            }

            if (Compare(e, a, length) is { } inner)
            {
                return inner.Kind == MismatchKind.PointerLevel
                    ? inner
                    : (MismatchKind.Width, $"{expected} against {actual}: the elements differ ({inner.Detail})");
            }

            return null;
        }

        // One side a pointer, the other not: a handle as a pointer-sized integer (Go's uintptr_t), or a function pointer.
        CType pointer = expected.Kind == CTypeKind.Pointer ? expected : actual;
        CType other = expected.Kind == CTypeKind.Pointer ? actual : expected;
        // Only a pointer-sized integer (uintptr_t, size_t, nint): a 64-bit one (long against int64_t*) is a value where
        // an address is expected.
        if ((other.Kind == CTypeKind.Integer && other.Bits == 0) || other.Kind == CTypeKind.FunctionPointer)
        {
            return null;
        }

        return (MismatchKind.PointerLevel, $"{Describe(expected)} ({expected.PointerLevel} pointer levels) against {Describe(actual)} ({actual.PointerLevel})");
    }

    private static (MismatchKind Kind, string Detail)? CompareFunctions(CType expected, CType actual)
    {
        if (expected.Signature.Count != actual.Signature.Count)
        {
            return (MismatchKind.Width, $"a callback {expected} with {expected.Signature.Count - 1} parameters against {actual} with {actual.Signature.Count - 1}");
        }

        for (int i = 0; i < expected.Signature.Count; i++)
        {
            if (Compare(expected.Signature[i], actual.Signature[i]) is { } inner)
            {
                string where = i == 0 ? "its return value" : $"its parameter {i}";
                return (MismatchKind.Width, $"a callback {expected} against {actual}: {where} differs ({inner.Detail})");
            }
        }

        return null;
    }

    private static bool IsOpaque(CType type) => type.Kind is CTypeKind.Void or CTypeKind.Struct || NativeTypes.IsUnknown(type);

    private static bool IsPointerSized(CType type) => type.Kind == CTypeKind.Integer && (type.Bits == 0 || type.Bits == 64);

    /// <summary>Pointer-sized (0) is 64 bits on every platform a Go library and most Rust ones run on; not reported.</summary>
    private static bool SameWidth(int a, int b) => a == b || (a == 0 && b == 64) || (a == 64 && b == 0);

    private static string Describe(CType type) => type.Kind switch
    {
        CTypeKind.Integer => $"{type} ({(type.Bits == 0 ? "pointer-sized" : type.Bits + "-bit")} {(type.Signed ? "signed" : "unsigned")})",
        CTypeKind.Float => $"{type} ({type.Bits}-bit float)",
        CTypeKind.Struct => $"struct {type.Name}",
        _ => type.ToString(),
    };
}
