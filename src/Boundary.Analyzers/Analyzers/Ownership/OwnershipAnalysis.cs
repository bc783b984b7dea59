using System;
using System.Collections.Generic;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Checks;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// The ownership analysis of one control flow graph, in three steps: find the locals that receive owned values
/// (<see cref="TrackedLocals"/>), solve the graph with the ownership transfer rules (<see cref="FlowSolver{TState}"/>
/// driving <see cref="OwnershipTransfer"/>, silently), then replay the solved graph once through observers — the
/// rules that report, or a code fix's probe — and show them the state where the graph ends.
/// </summary>
internal sealed class OwnershipAnalysis
{
    private readonly FlowSolver<OwnershipState> solver;

    private OwnershipAnalysis(ControlFlowGraph graph, List<IOperation> operations, TrackedLocals locals, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        Graph = graph;
        Operations = operations;
        Locals = locals;
        Facts = facts;
        solver = new FlowSolver<OwnershipState>(graph, new OwnershipTransfer(locals, facts), cancellationToken);
        solver.Solve();
    }

    public ControlFlowGraph Graph { get; }

    public List<IOperation> Operations { get; }

    public TrackedLocals Locals { get; }

    public OwnershipFacts Facts { get; }

    /// <summary>Solves <paramref name="graph"/> (not the lambdas and local functions inside it).</summary>
    public static OwnershipAnalysis Solve(ControlFlowGraph graph, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        List<IOperation> operations = FlowGraphs.Operations(graph);
        return new OwnershipAnalysis(graph, operations, TrackedLocals.Find(graph, operations, facts, cancellationToken), facts, cancellationToken);
    }

    /// <summary>Analyzes <paramref name="graph"/> and the graphs of the lambdas and local functions inside it, reporting what the rules find.</summary>
    public static void Report(ControlFlowGraph graph, OwnershipFacts facts, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        OwnershipAnalysis analysis = Solve(graph, facts, cancellationToken);
        analysis.Replay(new RuleContext(analysis.Locals, facts, report, cancellationToken).AllRules());
        foreach (ControlFlowGraph nested in FlowGraphs.Nested(graph, analysis.Operations, cancellationToken))
        {
            Report(nested, facts, report, cancellationToken);
        }
    }

    /// <summary>Replays the solved graph through <paramref name="observers"/>, then shows them the exit state.</summary>
    public void Replay(IReadOnlyList<OwnershipObserver> observers)
    {
        solver.Replay(new OwnershipTransfer(Locals, Facts, observers));
        if (solver.Exit is { } exit)
        {
            foreach (OwnershipObserver observer in observers)
            {
                observer.Exit(exit);
            }
        }
    }
}
