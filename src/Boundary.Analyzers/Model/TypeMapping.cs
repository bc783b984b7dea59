using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Model;

/// <summary>
/// Recognizes the types of the declaration surface (spans, <c>NativeBuffer&lt;T&gt;</c>, <c>[ForeignHandle]</c>
/// classes) and how they are displayed. How a type crosses is decided by the crossing families (<c>Binding</c>).
/// </summary>
internal static class TypeMapping
{
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat NonNullableFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>The native form of a returned buffer, span or array.</summary>
    public const string BufferAbi = "global::Boundary.Interop.ForeignBufferAbi";

    /// <summary>The native form of a returned buffer that carries its capacity.</summary>
    public const string CapacityBufferAbi = "global::Boundary.Interop.ForeignCapacityBufferAbi";

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

    public static bool IsForeignHandle(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Class } named
            && named.GetAttributes().Has(KnownNames.Attribute.ForeignHandle);

    /// <summary>A type as generated code names it: fully qualified, without a nullable annotation.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(NonNullableFormat);
}
