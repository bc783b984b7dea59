using System.Collections.Concurrent;
using System.Collections.Immutable;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Errors;

/// <summary>
/// BND3009: a call whose status result is dropped — the whole expression statement is the call (or the await of it) —
/// where the function reports failure only through that status (<see cref="StatusResults"/>). An explicit discard
/// (<c>_ = Lib.Reset(h);</c>) says the status is ignored on purpose and is not reported. It looks only at expression
/// statements of static calls, in compilations that reference the Boundary runtime; each function is judged once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredStatusAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.StatusIgnored);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is null)
            {
                return;
            }

            var functions = new ConcurrentDictionary<IMethodSymbol, StatusResults?>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(
                operation =>
                {
                    var statement = (IExpressionStatementOperation)operation.Operation;
                    bool isAwait = statement.Operation is IAwaitOperation;
                    IOperation called = statement.Operation is IAwaitOperation awaited ? awaited.Operation : statement.Operation;
                    if (called is not IInvocationOperation { TargetMethod.IsStatic: true } call
                        || functions.GetOrAdd(call.TargetMethod.OriginalDefinition, StatusResults.Of) is not { } status
                        || status.IsTask != isAwait)
                    {
                        return;
                    }

                    operation.ReportDiagnostic(Diagnostic.Create(
                        Rules.StatusIgnored,
                        statement.Operation.Syntax.GetLocation(),
                        $"{call.TargetMethod.ContainingType.Name}.{call.TargetMethod.Name}",
                        status.Errors.Name));
                },
                OperationKind.ExpressionStatement);
        });
    }
}
