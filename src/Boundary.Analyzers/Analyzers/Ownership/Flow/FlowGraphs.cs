using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Flow;

/// <summary>The parts of a control flow graph an analysis of it needs: its operations, its locals, and the graphs of the lambdas and local functions inside it.</summary>
internal static class FlowGraphs
{
    /// <summary>Every operation of the graph's blocks (branch values included), at any depth, in block order.</summary>
    public static List<IOperation> Operations(ControlFlowGraph graph)
        => graph.Blocks
            .SelectMany(b => b.BranchValue is null ? b.Operations : b.Operations.Append(b.BranchValue))
            .SelectMany(o => o.DescendantsAndSelf())
            .ToList();

    /// <summary>The graphs of the lambdas and local functions directly inside <paramref name="graph"/>.</summary>
    public static IEnumerable<ControlFlowGraph> Nested(ControlFlowGraph graph, List<IOperation> operations, CancellationToken cancellationToken)
    {
        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            yield return graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken);
        }

        foreach (IFlowAnonymousFunctionOperation lambda in operations.OfType<IFlowAnonymousFunctionOperation>())
        {
            yield return graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken);
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
    public static HashSet<ILocalSymbol> CapturedLocals(ControlFlowGraph graph, List<IOperation> operations, CancellationToken cancellationToken)
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        Collect(graph, operations);
        return captured;

        void Collect(ControlFlowGraph outer, List<IOperation> outerOperations)
        {
            foreach (ControlFlowGraph inner in Nested(outer, outerOperations, cancellationToken))
            {
                List<IOperation> innerOperations = Operations(inner);
                captured.UnionWith(innerOperations.OfType<ILocalReferenceOperation>().Select(r => r.Local));
                Collect(inner, innerOperations);
            }
        }
    }

    /// <summary>The graph, among <paramref name="graph"/> and those nested in it at any depth, that declares <paramref name="local"/>.</summary>
    public static ControlFlowGraph? Declaring(ControlFlowGraph graph, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (DeclaredLocals(graph).Contains(local))
        {
            return graph;
        }

        foreach (ControlFlowGraph inner in Nested(graph, Operations(graph), cancellationToken))
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
