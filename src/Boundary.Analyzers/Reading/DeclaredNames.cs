using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// The native names a declaration gives besides its library and its functions' exports: a boundary's StringFree,
/// ErrorFree, LastError, AbiVersionFunction, BufferFree and Cancel, a function's Cancel, a handle's Release,
/// ErrorMessage and Library. The generator writes them into <c>[DllImport]</c> attributes and lookups, where an empty
/// name or one with a NUL does not compile (CS0599/CS0591) and a blank one or one with a line break names no symbol any
/// linker writes; so each is a declaration error (the mutation fuzzing of issue 13 found these).
/// </summary>
internal static class DeclaredNames
{
    /// <summary>A [ForeignBoundary]'s named export arguments: which rule reports an unusable one, and what the export does.</summary>
    private static readonly (string Argument, DiagnosticDescriptor Rule, string Role)[] BoundaryExports =
    {
        ("StringFree", Rules.BoundaryClassShape, "frees the strings the library returns"),
        ("ErrorFree", Rules.BoundaryClassShape, "frees the error objects the library returns"),
        ("LastError", Rules.BoundaryClassShape, "reads the calling thread's last error (\"\" declares none)"),
        ("AbiVersionFunction", Rules.BoundaryClassShape, "reports the library's ABI version"),
        ("BufferFree", Rules.BufferFreeInvalid, "frees the buffers the library returns"),
        ("Cancel", Rules.CallbackDeclarationInvalid, "cancels an asynchronous operation"),
    };

    /// <summary>
    /// Reports every unusable export name the [ForeignBoundary] <paramref name="attribute"/> of <paramref name="type"/>
    /// gives; true when there is none. An empty LastError is allowed: it declares that the library has none.
    /// </summary>
    public static bool CheckBoundary(AttributeData attribute, INamedTypeSymbol type, ProblemSink sink)
    {
        bool usable = true;
        foreach ((string argument, DiagnosticDescriptor rule, string role) in BoundaryExports)
        {
            if (attribute.Named<string>(argument) is not { } name
                || (argument == "LastError" && name.Length == 0)
                || BoundaryReader.NameProblem(name) is not { } problem)
            {
                continue;
            }

            usable = false;
            Location? location = BufferFreeReader.NamedArgumentLocation(attribute, type, argument);
            string text = $"names no usable export: {argument} {problem}; give the exported function that {role}, spelled exactly, or remove {argument} for the default";
            if (rule == Rules.BoundaryClassShape)
            {
                sink.Report(rule, location, type.Name, text);
            }
            else
            {
                sink.Report(rule, location, $"Boundary '{type.Name}' {text}");
            }
        }

        return usable;
    }

    /// <summary>Why a function's own <c>Cancel</c> name cannot be used, or null (an empty one means none, reported as a missing cancel).</summary>
    public static string? CancelProblem(string? cancel)
        => cancel is { Length: > 0 } && BoundaryReader.NameProblem(cancel) is { } problem
            ? $"Cancel {problem}; give the exported function 'void cancel(void* user_data)' that stops the operation, spelled exactly"
            : null;

    /// <summary>A handle's release function: null when missing or unusable (reported as BND1004).</summary>
    public static string? Release(AttributeData foreignHandle)
        => foreignHandle.Named<string>("Release") is { } release && BoundaryReader.NameProblem(release) is null ? release : null;

    /// <summary>The library a handle names itself: null when it names none (blank) or an unusable one (reported as BND1007).</summary>
    public static string? HandleLibrary(AttributeData foreignHandle)
        => foreignHandle.Named<string>("Library") is { } library && BoundaryReader.NameProblem(library) is null ? library : null;

    /// <summary>Why a handle's own Library cannot name a library (a NUL or a line break in it), or null; a blank one names none.</summary>
    public static string? HandleLibraryProblem(AttributeData foreignHandle)
        => foreignHandle.Named<string>("Library") is { } library && library.Trim().Length > 0 && BoundaryReader.NameProblem(library) is { } problem
            ? $"names no usable library: Library {problem}"
            : null;
}
