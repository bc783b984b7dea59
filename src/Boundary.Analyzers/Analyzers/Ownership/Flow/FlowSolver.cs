using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership.Flow;

/// <summary>
/// Forward data flow over one control flow graph, for any <see cref="IFlowTransfer{TState}"/>: a worklist over the
/// blocks, states joined by union where paths meet (so "on some path" questions are a flag test), branches refined by
/// their condition (an edge no path can take carries nothing), <c>finally</c> regions run path by path for each state
/// that enters them, and catch handlers started from what their <c>try</c> block may throw from. Throws are not
/// followed. It knows nothing about ownership.
/// </summary>
/// <typeparam name="TState">The state.</typeparam>
internal sealed class FlowSolver<TState>
    where TState : class, IFlowState<TState>
{
    /// <summary>Catch handlers feed back into their try blocks through loops; past this many rounds they are left out.</summary>
    private const int MaxRounds = 4;

    /// <summary>How many solved finally states each region keeps for reuse.</summary>
    private const int MaxSolvedFinally = 8;

    private readonly ControlFlowGraph graph;
    private readonly IFlowTransfer<TState> transfer;
    private readonly CancellationToken cancellationToken;
    private readonly TState?[] inStates;
    private readonly List<(ControlFlowRegion Try, int[] Handlers)> catches = new();

    /// <summary>
    /// The finally regions solved so far, per region, with the state they were entered with (what a region does
    /// depends on nothing else): an edge that enters one again with the same state, and the replay, reuse the result.
    /// </summary>
    private readonly Dictionary<ControlFlowRegion, List<SolvedFinally>> solvedFinally = new();

    public FlowSolver(ControlFlowGraph graph, IFlowTransfer<TState> transfer, CancellationToken cancellationToken)
    {
        this.graph = graph;
        this.transfer = transfer;
        this.cancellationToken = cancellationToken;
        inStates = new TState?[graph.Blocks.Length];
        FindCatches(graph.Root);
    }

    /// <summary>The state where the graph ends (the union over every path that gets there), or null when none does.</summary>
    public TState? Exit => inStates[graph.Blocks.Length - 1];

    /// <summary>
    /// Solves the graph. Catch handlers start from the states of their try blocks, which a handler can change again
    /// through a loop: solve, derive the handlers' entry states, and solve again until they settle.
    /// </summary>
    public void Solve()
    {
        var seeds = new Dictionary<int, TState>();
        Solve(seeds);
        for (int round = 1; catches.Count > 0; round++)
        {
            Dictionary<int, TState> next = CatchEntries();
            if (Same(seeds, next))
            {
                break;
            }

            seeds = round < MaxRounds ? next : new Dictionary<int, TState>();
            Solve(seeds);
            if (seeds.Count == 0)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Runs every reached block once more from its final entry state, through <paramref name="observer"/> (a transfer
    /// that also judges what it sees). A state that only grows during solving (a "definitely" that becomes "maybe")
    /// is only ever judged in its final form. A <c>finally</c> region is replayed path by path, as it was solved: once
    /// for each edge that runs it, from the state on that edge — a union over the edges would make a value disposed
    /// on one path and live on another look "maybe disposed" in <c>finally</c>, hiding what happens on each path.
    /// </summary>
    public void Replay(IFlowTransfer<TState> observer)
    {
        var replayed = new HashSet<int>();
        foreach (BasicBlock block in graph.Blocks)
        {
            if (inStates[block.Ordinal] is not { } state || InFinally(block))
            {
                continue;
            }

            TState after = Start(block, state, observer);
            ReplayFinally(block, block.ConditionalSuccessor, after, observer, replayed);
            ReplayFinally(block, block.FallThroughSuccessor, after, observer, replayed);
        }

        // Finally blocks no edge ran path by path (reached another way): once, from the union, as before.
        foreach (BasicBlock block in graph.Blocks)
        {
            if (inStates[block.Ordinal] is { } state && InFinally(block) && !replayed.Contains(block.Ordinal))
            {
                Start(block, state, observer);
            }
        }
    }

    /// <summary>Replays the finally regions one edge of <paramref name="block"/> runs, from the state on that edge.</summary>
    private void ReplayFinally(BasicBlock block, ControlFlowBranch? branch, TState after, IFlowTransfer<TState> observer, HashSet<int> replayed)
    {
        if (branch?.Destination is null || branch.FinallyRegions.IsEmpty)
        {
            return;
        }

        TState flowing = Refine(block, branch, after);
        foreach (ControlFlowRegion region in branch.FinallyRegions)
        {
            flowing = RunFinally(region, flowing, observer, replayed);
        }
    }

    private static bool InFinally(BasicBlock block)
    {
        for (ControlFlowRegion? region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Finally)
            {
                return true;
            }
        }

        return false;
    }

    private void Solve(Dictionary<int, TState> seeds)
    {
        Array.Clear(inStates, 0, inStates.Length);
        BlockQueue work = new(inStates.Length);
        inStates[0] = transfer.Entry();
        work.Enqueue(0);
        foreach (KeyValuePair<int, TState> seed in seeds)
        {
            inStates[seed.Key] = seed.Value.Clone();
            work.Enqueue(seed.Key);
        }

        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BasicBlock block = graph.Blocks[work.Dequeue()];
            TState state = Start(block, inStates[block.Ordinal]!, transfer);
            Propagate(block, block.ConditionalSuccessor, state, work);
            Propagate(block, block.FallThroughSuccessor, state, work);
        }
    }

    /// <summary>
    /// Runs a block from <paramref name="entry"/> (left as it is) and returns the state leaving it: a copy, or
    /// <paramref name="entry"/> itself for a block that passes every state through. The solver never changes a state it
    /// got this way (what it keeps, it copies or unions into a state of its own), except that a block's edge back to
    /// itself unions into that very entry state, which only brings it nearer the fixed point the block is run from again.
    /// </summary>
    private static TState Start(BasicBlock block, TState entry, IFlowTransfer<TState> transfer)
    {
        if (transfer.PassesThrough(block))
        {
            return entry;
        }

        TState state = entry.Clone();
        Run(block, state, transfer, null);
        return state;
    }

    /// <summary>Runs one block; <paramref name="throwPoints"/> (catch entries) sees the state wherever an exception could arise, then the final one.</summary>
    private static void Run(BasicBlock block, TState state, IFlowTransfer<TState> transfer, ICatchEntry<TState>? throwPoints)
    {
        for (int i = 0; i < block.Operations.Length; i++)
        {
            throwPoints?.See(state, true);
            transfer.Apply(block.Operations[i], state);
        }

        if (block.BranchValue is { } value)
        {
            throwPoints?.See(state, true);
            transfer.ApplyBranchValue(block, value, state);
        }

        throwPoints?.See(state, block.Operations.IsEmpty && block.BranchValue is null);
    }

    /// <summary>Carries the state leaving <paramref name="block"/> along one of its edges, and queues the destination when its entry state grew.</summary>
    private void Propagate(BasicBlock block, ControlFlowBranch? branch, TState state, BlockQueue work)
    {
        if (branch?.Destination is not { } destination)
        {
            return; // throw, rethrow, end of a finally or catch: not followed.
        }

        TState flowing = Refine(block, branch, state);
        if (flowing.IsUnreachable)
        {
            return; // the condition contradicts what every path here knows
        }

        foreach (ControlFlowRegion region in branch.FinallyRegions)
        {
            flowing = RunFinally(region, flowing);
        }

        if (Join(destination, transfer.Enter(destination, flowing)))
        {
            work.Enqueue(destination.Ordinal);
        }
    }

    /// <summary>The state on one edge of a conditional block: what its condition tells there.</summary>
    private TState Refine(BasicBlock block, ControlFlowBranch branch, TState state)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is not { } condition)
        {
            return state;
        }

        // The conditional successor is taken when the condition equals ConditionKind (WhenTrue/WhenFalse).
        bool conditionTrue = branch == block.ConditionalSuccessor
            ? block.ConditionKind == ControlFlowConditionKind.WhenTrue
            : block.ConditionKind == ControlFlowConditionKind.WhenFalse;
        return transfer.Refine(condition, conditionTrue, state);
    }

    /// <summary>Runs a finally region for one incoming state (path by path) and returns the state leaving it.</summary>
    private TState RunFinally(ControlFlowRegion region, TState incoming)
    {
        (Dictionary<int, TState> local, TState leaving) = SolveFinally(region, incoming);
        foreach (KeyValuePair<int, TState> entry in local)
        {
            Join(graph.Blocks[entry.Key], entry.Value); // the solved graph knows every state a finally block runs with
        }

        return leaving;
    }

    /// <summary>
    /// Replays a finally region for one incoming state: solved silently first, so the observer sees each of its blocks
    /// once, with the final state of this path (a loop inside the region grows its states while solving).
    /// </summary>
    private TState RunFinally(ControlFlowRegion region, TState incoming, IFlowTransfer<TState> observer, HashSet<int> replayed)
    {
        (Dictionary<int, TState> local, TState leaving) = SolveFinally(region, incoming);
        foreach (KeyValuePair<int, TState> entry in local.OrderBy(e => e.Key))
        {
            replayed.Add(entry.Key);
            Start(graph.Blocks[entry.Key], entry.Value, observer);
        }

        return leaving;
    }

    /// <summary>The states a finally region's blocks run with for one incoming state, and the state leaving it.</summary>
    private (Dictionary<int, TState> Local, TState Leaving) SolveFinally(ControlFlowRegion region, TState incoming)
    {
        if (!solvedFinally.TryGetValue(region, out List<SolvedFinally>? solved))
        {
            solvedFinally[region] = solved = new List<SolvedFinally>();
        }

        for (int i = solved.Count - 1; i >= 0; i--)
        {
            if (solved[i].Incoming.SameAs(incoming))
            {
                return (solved[i].Local, solved[i].Leaving ?? incoming);
            }
        }

        (Dictionary<int, TState> Local, TState? Leaving) result = SolveFinallyAfresh(region, incoming);
        if (solved.Count == MaxSolvedFinally)
        {
            solved.RemoveAt(0);
        }

        solved.Add(new SolvedFinally(incoming.Clone(), result.Local, result.Leaving));
        return (result.Local, result.Leaving ?? incoming);
    }

    /// <summary>Solves a finally region for one incoming state; the leaving state is null when no path leaves it (then it is the incoming one).</summary>
    private (Dictionary<int, TState> Local, TState? Leaving) SolveFinallyAfresh(ControlFlowRegion region, TState incoming)
    {
        var local = new Dictionary<int, TState> { [region.FirstBlockOrdinal] = incoming.Clone() };
        BlockQueue work = new(inStates.Length);
        work.Enqueue(region.FirstBlockOrdinal);
        TState? leaving = null;
        while (work.Count > 0)
        {
            int ordinal = work.Dequeue();
            BasicBlock block = graph.Blocks[ordinal];
            TState after = Start(block, local[ordinal], transfer);
            foreach (ControlFlowBranch? branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
            {
                if (branch is null)
                {
                    continue;
                }

                TState state = Refine(block, branch, after);
                if (state.IsUnreachable)
                {
                    continue;
                }

                if (branch.Destination is { } next && next.Ordinal >= region.FirstBlockOrdinal && next.Ordinal <= region.LastBlockOrdinal)
                {
                    if (!local.TryGetValue(next.Ordinal, out TState? existing))
                    {
                        local[next.Ordinal] = state.Clone();
                        work.Enqueue(next.Ordinal);
                    }
                    else if (existing.UnionWith(state))
                    {
                        work.Enqueue(next.Ordinal);
                    }
                }
                else if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    if (leaving is null)
                    {
                        leaving = state.Clone();
                    }
                    else
                    {
                        leaving.UnionWith(state);
                    }
                }
            }
        }

        return (local, leaving);
    }

    private bool Join(BasicBlock block, TState state)
    {
        if (inStates[block.Ordinal] is not { } existing)
        {
            inStates[block.Ordinal] = state.Clone();
            return true;
        }

        return existing.UnionWith(state);
    }

    /// <summary>The state each catch handler starts with, from the states its try block may throw from.</summary>
    private Dictionary<int, TState> CatchEntries()
    {
        var entries = new Dictionary<int, TState>();
        foreach ((ControlFlowRegion region, int[] handlers) in catches)
        {
            ICatchEntry<TState> entry = transfer.CatchEntry();
            bool reached = false;
            for (int ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                if (inStates[ordinal] is { } state)
                {
                    reached = true;
                    Run(graph.Blocks[ordinal], state.Clone(), transfer, entry);
                }
            }

            if (!reached)
            {
                continue;
            }

            TState start = entry.Entry();
            foreach (int handler in handlers)
            {
                entries[handler] = start;
            }
        }

        return entries;
    }

    private void FindCatches(ControlFlowRegion region)
    {
        if (region.Kind == ControlFlowRegionKind.TryAndCatch)
        {
            catches.Add((region.NestedRegions[0], region.NestedRegions.Skip(1).Select(r => r.FirstBlockOrdinal).ToArray()));
        }

        foreach (ControlFlowRegion nested in region.NestedRegions)
        {
            FindCatches(nested);
        }
    }

    private static bool Same(Dictionary<int, TState> a, Dictionary<int, TState> b)
        => a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out TState? other) && entry.Value.SameAs(other));

    /// <summary>
    /// The blocks waiting to run, each at most once, lowest ordinal first: the graph's blocks are in source order, so a
    /// block usually runs after every edge into it has been joined, rather than once per edge (a first-in first-out
    /// queue runs a join point again for each path that reaches it later).
    /// </summary>
    private sealed class BlockQueue(int length)
    {
        private readonly bool[] pending = new bool[length];
        private int next;

        public int Count { get; private set; }

        public void Enqueue(int ordinal)
        {
            if (!pending[ordinal])
            {
                pending[ordinal] = true;
                Count++;
                next = Math.Min(next, ordinal);
            }
        }

        public int Dequeue()
        {
            while (!pending[next])
            {
                next++;
            }

            pending[next] = false;
            Count--;
            return next;
        }
    }

    /// <summary>A finally region solved from <paramref name="Incoming"/>: its blocks' states, and the state leaving it (null: the incoming one).</summary>
    private sealed record SolvedFinally(TState Incoming, Dictionary<int, TState> Local, TState? Leaving);
}
