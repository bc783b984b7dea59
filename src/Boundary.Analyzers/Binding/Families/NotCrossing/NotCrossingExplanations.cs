using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families.NotCrossing;

/// <summary>Why a type no family takes cannot cross, naming the nearest supported alternative.</summary>
internal static class NotCrossingExplanations
{
    /// <summary>Types with a well-known better choice, and that choice.</summary>
    private static readonly Dictionary<SpecialType, string> Alternatives = new()
    {
        [SpecialType.System_Char] = "use 'ushort' for a UTF-16 code unit or 'uint' for a Rust 'char' (a Unicode scalar value)",
        [SpecialType.System_Decimal] = "use 'double', or a blittable struct of integers (for example units and nanos)",
        [SpecialType.System_Object] = "declare a [ForeignHandle] type for a native object, or pass a blittable struct",
        [SpecialType.System_DateTime] = "pass 'long' ticks or Unix milliseconds",
    };

    public static TypeCrossing Explain(ITypeSymbol type, Position position)
    {
        if (Alternatives.TryGetValue(type.SpecialType, out string? alternative))
        {
            return TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot cross a native boundary: {alternative}");
        }

        if (AsCollection(type, position) is { } explained)
        {
            return TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot cross a native boundary {explained}");
        }

        switch (type)
        {
            case ITypeParameterSymbol:
                return TypeCrossing.Unsupported($"generic type parameter '{type.Name}' cannot cross a native boundary: use a concrete type");
            case INamedTypeSymbol named when named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                return TypeCrossing.Unsupported(
                    $"'{type.ToDisplayString()}' cannot cross a native boundary: pass the value and a separate 'bool' that says whether it is present");
            case INamedTypeSymbol { IsTupleType: true }:
                return TypeCrossing.Unsupported(
                    $"tuple '{type.ToDisplayString()}' cannot cross a native boundary: declare a [StructLayout(LayoutKind.Sequential)] struct");
            case INamedTypeSymbol { BaseType: { } baseType } when baseType.InheritsFrom("System.Runtime.InteropServices.SafeHandle"):
                return TypeCrossing.Unsupported(
                    $"'{type.ToDisplayString()}' is a SafeHandle the generator does not know how to release: declare a [ForeignHandle] type instead");
            case INamedTypeSymbol:
                return TypeCrossing.Unsupported(
                    $"'{type.ToDisplayString()}' cannot cross a native boundary: declare a [ForeignHandle] type for a native object, or use a blittable struct for data");
            default:
                return TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot cross a native boundary");
        }
    }

    /// <summary>
    /// Collections, which cross as spans (parameters) and native buffers (results): the message names the form for the
    /// position. (Tasks and delegates the async and callback families explain where they do not take them.)
    /// </summary>
    private static string? AsCollection(ITypeSymbol type, Position position)
    {
        string where = position switch
        {
            Position.Return => "as a result",
            Position.Out => "as an 'out' parameter",
            _ => "as a parameter",
        };
        if (ElementOf(type) is { } element)
        {
            return position == Position.Parameter
                ? $"{where}: pass 'ReadOnlySpan<{element}>' (or 'Span<{element}>' if native code fills it) of a blittable element type; a collection converts with CollectionsMarshal.AsSpan or ToArray"
                : $"{where}: return 'NativeBuffer<{element}>' for an array native code allocates (the caller owns and frees it), or take a 'Span<{element}>' parameter for native code to fill";
        }

        return null;
    }

    /// <summary>The element type of a collection (anything enumerable but a string), or null.</summary>
    private static string? ElementOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType.ToDisplayString();
        }

        foreach (INamedTypeSymbol? candidate in new[] { type as INamedTypeSymbol }.Concat(type.AllInterfaces))
        {
            if (candidate?.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return candidate.TypeArguments[0].ToDisplayString();
            }
        }

        return null;
    }
}
