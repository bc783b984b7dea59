using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Model;

/// <summary>What a C# type becomes at the boundary.</summary>
/// <param name="Kind">How it crosses.</param>
/// <param name="NativeType">The C# type used in the native signature (for example <c>byte</c> for <c>bool</c>).</param>
/// <param name="Problem">When <paramref name="Kind"/> is Unsupported: why, naming the nearest supported alternative.</param>
/// <param name="ProblemRule">When unsupported: the rule that reports it (BND1003, or BND1005 for a non-blittable struct).</param>
/// <param name="ElementType">For spans, buffers and arrays: the element type.</param>
/// <param name="Serialized">For handles: the type is declared <c>ThreadSafe = false</c>, so calls that pass it run one at a time.</param>
internal readonly record struct TypeCrossing(ValueKind Kind, string NativeType, string? Problem = null, string? ProblemRule = null, string? ElementType = null, bool Serialized = false)
{
    public static TypeCrossing Unsupported(string problem, string rule = RuleIds.TypeCannotCross) => new(ValueKind.Unsupported, "", problem, rule);
}

/// <summary>
/// The one table of what can cross a boundary and how. The generator builds stubs from it and the analyzers report
/// from it, so they can never disagree.
/// </summary>
internal static class TypeMapping
{
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat NonNullableFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>Types with a well-known better choice, and that choice.</summary>
    private static readonly Dictionary<SpecialType, string> Alternatives = new()
    {
        [SpecialType.System_Char] = "use 'ushort' for a UTF-16 code unit or 'uint' for a Rust 'char' (a Unicode scalar value)",
        [SpecialType.System_Decimal] = "use 'double', or a blittable struct of integers (for example units and nanos)",
        [SpecialType.System_Object] = "declare a [ForeignHandle] type for a native object, or pass a blittable struct",
        [SpecialType.System_DateTime] = "pass 'long' ticks or Unix milliseconds",
    };

    public static TypeCrossing ForReturn(ITypeSymbol type)
        => type.SpecialType switch
        {
            SpecialType.System_Void => new TypeCrossing(ValueKind.Void, "void"),
            SpecialType.System_String => new TypeCrossing(ValueKind.String, "byte*"),
            _ when type is IArrayTypeSymbol { Rank: 1 } array => Sequence(ValueKind.Array, array.ElementType, type, BufferAbi),
            _ when IsNativeBuffer(type) is { } element => Sequence(ValueKind.Buffer, element, type, BufferAbi),
            _ when SpanElement(type) is { } element => Sequence(ValueKind.Span, element, type, BufferAbi),
            _ => Classify(type),
        };

    /// <summary>The native form of a returned buffer, span or array.</summary>
    public const string BufferAbi = "global::Boundary.Interop.ForeignBufferAbi";

