using System.Collections.Immutable;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>Reads a [ForeignHandle] class and reports BND1004, BND1006 and BND1013. Returns null when no SafeHandle can be generated for it.</summary>
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

        string? release = DeclaredNames.Release(attribute);
        string? library = DeclaredNames.HandleLibrary(attribute);
        if (DeclaredNames.HandleLibraryProblem(attribute) is { } libraryProblem)
        {
            sink.Report(Rules.HandleLibraryUnknown, type.IdentifierLocation(), type.Name, libraryProblem);
        }

        if (release is null)
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

        if (ErrorMessageProblem(attribute, release) is { } messageProblem)
        {
            sink.Report(Rules.HandleErrorMessageInvalid, type.IdentifierLocation(), type.Name, messageProblem);
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
            SymbolFacts.IsThreadSafeHandle(attribute),
            attribute.NamedOr("ReleaseReturnsStatus", false));
    }

    /// <summary>
    /// The <c>ErrorMessage</c> function of a handle type whose failures lend their message (<c>sqlite3_errmsg</c>), or
    /// null when it has none or it cannot be used (BND1013). Read from the attribute, so it works for handles declared
    /// in referenced assemblies too.
    /// </summary>
    public static string? ErrorMessage(AttributeData foreignHandle)
        => foreignHandle.Named<string>("ErrorMessage") is { } message && ErrorMessageProblem(foreignHandle, foreignHandle.Named<string>("Release")) is null
            ? message
            : null;

    private static string? ErrorMessageProblem(AttributeData attribute, string? release)
    {
        if (attribute.Named<string>("ErrorMessage") is not { } message)
        {
            return null;
        }

        if (BoundaryReader.NameProblem(message) is { } problem)
        {
            return $"ErrorMessage {problem}: name the exported function that lends the message of the object's last failure (const char* f(handle)), or remove it";
        }

        return message == release
            ? $"ErrorMessage names the release function '{message}': asking it for a message would release the object in the middle of the call; name the function that lends the message (const char* f(handle))"
            : null;
    }
}
