using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// Catch handlers. A handler starts from what the locals may hold wherever an exception can arise in its try block. A
/// value live at every such point is live in the handler, which must release it or hand it on; a value the try block
/// may or may not have released counts as handed on, because where the exception came from is unknown. So the handler's
/// own code is judged, never the exception path itself.
/// </summary>
internal sealed partial class OwnershipFlow
{
    /// <summary>Catch handlers feed back into their try blocks through loops; past this many rounds they are left out.</summary>
    private const int MaxRounds = 4;

    /// <summary>
    /// Solves the graph. Catch handlers start from the states of their try blocks, which a handler can change again
    /// through a loop: solve, derive the handlers' entry states, and solve again until they settle.
    /// </summary>
    private void SolveWithCatches()
    {
        var seeds = new Dictionary<int, Flow>();
        Solve(seeds);
        for (int round = 1; catches.Count > 0; round++)
        {
            Dictionary<int, Flow> next = CatchEntries();
            if (Same(seeds, next))
            {
                break;
            }

            seeds = round < MaxRounds ? next : new Dictionary<int, Flow>();
            Solve(seeds);
            if (seeds.Count == 0)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The state each catch handler starts with: what a local may hold at any point of the try block where an exception
    /// can arise. A value live at every such point stays live (the handler must release it or hand it on); a value
    /// released somewhere in the try block counts as handed on, since where the exception came from is unknown.
    /// </summary>
    private Dictionary<int, Flow> CatchEntries()
    {
        var entries = new Dictionary<int, Flow>();
        foreach ((ControlFlowRegion region, int[] handlers) in catches)
        {
            var anywhere = new Flow(locals.Count);
            var notAlwaysLive = new bool[locals.Count];
            bool reached = false;
            observer = (state, mayThrowHere) =>
            {
                if (mayThrowHere)
                {
                    anywhere.UnionWith(state);
                }

                for (int i = 0; i < notAlwaysLive.Length; i++)
                {
                    notAlwaysLive[i] |= state[i] != Ownership.Live;
                }
            };
            for (int ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                if (inStates[ordinal] is { } state)
                {
                    reached = true;
                    Transfer(graph.Blocks[ordinal], state.Clone());
                }
            }

            observer = null;
            if (!reached)
            {
                continue;
            }

            var entry = new Flow(locals.Count);
            for (int i = 0; i < locals.Count; i++)
            {
                entry[i] = !anywhere[i].HasFlag(Ownership.Live) ? anywhere[i] : notAlwaysLive[i] ? Ownership.Escaped : Ownership.Live;
            }

            foreach (int handler in handlers)
            {
                entries[handler] = entry;
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

    private static bool Same(Dictionary<int, Flow> a, Dictionary<int, Flow> b)
        => a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out Flow? other) && entry.Value.SameAs(other));
}