    /// <summary>The element type of <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>, else null.</summary>
    public static ITypeSymbol? SpanElement(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Span" or "ReadOnlySpan" } named
            && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                ? named.TypeArguments[0]
                : null;

    /// <summary>The element type of <c>Boundary.NativeBuffer&lt;T&gt;</c>, else null.</summary>
    public static ITypeSymbol? IsNativeBuffer(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: KnownNames.NativeBuffer } named
            && named.ContainingNamespace is { Name: "Boundary", ContainingNamespace.IsGlobalNamespace: true }
                ? named.TypeArguments[0]
                : null;

    /// <summary>A span, buffer or array of <paramref name="element"/>: it crosses if its elements are blittable. A null
    /// <paramref name="nativeType"/> means a parameter, passed as a pointer to the elements.</summary>
    private static TypeCrossing Sequence(ValueKind kind, ITypeSymbol element, ITypeSymbol whole, string? nativeType)
    {
        string? problem = element switch
        {
            { SpecialType: SpecialType.System_Boolean } => "its elements are 'bool', whose native size depends on the marshalling mode: use 'byte' elements (0 or 1)",
            { SpecialType: SpecialType.System_Char } => "its elements are 'char': pass a 'string', or 'ushort' elements for UTF-16 code units",
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => null,
            _ => Classify(element) switch
            {
                { Kind: ValueKind.Blittable } => null,
                { Kind: ValueKind.Unsupported, ProblemRule: RuleIds.StructNotBlittable, Problem: var inner } => inner,
                _ => $"its elements ('{element.ToDisplayString()}') are not blittable: use primitives, enums or blittable structs",
            },
        };

        return problem is null
            ? new TypeCrossing(kind, nativeType ?? Display(element) + "*", ElementType: Display(element))
            : TypeCrossing.Unsupported($"'{whole.ToDisplayString()}' cannot cross a native boundary: {problem}");
    }

    public static TypeCrossing Classify(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return new TypeCrossing(ValueKind.Blittable, Display(type));
            case SpecialType.System_Boolean:
                return new TypeCrossing(ValueKind.Bool, "byte");
            case SpecialType.System_String:
                return new TypeCrossing(ValueKind.String, "byte*");
        }

        if (Alternatives.TryGetValue(type.SpecialType, out string? alternative))
        {
            return TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot cross a native boundary: {alternative}");
        }

        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new TypeCrossing(ValueKind.Blittable, Display(type));
            case IArrayTypeSymbol array:
                return TypeCrossing.Unsupported(
                    $"array '{type.ToDisplayString()}' cannot be a parameter: declare 'ReadOnlySpan<{array.ElementType.ToDisplayString()}>' (arrays convert to it at the call site) or 'Span<{array.ElementType.ToDisplayString()}>' if native code writes to it");
            case ITypeParameterSymbol:
                return TypeCrossing.Unsupported($"generic type parameter '{type.Name}' cannot cross a native boundary: use a concrete type");
            case INamedTypeSymbol named:
                return ClassifyNamed(named);
            default:
                return TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot cross a native boundary");
        }
    }

    /// <summary>Whether a struct has the same layout in C# and in a <c>#[repr(C)]</c>/C struct; null when it does, else the reason.</summary>
    public static string? BlittableProblem(INamedTypeSymbol structType)
        => BlittableProblem(structType, depth: 0);

    private static TypeCrossing ClassifyNamed(INamedTypeSymbol type)
    {
        if (SpanElement(type) is { } spanElement)
        {
            return Sequence(ValueKind.Span, spanElement, type, nativeType: null);
        }

        if (IsNativeBuffer(type) is not null)
        {
            return TypeCrossing.Unsupported(
                $"'{type.ToDisplayString()}' cannot be a parameter: pass its contents as 'ReadOnlySpan<{type.TypeArguments[0].ToDisplayString()}>' (buffer.Span)");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return new TypeCrossing(ValueKind.Blittable, Display(type));
        }

        if (type.TypeKind == TypeKind.Class && type.GetAttributes().Find(KnownNames.Attribute.ForeignHandle) is { } handle)
        {
            return HandleShape.CanGenerate(type)
                ? new TypeCrossing(ValueKind.Handle, "nint", Serialized: !SymbolFacts.IsThreadSafeHandle(handle))
                : TypeCrossing.Unsupported($"handle type '{type.ToDisplayString()}' is not a valid [ForeignHandle] declaration (see BND1006)");
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return TypeCrossing.Unsupported(
                $"'{type.ToDisplayString()}' cannot cross a native boundary: pass the value and a separate 'bool' that says whether it is present");
        }

        if (type.IsTupleType)
        {
            return TypeCrossing.Unsupported(
                $"tuple '{type.ToDisplayString()}' cannot cross a native boundary: declare a [StructLayout(LayoutKind.Sequential)] struct");
        }

        if (type.TypeKind == TypeKind.Struct)
        {
            string? problem = BlittableProblem(type, depth: 0);
            return problem is null
                ? new TypeCrossing(ValueKind.Blittable, Display(type))
                : TypeCrossing.Unsupported(problem, RuleIds.StructNotBlittable);
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return TypeCrossing.Unsupported(
                $"delegate '{type.ToDisplayString()}' cannot cross a native boundary in this version: use an unmanaged function pointer ('delegate* unmanaged<...>') to an [UnmanagedCallersOnly] method");
        }

        if (type.BaseType is { } baseType && baseType.InheritsFrom("System.Runtime.InteropServices.SafeHandle"))
        {
            return TypeCrossing.Unsupported(
                $"'{type.ToDisplayString()}' is a SafeHandle the generator does not know how to release: declare a [ForeignHandle] type instead");
        }

        return TypeCrossing.Unsupported(
            $"'{type.ToDisplayString()}' cannot cross a native boundary: declare a [ForeignHandle] type for a native object, or use a blittable struct for data");
    }

    private static string? BlittableProblem(INamedTypeSymbol type, int depth)
    {
        if (depth > 16)
        {
            return $"struct '{type.ToDisplayString()}' nests too deeply to be checked";
        }

        if (type.IsGenericType)
        {
            return $"struct '{type.ToDisplayString()}' is generic: declare a non-generic struct with [StructLayout(LayoutKind.Sequential)]";
        }

        if (GetLayoutKind(type) == LayoutKind.Auto)
        {
            return $"struct '{type.ToDisplayString()}' has [StructLayout(LayoutKind.Auto)]: use LayoutKind.Sequential so its layout matches the native struct";
        }

        foreach (IFieldSymbol field in type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            string? fieldProblem = FieldProblem(field, depth);
            if (fieldProblem is not null)
            {
                return $"struct '{type.ToDisplayString()}' is not blittable: field '{FieldName(field)}' {fieldProblem}";
            }
        }

        return null;
    }

    private static string? FieldProblem(IFieldSymbol field, int depth)
    {
        if (field.IsFixedSizeBuffer)
        {
            return null;
        }

        ITypeSymbol fieldType = field.Type;
        if (fieldType.SpecialType == SpecialType.System_Boolean)
        {
            return "is a 'bool', whose native size depends on the marshalling mode: use 'byte' (0 or 1)";
        }

        if (fieldType.SpecialType == SpecialType.System_Char)
        {
            return "is a 'char', whose native size depends on the marshalling mode: use 'ushort'";
        }

        // Nested structs recurse here, not through Classify, so the depth guard holds for self-referencing layouts.
        if (fieldType is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } nested
            && !IsForeignHandle(nested))
        {
            return BlittableProblem(nested, depth + 1) is { } inner ? $"is not blittable ({inner})" : null;
        }

        return Classify(fieldType).Kind switch
        {
            ValueKind.Blittable => null,
            ValueKind.Handle => "is a handle: store the native pointer as 'nint' in data structs",
            _ => $"has type '{fieldType.ToDisplayString()}', which has no fixed native layout: use a primitive, an enum, a pointer or a blittable struct",
        };
    }

    private static string FieldName(IFieldSymbol field)
        => field.AssociatedSymbol is IPropertySymbol property ? property.Name : field.Name;

    private static LayoutKind GetLayoutKind(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.StructLayoutAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int kind)
            {
                return (LayoutKind)kind;
            }
        }

        return LayoutKind.Sequential; // C# structs are sequential unless declared otherwise.
    }

    public static bool IsForeignHandle(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Class } named
            && named.GetAttributes().Has(KnownNames.Attribute.ForeignHandle);

    private static string Display(ITypeSymbol type) => type.ToDisplayString(NonNullableFormat);
}
