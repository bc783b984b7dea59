using System.Collections.Generic;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Flow;

/// <summary>The parts of a control flow graph an analysis of it needs: its operations, its locals, and the graphs of the lambdas and local functions inside it.</summary>
internal static class FlowGraphs
{
    /// <summary>The graphs of the lambdas and local functions directly inside <paramref name="graph"/>.</summary>
    public static IEnumerable<ControlFlowGraph> Nested(GraphParts graph, CancellationToken cancellationToken)
    {
        foreach (IMethodSymbol localFunction in graph.Graph.LocalFunctions)
        {
            yield return graph.Graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken);
        }

        for (int i = 0; i < graph.Operations.Count; i++)
        {
            if (graph.Kinds[i] == OperationKind.FlowAnonymousFunction)
            {
                yield return graph.Graph.GetAnonymousFunctionControlFlowGraph((IFlowAnonymousFunctionOperation)graph.Operations[i], cancellationToken);
            }
        }
    }

    /// <summary>The locals declared in this graph (not those of an enclosing method that a lambda merely uses).</summary>
    public static HashSet<ILocalSymbol> DeclaredLocals(ControlFlowGraph graph)
    {
        var declared = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ControlFlowRegion>();
        pending.Push(graph.Root);
        while (pending.Count > 0)
        {
            ControlFlowRegion region = pending.Pop();
            declared.UnionWith(region.Locals);
            foreach (ControlFlowRegion nested in region.NestedRegions)
            {
                pending.Push(nested);
            }
        }

        return declared;
    }

    /// <summary>The locals referenced inside the lambdas and local functions of this graph, at any depth.</summary>
    public static HashSet<ILocalSymbol> CapturedLocals(GraphParts graph, CancellationToken cancellationToken)
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        Collect(graph);
        return captured;

        void Collect(GraphParts outer)
        {
            foreach (GraphParts inner in outer.Nested(cancellationToken))
            {
                for (int i = 0; i < inner.Operations.Count; i++)
                {
                    if (inner.Kinds[i] == OperationKind.LocalReference)
                    {
                        captured.Add(((ILocalReferenceOperation)inner.Operations[i]).Local);
                    }
                }

                Collect(inner);
            }
        }
    }

    /// <summary>The graph, among <paramref name="graph"/> and those nested in it at any depth, that declares <paramref name="local"/>.</summary>
    public static ControlFlowGraph? Declaring(GraphParts graph, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (graph.DeclaredLocals.Contains(local))
        {
            return graph.Graph;
        }

        foreach (GraphParts inner in graph.Nested(cancellationToken))
        {
            if (Declaring(inner, local, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The graph of the method, constructor or accessor body <paramref name="root"/> is the top operation of, or null
    /// (an initializer: the ownership analyzer judges those without a flow graph).
    /// </summary>
    public static ControlFlowGraph? Of(IOperation root, CancellationToken cancellationToken) => root switch
    {
        IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block, cancellationToken),
        _ => null,
    };
}

/// <summary>
/// One control flow graph and what the analysis of it reads more than once, each computed once: its operations (with
/// where each block's start), the locals it declares, and the graphs nested in it.
/// </summary>
internal sealed class GraphParts
{
    private readonly int[] blockStarts;
    private readonly bool[] hasSteps;
    private readonly Dictionary<IOperation, IOperation[]> steps = new();
    private int stepCount;
    private HashSet<ILocalSymbol>? declared;
    private List<GraphParts>? nested;

    public GraphParts(ControlFlowGraph graph)
    {
        Graph = graph;
        var operations = new List<IOperation>();
        var kinds = new List<OperationKind>();
        var scratch = new List<IOperation>();
        blockStarts = new int[graph.Blocks.Length + 1];
        hasSteps = new bool[graph.Blocks.Length];
        foreach (BasicBlock block in graph.Blocks)
        {
            blockStarts[block.Ordinal] = operations.Count;
            int stepsBefore = stepCount;
            foreach (IOperation operation in block.Operations)
            {
                Walk(operation, operations, kinds, scratch);
            }

            if (block.BranchValue is { } value)
            {
                Walk(value, operations, kinds, scratch);
            }

            hasSteps[block.Ordinal] = stepCount > stepsBefore;
        }

        blockStarts[graph.Blocks.Length] = operations.Count;
        Operations = operations;
        Kinds = kinds;
    }

    public ControlFlowGraph Graph { get; }

    /// <summary>Every operation of the graph's blocks (branch values included), at any depth, in block order.</summary>
    public List<IOperation> Operations { get; }

    /// <summary>
    /// The kind of each of <see cref="Operations"/>, read once: <c>IOperation.Kind</c> is an interface call that every
    /// operation class answers differently, costly at every one of the analysis's passes over the operations.
    /// </summary>
    public List<OperationKind> Kinds { get; }

    /// <summary>The locals declared in this graph (see <see cref="FlowGraphs.DeclaredLocals"/>); shared, not to be changed.</summary>
    public HashSet<ILocalSymbol> DeclaredLocals => declared ??= FlowGraphs.DeclaredLocals(Graph);

    /// <summary>Where the operations of block <paramref name="ordinal"/> start in <see cref="Operations"/>.</summary>
    public int BlockStart(int ordinal) => blockStarts[ordinal];

    /// <summary>Where the operations of block <paramref name="ordinal"/> end (exclusive) in <see cref="Operations"/>.</summary>
    public int BlockEnd(int ordinal) => blockStarts[ordinal + 1];

    /// <summary>
    /// The operations inside <paramref name="topLevel"/> (one a block runs, or its branch value), itself included, of a
    /// kind the ownership transfer acts on (<see cref="OwnershipTransfer.ActsOn"/>), children before parents: what it
    /// sees when it walks the tree bottom-up, without walking the rest each time the block runs.
    /// </summary>
    public IOperation[] Steps(IOperation topLevel) => steps[topLevel];

    /// <summary>Whether any operation of block <paramref name="ordinal"/> (its branch value included) has <see cref="Steps"/>.</summary>
    public bool HasSteps(int ordinal) => hasSteps[ordinal];

    /// <summary>Adds <paramref name="topLevel"/> and its descendants to <paramref name="operations"/> (each before its children) and records its steps.</summary>
    private void Walk(IOperation topLevel, List<IOperation> operations, List<OperationKind> kinds, List<IOperation> scratch)
    {
        scratch.Clear();
        Add(topLevel);
        steps[topLevel] = scratch.Count == 0 ? System.Array.Empty<IOperation>() : scratch.ToArray();
        stepCount += scratch.Count;

        void Add(IOperation operation)
        {
            OperationKind kind = operation.Kind;
            operations.Add(operation);
            kinds.Add(kind);
            foreach (IOperation child in operation.ChildOperations)
            {
                Add(child);
            }

            if (OwnershipTransfer.ActsOn(kind))
            {
                scratch.Add(operation);
            }
        }
    }

    /// <summary>The graphs of the lambdas and local functions directly inside this graph (see <see cref="FlowGraphs.Nested"/>).</summary>
    public List<GraphParts> Nested(CancellationToken cancellationToken)
    {
        if (nested is null)
        {
            var found = new List<GraphParts>();
            foreach (ControlFlowGraph inner in FlowGraphs.Nested(this, cancellationToken))
            {
                found.Add(new GraphParts(inner));
            }

            nested = found;
        }

        return nested;
    }
}
