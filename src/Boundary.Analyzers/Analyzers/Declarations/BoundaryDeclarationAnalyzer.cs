using System.Collections.Immutable;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Declarations;

/// <summary>
/// Reports what is wrong with a [ForeignBoundary] class and its functions. It runs the same reader as the generator,
/// so whatever it accepts, the generator can generate; the read is shared with the other analyzers that need the
/// boundary's model (<see cref="BoundaryReads"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BoundaryDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.BoundaryClassShape,
        Rules.BoundaryMethodShape,
        Rules.TypeCannotCross,
        Rules.StructNotBlittable,
        Rules.OwnershipMisplaced,
        Rules.UnsafeCodeDisabled,
        Rules.ReturnOwnershipUndeclared,
        Rules.BufferFreeInvalid,
        Rules.LengthTypeInvalid,
        Rules.CallbackDeclarationInvalid,
        Rules.AbiVersionInvalid,
        Rules.FallibleWithoutMapping,
        Rules.ErrorsTypeInvalid,
        Rules.SentinelMisfit,
        Rules.HandleMessageUnreadable);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => BoundaryReads.OnBoundary(start, Analyze));
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (Diagnostic problem in BoundaryReads.Get(type, context.Compilation, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(problem);
        }
    }
}
