using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// BND2004: an argument to a <c>[Retained]</c> parameter must outlive the call, because native code keeps it. It
/// reports what provably does not: memory pinned by <c>fixed</c> (arrays, strings, spans), stack memory
/// (<c>stackalloc</c>, <c>&amp;local</c>), <c>Unsafe.AsPointer</c> of a managed location, and a function pointer from
/// <c>Marshal.GetFunctionPointerForDelegate</c> whose delegate nothing keeps alive (a delegate created in the argument,
/// or a local that is never stored). Pointer values are followed through casts, arithmetic and single-assignment
/// locals. Anything it cannot see the origin of (parameters, fields, native allocations, GCHandles) is accepted. A
/// delegate passed to a <c>[Retained]</c> delegate parameter is reported only when the function returns the owned
/// handle that keeps it registered and the call drops that handle (BND2001 then stays silent about it). The question
/// itself is <see cref="RetainedValue"/>, which the code fix and BND2001 ask too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RetainedArgumentAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.RetainedOutlived);

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

            var retained = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod.IsStatic // boundary functions are static: most calls need no lookup
                        && retained.GetOrAdd(invocation.TargetMethod.OriginalDefinition, static m => HasRetainedParameter(m)))
                    {
                        Analyze(invocation, operation.ReportDiagnostic);
                    }
                },
                OperationKind.Invocation);
        });
    }

    private static bool HasRetainedParameter(IMethodSymbol method)
        => method.Parameters.Any(RetainedValue.IsRetained);

    private static void Analyze(IInvocationOperation invocation, System.Action<Diagnostic> report)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (RetainedValue.WhyNot(argument) is { } problem)
            {
                report(Diagnostic.Create(
                    Rules.RetainedOutlived,
                    argument.Syntax.GetLocation(),
                    $"'{invocation.TargetMethod.Name}' keeps '{argument.Parameter!.Name}' after it returns, but this is {problem.Reason}"));
            }
        }
    }
}
