using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers;

/// <summary>All descriptors, built through one helper so IDs, categories and help links stay consistent.</summary>
internal static class Rules
{
    public const string HelpLinkBase = "https://github.com/boundaryanalyzers/boundaryanalyzers/blob/main/docs/rules/";

    private const string DeclarationCategory = "Boundary.Declarations";

    public static readonly DiagnosticDescriptor BoundaryClassShape = Create(
        RuleIds.BoundaryClassShape,
        "Boundary class must be a non-generic static partial class",
        "Boundary class '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A [ForeignBoundary] class holds only static functions whose bodies the generator writes, so it must be 'static partial', non-generic, and every type containing it must be partial.");

    public static readonly DiagnosticDescriptor BoundaryMethodShape = Create(
        RuleIds.BoundaryMethodShape,
        "Boundary function must be a static partial method without a body",
        "Boundary function '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator writes the body of every boundary function: declare it 'static partial', without a body, and not generic.");

    public static readonly DiagnosticDescriptor TypeCannotCross = Create(
        RuleIds.TypeCannotCross,
        "Type cannot cross a native boundary",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Only primitives, bool (one byte), enums, blittable structs, pointers, [ForeignHandle] types, string parameters and by-reference values of the value types can cross a boundary in this version.");

    public static readonly DiagnosticDescriptor HandleWithoutRelease = Create(
        RuleIds.HandleWithoutRelease,
        "Foreign handle has no release function",
        "Handle type '{0}' has no release function: set Release to the exported function that frees it (for example \"{1}\")",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Without a release function every native object behind the handle leaks.");

    public static readonly DiagnosticDescriptor StructNotBlittable = Create(
        RuleIds.StructNotBlittable,
        "Struct crossing a boundary is not blittable",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A struct passed by value or by reference must have the same layout in C# as the #[repr(C)] or C struct on the native side.");

    public static readonly DiagnosticDescriptor HandleTypeShape = Create(
        RuleIds.HandleTypeShape,
        "Foreign handle must be a non-generic sealed partial class without a base type",
        "Handle type '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator completes a [ForeignHandle] type as a SafeHandle, which needs a sealed partial class it can derive from SafeHandle, inside partial containing types.");

    public static readonly DiagnosticDescriptor HandleLibraryUnknown = Create(
        RuleIds.HandleLibraryUnknown,
        "Foreign handle's library cannot be determined",
        "Handle type '{0}' {1}: set Library (and Language) on its [ForeignHandle] attribute",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The release function is called in the library of the boundaries that use the handle; when none or several libraries use it, the attribute must name it.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor OwnershipMisplaced = Create(
        RuleIds.OwnershipMisplaced,
        "Ownership attribute does not apply here",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "[Consumed] applies to handle parameters passed by value, [Borrowed] to handle returns; [Retained] is not supported by this version.");

    public static readonly DiagnosticDescriptor UnsafeCodeDisabled = Create(
        RuleIds.UnsafeCodeDisabled,
        "Boundary function needs unsafe code",
        "Boundary function '{0}' passes values by reference, which the generated stub pins with 'fixed': set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Generated stubs pin ref/out/in arguments and pass their addresses, as [LibraryImport] does. The BoundaryAnalyzers package turns unsafe code on unless the project turns it off.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description, params string[] tags)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md", customTags: tags);
}
