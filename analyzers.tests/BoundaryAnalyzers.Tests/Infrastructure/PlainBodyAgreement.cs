using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BoundaryAnalyzers.Tests.Infrastructure;

/// <summary>
/// The ownership analyzer skips the flow analysis of a body <see cref="PlainBodies"/> proves has nothing to report;
/// this runs the flow analysis anyway on every body of a tree and collects each one the proof vouched for but where the
/// flow analysis does report something (a wrong proof would hide a real mistake). The corpora and the fuzz test ask it.
/// </summary>
internal static class PlainBodyAgreement
{
    /// <summary>How many bodies of <paramref name="tree"/> the analyzer looks at (they call a function that hands out or takes ownership), how many of them the proof vouched for, and where it was wrong.</summary>
    public static (int Proven, int Bodies, List<string> Wrong) Check(Compilation compilation, SyntaxTree tree)
    {
        var facts = new OwnershipFacts(compilation);
        SemanticModel model = compilation.GetSemanticModel(tree);
        int proven = 0, bodies = 0;
        var wrong = new List<string>();
        foreach (SyntaxNode member in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax))
        {
            if (model.GetOperation(member) is not { } body || body is not (IMethodBodyOperation or IConstructorBodyOperation))
            {
                continue;
            }

            if (!body.Descendants().OfType<IInvocationOperation>().Any(i => facts.For(i.TargetMethod).Matters))
            {
                continue; // the analyzer does not look at it
            }

            bodies++;
            if (!PlainBodies.NothingToReport(body, facts, CancellationToken.None))
            {
                continue;
            }

            proven++;
            var reported = new List<Diagnostic>();
            ControlFlowGraph? graph;
            try
            {
                graph = FlowGraphs.Of(body, CancellationToken.None);
            }
            catch (ArgumentException)
            {
                continue; // no flow graph for it: the analyzer skips it too
            }

            if (graph is not null)
            {
                OwnershipAnalysis.Report(graph, facts, reported.Add, CancellationToken.None);
            }

            wrong.AddRange(reported.Select(d => $"proven plain, but the flow analysis reports {d.Id} at {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage()}\n{member}"));
        }

        return (proven, bodies, wrong);
    }
}
