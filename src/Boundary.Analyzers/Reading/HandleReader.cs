using System.Collections.Immutable;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>Reads a [ForeignHandle] class and reports BND1004 and BND1006. Returns null when no SafeHandle can be generated for it.</summary>
internal static class HandleReader
{
    public static HandleModel? Read(INamedTypeSymbol type, ProblemSink sink)
    {
        AttributeData? attribute = type.GetAttributes().Find(KnownNames.Attribute.ForeignHandle);
        if (attribute is null)
        {
            return null;
        }

        string? shapeProblem = HandleShape.Problem(type, out bool blocksGeneration);
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

        if (shapeProblem is not null && blocksGeneration)
        {
            return null; // A generated part could only add errors to the one reported here.
        }

        return new HandleModel(
            SymbolFacts.LocationOf(type, "Handle"),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            release,
            string.IsNullOrWhiteSpace(library) ? null : library,
            ForeignLanguageKind.FromValue(attribute.Named<int>("Language")),
            SymbolFacts.IsThreadSafeHandle(attribute));
    }
}
