using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// BND5003: a synchronous boundary call in an async function, when the boundary declares an async version of the same
/// native operation (<see cref="AsyncVersions"/>) that the caller can see, and an await could stand in its place
/// (<see cref="AwaitContext"/>). It looks only at invocations of static methods, in compilations that reference the
/// Boundary runtime; which methods have async versions is read once per method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallInAsyncAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.BlockingCallInAsync);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            Compilation compilation = start.Compilation;
            if (compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is null)
            {
                return;
            }

            var versions = new ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(
                operation =>
                {
                    var call = (IInvocationOperation)operation.Operation;
                    if (!call.TargetMethod.IsStatic
                        || versions.GetOrAdd(call.TargetMethod.OriginalDefinition, AsyncVersions.Of) is not { IsEmpty: false } found
                        || AwaitContext.Of(call, operation.ContainingSymbol) is not { } function)
                    {
                        return;
                    }

                    if (Accessible(found, operation.ContainingSymbol, compilation) is { } version)
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(
                            Rules.BlockingCallInAsync,
                            call.Syntax.GetLocation(),
                            Name(call.TargetMethod),
                            Name(version),
                            AwaitContext.Describe(function)));
                    }
                },
                OperationKind.Invocation);
        });
    }

    private static string Name(IMethodSymbol method)
        => $"{method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}.{method.Name}";

    /// <summary>The first of <paramref name="versions"/> that code in <paramref name="caller"/> can call, or null (a method of its own: a lambda in the callback would allocate its captures on every invocation).</summary>
    private static IMethodSymbol? Accessible(ImmutableArray<IMethodSymbol> versions, ISymbol caller, Compilation compilation)
    {
        ISymbol within = caller as INamedTypeSymbol ?? caller.ContainingType ?? (ISymbol)compilation.Assembly;
        foreach (IMethodSymbol version in versions)
        {
            if (compilation.IsSymbolAccessibleWithin(version, within))
            {
                return version;
            }
        }

        return null;
    }
}
