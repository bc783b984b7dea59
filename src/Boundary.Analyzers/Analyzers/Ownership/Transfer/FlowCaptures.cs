using System;
using System.Collections.Generic;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>
/// What the flow graph's captures hold. The graph spills values into captures for <c>?.</c>, <c>??</c>, <c>?:</c>,
/// <c>switch</c> expressions and <c>using (h)</c>; a capture only ever filled with one tracked local is that local under
/// another name, and a capture only ever filled with owned results (or null) is itself an owned result.
/// </summary>
internal sealed class FlowCaptures
{
    private readonly Dictionary<CaptureId, List<IOperation>> values = new();
    private readonly Dictionary<CaptureId, Creation> owned = new();
    private readonly Dictionary<CaptureId, int> aliases = new();

    public FlowCaptures(GraphParts graph, OwnershipFacts facts)
    {
        for (int i = 0; i < graph.Operations.Count; i++)
        {
            if (graph.Kinds[i] == OperationKind.FlowCapture && graph.Operations[i] is IFlowCaptureOperation capture)
            {
                if (!values.TryGetValue(capture.Id, out List<IOperation>? list))
                {
                    values[capture.Id] = list = new List<IOperation>(1);
                }

                list.Add(capture.Value);
            }
        }

        // Captures of captures (a '??' inside a switch arm) resolve from the inside out: repeat until nothing changes.
        Settle(id => ResolveOwned(id, facts));
    }

    /// <summary>The owned result a capture holds on every path where it holds anything, or null.</summary>
    public Creation? OwnedSource(CaptureId id) => owned.TryGetValue(id, out Creation? source) ? source : null;

    /// <summary>Records which captures stand for a tracked local, once the tracked locals are known.</summary>
    public void FindAliases(Func<IOperation, int?> trackedLocal)
        => Settle(id =>
        {
            if (aliases.ContainsKey(id))
            {
                return false;
            }

            int? same = null;
            foreach (IOperation value in values[id])
            {
                int? index = trackedLocal(value) ?? (ValueOrigin.Unwrap(value) is IFlowCaptureReferenceOperation inner && aliases.TryGetValue(inner.Id, out int i) ? i : null);
                if (index is null || (same is not null && same != index))
                {
                    return false;
                }

                same = index;
            }

            if (same is not { } found)
            {
                return false;
            }

            aliases[id] = found;
            return true;
        });

    /// <summary>The tracked local a capture stands for, if it only ever holds that local.</summary>
    public bool IsAlias(CaptureId id, out int index) => aliases.TryGetValue(id, out index);

    /// <summary>What a capture holds when it is filled in exactly one place (the target of <c>f ??= ...</c>), else null.</summary>
    public IOperation? SingleValue(CaptureId id)
        => values.TryGetValue(id, out List<IOperation>? list) && list.Count == 1 ? list[0] : null;

    private bool ResolveOwned(CaptureId id, OwnershipFacts facts)
    {
        if (owned.ContainsKey(id))
        {
            return false;
        }

        Creation? source = null;
        foreach (IOperation value in values[id])
        {
            if (Owned.IsCreation(value, facts, this) is { } creation)
            {
                source ??= creation;
            }
            else if (!NullTests.IsNull(value))
            {
                return false; // something that is not owned: the capture is not either
            }
        }

        if (source is null)
        {
            return false;
        }

        owned[id] = source;
        return true;
    }

    private void Settle(Func<CaptureId, bool> step)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (CaptureId id in values.Keys)
            {
                changed |= step(id);
            }
        }
    }
}
