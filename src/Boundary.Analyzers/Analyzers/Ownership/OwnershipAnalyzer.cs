using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Holders;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// Ownership at call sites (BND2001, BND2002, BND2003, BND2005), in every assembly that calls a boundary: owned handles
/// and buffers disposed on every path or stored where they are disposed, nothing used after it moved into native code,
/// nothing disposed twice. It does work only in compilations that reference the Boundary runtime, and only looks at a
/// method body that calls a boundary function which hands out an owned value (its result or an out parameter) or
/// consumes an argument; such a body gets a flow graph only when <see cref="PlainBodies"/> cannot prove it has nothing
/// to report. The type holding a field is only read when such a value is stored in it. The analysis itself is
/// <see cref="OwnershipAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OwnershipAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.NotDisposed,
        Rules.UseAfterConsumed,
        Rules.BorrowedEscapes,
        Rules.DisposedTwice);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is null)
            {
                return; // no boundary can be called from here
            }

            var facts = new OwnershipFacts(start.Compilation);
            start.RegisterOperationBlockStartAction(block =>
            {
                // The driver visits every invocation anyway; a flag set there is the cheapest filter. Only a body that
                // calls an owning or consuming boundary function gets a flow graph.
                bool relevant = false;
                block.RegisterOperationAction(
                    invocation => relevant = relevant || facts.For(((IInvocationOperation)invocation.Operation).TargetMethod).Matters,
                    Invocations);
                block.RegisterOperationBlockEndAction(end =>
                {
                    if (relevant)
                    {
                        AnalyzeBlock(end, facts);
                    }
                });
            });
        });
    }

    /// <summary>The kinds the per-body filter registers for, one array for every body (the params overload builds one per call).</summary>
    private static readonly ImmutableArray<OperationKind> Invocations = ImmutableArray.Create(OperationKind.Invocation);

    /// <summary>
    /// Set by the tests: a body <see cref="PlainBodies"/> proves is analyzed anyway, and anything reported there throws
    /// (a wrong proof would hide a mistake), so every test and fuzz input that runs this analyzer checks the proof.
    /// </summary>
    internal static bool CheckProofs { get; set; }

    private static void WrongProof(Diagnostic diagnostic)
        => throw new System.InvalidOperationException($"PlainBodies proved a body where the flow analysis reports {diagnostic}");

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, OwnershipFacts facts)
    {
        foreach (IOperation body in context.OperationBlocks)
        {
            if (body is ISymbolInitializerOperation initializer)
            {
                CheckInitializer(initializer, facts, context);
                continue;
            }

            if (body is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation or IExpressionStatementOperation))
            {
                continue;
            }

            bool proven = PlainBodies.NothingToReport(body, facts, context.CancellationToken);
            if (proven && !CheckProofs)
            {
                continue; // proven without a flow graph
            }

            ControlFlowGraph graph;
            try
            {
                graph = context.GetControlFlowGraph(body);
            }
            catch (System.ArgumentException)
            {
                continue; // not a body a flow graph can be built for (e.g. a field initializer)
            }

            OwnershipAnalysis.Report(graph, facts, proven ? WrongProof : context.ReportDiagnostic, context.CancellationToken);
        }
    }

    /// <summary><c>private readonly H handle = Lib.Open();</c> in a type that never disposes <c>handle</c>.</summary>
    private static void CheckInitializer(ISymbolInitializerOperation initializer, OwnershipFacts facts, OperationBlockAnalysisContext context)
    {
        if (ValueOrigin.Unwrap(initializer.Value) is not IInvocationOperation call || Owned.IsCreation(call, facts, captures: null) is not { } creation)
        {
            return;
        }

        (ImmutableArray<ISymbol> members, SyntaxNode at) = initializer switch
        {
            IFieldInitializerOperation field => (field.InitializedFields.CastArray<ISymbol>(), initializer.Syntax.Parent ?? initializer.Syntax), // the declarator: 'handle = Lib.Open()'
            IPropertyInitializerOperation property => (property.InitializedProperties.CastArray<ISymbol>(), initializer.Value.Syntax),
            _ => (ImmutableArray<ISymbol>.Empty, initializer.Syntax),
        };
        foreach (ISymbol member in members)
        {
            HolderVerdict verdict = facts.Owners.Judge(member, context.CancellationToken);
            if (verdict != HolderVerdict.MayRelease)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.NotDisposed, at.GetLocation(), new MemberStore(member, Elements: false).Message($"The {creation.Describe()}", verdict)));
            }
        }
    }
}
