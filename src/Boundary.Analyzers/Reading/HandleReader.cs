using System.Collections.Immutable;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>Reads a [ForeignHandle] class and reports BND1004 and BND1006. Returns null when no SafeHandle can be generated for it.</summary>
internal static class HandleReader
{
    public static HandleModel? Read(INamedTypeSymbol type, ProblemSink sink)
    {
        AttributeData? attribute = type.GetAttributes().Find("ForeignHandleAttribute");
        if (attribute is null)
        {
            return null;
        }

        string? shapeProblem =
            type.TypeKind != TypeKind.Class ? "must be a class" :
            type.IsStatic ? "must not be static" :
            !type.IsSealed && !type.IsPartialEverywhere() ? "must be declared 'sealed partial'" :
            !type.IsSealed ? "must be declared 'sealed'" :
            !type.IsPartialEverywhere() ? "must be declared 'partial'" :
            type.IsGenericType ? "must not be generic" :
            type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && !IsGeneratedBase(baseType)
                ? $"must not declare a base type ('{baseType.Name}'): the generator derives it from SafeHandle" :
            type.NonPartialContainer() is { } container ? $"is nested in '{container.Name}', which must be declared 'partial'" :
            null;
        if (shapeProblem is not null)
        {
            sink.Report(Rules.HandleTypeShape, type.IdentifierLocation(), type.Name, shapeProblem);
        }

        string? release = attribute.Named<string>("Release");
        string? library = attribute.Named<string>("Library");
        if (string.IsNullOrWhiteSpace(release))
        {
            string prefix = library is null ? "" : Naming.DefaultPrefix(library);
            string suggestion = prefix + Naming.SnakeCase(type.Name) + "_free";
            sink.Report(
                Rules.HandleWithoutRelease,
                type.IdentifierLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Release, suggestion),
                type.Name,
                suggestion);
            release = null;
        }

        if (shapeProblem is not null && shapeProblem.StartsWith("must be declared", System.StringComparison.Ordinal) && !type.IsPartialEverywhere())
        {
            return null; // A generated part of a non-partial class is only more errors.
        }

        return new HandleModel(
            SymbolFacts.LocationOf(type, "Handle"),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            release,
            string.IsNullOrWhiteSpace(library) ? null : library,
            attribute.Named<int>("Language"));
    }

    /// <summary>In the analyzers' compilation the generated part already derives the type from SafeHandle.</summary>
    private static bool IsGeneratedBase(INamedTypeSymbol baseType)
        => baseType.ToDisplayString() == "System.Runtime.InteropServices.SafeHandle";
}
