using System.Linq;
using System.Runtime.InteropServices;
using Boundary.Analyzers.Binding.Families.Handles;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families.Blittable;

/// <summary>Whether a struct has the same layout in C# and in a <c>#[repr(C)]</c>/C struct.</summary>
internal static class StructLayoutCheck
{
    /// <summary>Null when the struct is blittable, else the reason.</summary>
    public static string? Problem(INamedTypeSymbol structType) => Problem(structType, depth: 0);

    private static string? Problem(INamedTypeSymbol type, int depth)
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

        // Nested structs recurse here, not through the families, so the depth guard holds for self-referencing layouts.
        if (fieldType is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } nested
            && !TypeMapping.IsForeignHandle(nested))
        {
            return Problem(nested, depth + 1) is { } inner ? $"is not blittable ({inner})" : null;
        }

        CrossingFamily? family = CrossingFamilies.Classify(fieldType, Position.Parameter).Family;
        return family == BlittableFamily.Instance ? null
            : family == HandleFamily.Instance ? "is a handle: store the native pointer as 'nint' in data structs"
            : $"has type '{fieldType.ToDisplayString()}', which has no fixed native layout: use a primitive, an enum, a pointer or a blittable struct";
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
}
