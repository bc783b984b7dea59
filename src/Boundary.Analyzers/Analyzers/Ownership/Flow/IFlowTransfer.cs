using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership.Flow;

/// <summary>A state of a forward data flow problem: what may hold at one point, joined by union over paths.</summary>
/// <typeparam name="TState">The state type itself.</typeparam>
internal interface IFlowState<TState>
    where TState : class
{
    TState Clone();

    /// <summary>Adds <paramref name="other"/>'s possibilities; true when anything changed.</summary>
    bool UnionWith(TState other);

    bool SameAs(TState other);

    /// <summary>No path can be in this state (an edge whose condition contradicts what every path knows): nothing flows on.</summary>
    bool IsUnreachable { get; }
}

/// <summary>
/// The problem-specific half of a forward data flow analysis, which <see cref="FlowSolver{TState}"/> drives over a
/// control flow graph: the entry state, what each operation does to the state, and what a condition tells on each of
/// its edges.
/// </summary>
/// <typeparam name="TState">The state.</typeparam>
internal interface IFlowTransfer<TState>
    where TState : class, IFlowState<TState>
{
    /// <summary>The state where the graph starts.</summary>
    TState Entry();

    /// <summary>
    /// Whether running <paramref name="block"/> leaves every state as it is and shows an observer nothing: the solver
    /// then lets it run with the state it enters with instead of a copy.
    /// </summary>
    bool PassesThrough(BasicBlock block);

    /// <summary>Runs one operation of a block.</summary>
    void Apply(IOperation operation, TState state);

    /// <summary>Runs the branch value of a block (a condition, a return's or a throw's value).</summary>
    void ApplyBranchValue(BasicBlock block, IOperation value, TState state);

    /// <summary>The state on the edge where <paramref name="condition"/> is <paramref name="conditionTrue"/>: the same instance when the condition tells nothing, an unreachable one when no path can take the edge.</summary>
    TState Refine(IOperation condition, bool conditionTrue, TState state);

    /// <summary>The state entering <paramref name="block"/> along an edge: the same instance, or one that forgets what no longer matters there.</summary>
    TState Enter(BasicBlock block, TState state);

    /// <summary>A new collector of the states a <c>try</c> block may throw from, which gives its catch handlers' entry state.</summary>
    ICatchEntry<TState> CatchEntry();
}

/// <summary>Collects the states at the points of a <c>try</c> block where an exception may arise.</summary>
/// <typeparam name="TState">The state.</typeparam>
internal interface ICatchEntry<TState>
{
    /// <summary>Sees the state at one point of the try block: before each operation (where it may throw), and where a block ends (only a block that runs nothing may throw there).</summary>
    void See(TState state, bool mayThrowHere);

    /// <summary>The state a handler of the try block starts with.</summary>
    TState Entry();
}
