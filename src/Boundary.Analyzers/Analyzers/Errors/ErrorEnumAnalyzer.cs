using System.Collections.Immutable;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Errors;

/// <summary>
/// Reports what is wrong with a [ForeignErrors] enum: no success member (BND3002), one code named twice (BND3003), a
/// [ThrowsAs] type the generated code cannot create (BND3005), a [ForeignSuccess] member that also says how it fails
/// (BND3007). It runs the reader the generator uses.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ErrorEnumAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.ErrorsWithoutSuccess,
        Rules.DuplicateErrorCode,
        Rules.ThrowsAsInvalid,
        Rules.SuccessCodeAlsoFailure);

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
        if (ErrorEnumReader.IsErrorEnum(type))
        {
            ErrorEnumReader.Read(type, new ProblemSink(context.ReportDiagnostic));
        }
    }
}
