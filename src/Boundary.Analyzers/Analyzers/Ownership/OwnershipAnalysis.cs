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

    private OwnershipAnalysis(GraphParts parts, TrackedLocals locals, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        Parts = parts;
        Locals = locals;
        Facts = facts;
        solver = new FlowSolver<OwnershipState>(parts.Graph, new OwnershipTransfer(parts, locals, facts), cancellationToken);
        solver.Solve();
    }

    public ControlFlowGraph Graph => Parts.Graph;

    public List<IOperation> Operations => Parts.Operations;

    public TrackedLocals Locals { get; }

    public OwnershipFacts Facts { get; }

    /// <summary>The graph's operations, locals and nested graphs, each computed once.</summary>
    internal GraphParts Parts { get; }

    /// <summary>Solves <paramref name="graph"/> (not the lambdas and local functions inside it).</summary>
    public static OwnershipAnalysis Solve(ControlFlowGraph graph, OwnershipFacts facts, CancellationToken cancellationToken)
        => Solve(new GraphParts(graph), facts, cancellationToken);

    /// <summary>Analyzes <paramref name="graph"/> and the graphs of the lambdas and local functions inside it, reporting what the rules find.</summary>
    public static void Report(ControlFlowGraph graph, OwnershipFacts facts, Action<Diagnostic> report, CancellationToken cancellationToken)
        => Report(new GraphParts(graph), facts, report, cancellationToken);

    private static OwnershipAnalysis Solve(GraphParts parts, OwnershipFacts facts, CancellationToken cancellationToken)
        => new(parts, TrackedLocals.Find(parts, facts, cancellationToken), facts, cancellationToken);

    private static void Report(GraphParts parts, OwnershipFacts facts, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        OwnershipAnalysis analysis = Solve(parts, facts, cancellationToken);
        analysis.Replay(new RuleContext(analysis.Locals, facts, report, cancellationToken).AllRules());
        foreach (GraphParts nested in parts.Nested(cancellationToken))
        {
            Report(nested, facts, report, cancellationToken);
        }
    }

    /// <summary>Replays the solved graph through <paramref name="observers"/>, then shows them the exit state.</summary>
    public void Replay(IReadOnlyList<OwnershipObserver> observers)
    {
        solver.Replay(new OwnershipTransfer(Parts, Locals, Facts, observers));
        if (solver.Exit is { } exit)
        {
            foreach (OwnershipObserver observer in observers)
            {
                observer.Exit(exit);
            }
        }
    }
}
