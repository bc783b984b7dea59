using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Checks;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// The analyzer's view of one local, for a code fix: the same tracked locals, questions, flow and rules as the
/// analyzer, run over the graph that declares the local, and read instead of reported. A fix asks it what the analyzer
/// reports there, what every reference to the local does (<see cref="Owned.EffectOf"/>), where the local is written,
/// and what it may hold at a reference or write, so it is never offered where the analyzer sees the local differently.
/// </summary>
internal sealed class OwnershipQuery : OwnershipObserver
{
    private readonly int index;
    private readonly List<Diagnostic> diagnostics = new();
    private readonly List<(IOperation Reference, Effect Effect)> references = new();
    private readonly List<WriteEvent> writes = new();
    private readonly Dictionary<SyntaxNode, Fate> before = new();

    private OwnershipQuery(int index) => this.index = index;

    /// <summary>What the analyzer reports in the graph that declares the local (its lambdas and local functions left out).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>Every reference to the local in code the flow reaches, except writes, with what it does (through captures that stand for it, too).</summary>
    public IReadOnlyList<(IOperation Reference, Effect Effect)> References => references;

    /// <summary>Every write of the local in code the flow reaches: assignments, declarators with a value, out arguments.</summary>
    public IReadOnlyList<WriteEvent> Writes => writes;

    /// <summary>
    /// The analysis of the code around <paramref name="local"/>, or null when the analyzer does not follow it (it is
    /// captured by a lambda or local function, never receives an owned value, or its body has no flow graph).
    /// </summary>
    /// <param name="local">The local.</param>
    /// <param name="inBody">Any operation of the body that declares it (a code fix gets it from its semantic model).</param>
    /// <param name="facts">The ownership facts of the compilation.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static OwnershipQuery? ForLocal(ILocalSymbol local, IOperation inBody, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        ControlFlowGraph? graph;
        try
        {
            graph = FlowGraphs.Of(ValueOrigin.Root(inBody), cancellationToken) is { } root ? FlowGraphs.Declaring(new GraphParts(root), local, cancellationToken) : null;
        }
        catch (ArgumentException)
        {
            return null; // not a body a flow graph can be built for
        }

        if (graph is null)
        {
            return null;
        }

        OwnershipAnalysis analysis = OwnershipAnalysis.Solve(graph, facts, cancellationToken);
        if (analysis.Locals.IndexOf(local) is not { } index)
        {
            return null;
        }

        var query = new OwnershipQuery(index);
        var rules = new RuleContext(analysis.Locals, facts, query.diagnostics.Add, cancellationToken).AllRules();
        analysis.Replay(rules.Append(query).ToList());
        return query;
    }

    /// <summary>Whether the analyzer reports <paramref name="id"/> at <paramref name="span"/>.</summary>
    public bool Reports(string id, TextSpan span) => diagnostics.Any(d => d.Id == id && d.Location.SourceSpan == span);

    /// <summary>Whether every reference keeps ownership where it is: uses and releases only, nothing moved or handed on.</summary>
    public bool OnlyKept => references.All(r => r.Effect is Effect.Use or Effect.Release or Effect.Alias);

    /// <summary>The write at <paramref name="syntax"/> (a declarator, an assignment or an out argument), if the flow reaches one there.</summary>
    public WriteEvent? WriteAt(SyntaxNode syntax)
    {
        foreach (WriteEvent write in writes)
        {
            if (write.Write.Syntax == syntax)
            {
                return write;
            }
        }

        return null;
    }

    /// <summary>What the local may hold (on some path) just before the write or explicit reference at <paramref name="syntax"/>.</summary>
    public Fate Before(SyntaxNode syntax) => before.TryGetValue(syntax, out Fate fate) ? fate : Fate.None;

    /// <summary>What the explicit reference at <paramref name="syntax"/> does, or null when the flow reaches none there.</summary>
    public Effect? EffectAt(SyntaxNode syntax)
    {
        foreach ((IOperation reference, Effect effect) in references)
        {
            if (reference.Syntax == syntax && !reference.IsImplicit && reference is not IFlowCaptureReferenceOperation)
            {
                return effect;
            }
        }

        return null;
    }

    public override void Reference(in ReferenceEvent e, OwnershipState state)
    {
        if (e.Index == index)
        {
            references.Add((e.Reference, e.Effect));
            if (!e.IsImplicit)
            {
                Remember(e.Reference.Syntax, state[index]);
            }
        }
    }

    public override void Write(in WriteEvent e, OwnershipState state)
    {
        if (e.Index == index)
        {
            writes.Add(e);
            Remember(e.Write.Syntax, state[index]);
        }
    }

    private void Remember(SyntaxNode syntax, Fate fate) => before[syntax] = before.TryGetValue(syntax, out Fate seen) ? seen | fate : fate;
}
