using System.Collections.Generic;
using System.Linq;
using System.Text;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>Small questions about symbols and their declarations that several readers ask.</summary>
internal static class SymbolFacts
{
    /// <summary>Whether <paramref name="attribute"/> is <c>Boundary.{name}</c>, compared without allocating.</summary>
    public static bool Is(this AttributeData attribute, string name)
        => attribute.AttributeClass is { } type
            && type.Name == name
            && type.ContainingNamespace is { Name: "Boundary", ContainingNamespace.IsGlobalNamespace: true };

    public static AttributeData? Find(this IEnumerable<AttributeData> attributes, string name)
        => attributes.FirstOrDefault(a => a.Is(name));

    public static bool Has(this IEnumerable<AttributeData> attributes, string name) => attributes.Find(name) is not null;

    public static T? Named<T>(this AttributeData attribute, string property)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == property && argument.Value.Value is T value)
            {
                return value;
            }
        }

        return default;
    }

    public static bool HasModifier(this ISymbol symbol, SyntaxKind modifier)
        => symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is MemberDeclarationSyntax m && m.Modifiers.Any(modifier));

    public static bool IsPartialEverywhere(this INamedTypeSymbol type)
        => type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>The first containing type that is not partial, or null.</summary>
    public static INamedTypeSymbol? NonPartialContainer(this INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (!container.IsPartialEverywhere())
            {
                return container;
            }
        }

        return null;
    }

    public static Location? IdentifierLocation(this ISymbol symbol)
        => symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
        {
            BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
            MethodDeclarationSyntax method => method.Identifier.GetLocation(),
            _ => symbol.Locations.FirstOrDefault(),
        };

    /// <summary>Namespace and containing-type chain of <paramref name="type"/>, for the generated partial declaration.</summary>
    public static TypeLocation LocationOf(INamedTypeSymbol type, string hintSuffix)
    {
        var chain = new List<ContainingType>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, new ContainingType(Keyword(current), NameWithTypeParameters(current)));
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        var hint = new StringBuilder();
        if (ns is not null)
        {
            hint.Append(ns).Append('.');
        }

        hint.Append(string.Join(".", Containers(type).Select(t => t.MetadataName))).Append('.').Append(hintSuffix).Append(".g.cs");
        return new TypeLocation(ns, chain.ToEquatableArray(), hint.ToString().Replace('`', '_'));
    }

    private static IEnumerable<INamedTypeSymbol> Containers(INamedTypeSymbol type)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Push(current);
        }

        return chain;
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string NameWithTypeParameters(INamedTypeSymbol type)
        => type.TypeParameters.Length == 0 ? type.Name : $"{type.Name}<{string.Join(", ", type.TypeParameters.Select(p => p.Name))}>";

    public static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.UnderscoreToken
            ? "@" + name
            : name;
}
