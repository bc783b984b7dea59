using System.Collections.Immutable;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Declarations;

/// <summary>
/// BND1011: a boundary function hands out IntPtr, nint, nuint or a pointer — as its return value or through an
/// <c>out</c> parameter — for a native object that must be released (see <see cref="RawHandleReturns"/> for when it
/// counts as one).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawHandleReturnAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.RawHandleReturn);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
        {
            return;
        }

        foreach (RawHandOut handOut in RawHandleReturns.Find(type, context.CancellationToken))
        {
            string subject = handOut.Parameter is { } parameter
                ? $"Out parameter '{parameter.Name}' of '{handOut.Function.Name}' is"
                : $"'{handOut.Function.Name}' returns";
            string why = handOut.Release is { } release ? $"is released by '{release.Name}'"
                : handOut.HasOtherReleases ? "a constructor-like function creates, with no release function declared for it"
                : "a constructor-like function creates, with no release function declared";
            context.ReportDiagnostic(Diagnostic.Create(
                Rules.RawHandleReturn,
                handOut.Type.GetLocation(),
                subject,
                handOut.Type.ToString(),
                why,
                handOut.Parameter is null ? "return" : "declare it as"));
        }
    }
}
