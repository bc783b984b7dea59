using System.Collections.Generic;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>
/// The locals of one graph whose owned values the flow follows: every local this graph declares (and no lambda or
/// local function captures: that code owns it from then on) that receives a creation — by assignment, through an out
/// argument, or by a null-excluding pattern such as <c>Lib.TryOpen() is { } h</c> — plus the borrowed views of them
/// (a NativeBuffer's Span, a <c>[return: Borrowed]</c> handle obtained from one, and a raw pointer into one:
/// <see cref="Owned.PointsInto"/>), and the flow captures that stand for them. When there are any, also the <c>bool</c>s whose tests the flow correlates (<see cref="ConditionBools"/>).
/// </summary>
internal sealed class TrackedLocals
{
    private readonly Dictionary<ILocalSymbol, int> tracked = new(SymbolEqualityComparer.Default);
    private readonly List<ILocalSymbol> locals = new();
    private readonly List<(IOperation Origin, Creation Creation)> origins = new();
    private readonly Dictionary<ILocalSymbol, int> views = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> pointers = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, (int Index, bool MatchedWhenTrue)> patterns = new();

    private TrackedLocals(FlowCaptures captures) => Captures = captures;

    /// <summary>The number of tracked locals; indices run from 0.</summary>
    public int Count => locals.Count;

    /// <summary>What the graph's flow captures hold.</summary>
    public FlowCaptures Captures { get; }

    /// <summary>The bools whose value the flow follows per path (none when no local is tracked: there is nothing to correlate).</summary>
    public ConditionBools Bools { get; private set; } = ConditionBools.None;

    public static TrackedLocals Find(GraphParts graph, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        List<IOperation> operations = graph.Operations;
        List<OperationKind> kinds = graph.Kinds;
        var found = new TrackedLocals(new FlowCaptures(graph, facts));
        HashSet<ILocalSymbol> declared = graph.DeclaredLocals;
        if (graph.Nested(cancellationToken).Count > 0)
        {
            declared = new HashSet<ILocalSymbol>(declared, SymbolEqualityComparer.Default);
            declared.ExceptWith(FlowGraphs.CapturedLocals(graph, cancellationToken));
        }

        var conditions = new HashSet<IOperation>();
        foreach (BasicBlock block in graph.Graph.Blocks)
        {
            if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue is { } condition)
            {
                conditions.Add(condition);
            }
        }

        for (int i = 0; i < operations.Count; i++)
        {
            if (kinds[i] is not (OperationKind.SimpleAssignment or OperationKind.Argument or OperationKind.IsPattern))
            {
                continue; // the cheap test first: most operations are none of these
            }

            switch (operations[i])
            {
                case ISimpleAssignmentOperation assignment when ValueOrigin.Unwrap(assignment.Target) is ILocalReferenceOperation target && declared.Contains(target.Local)
                    && Owned.IsCreation(assignment.Value, facts, found.Captures) is { } creation:
                    found.Track(target.Local, assignment, creation);
                    break;
                case IArgumentOperation argument when Owned.IsCreation(argument, facts) is { } creation
                    && Owned.WrittenBy(argument) is ILocalReferenceOperation target && declared.Contains(target.Local):
                    found.Track(target.Local, argument, creation);
                    break;
                case IIsPatternOperation test when conditions.Contains(test) && Owned.IsCreation(test.Value, facts, found.Captures) is { } creation
                    && NullTests.DeclaredLocal(test) is (ILocalSymbol local, bool matchedWhenTrue) && declared.Contains(local):
                    found.patterns[test] = (found.Track(local, test, creation), matchedWhenTrue);
                    break;
            }
        }

        found.Captures.FindAliases(value => ValueOrigin.Unwrap(value) is ILocalReferenceOperation local && found.tracked.TryGetValue(local.Local, out int index) ? index : null);

        for (int i = 0; i < operations.Count; i++)
        {
            if (kinds[i] == OperationKind.SimpleAssignment && operations[i] is ISimpleAssignmentOperation assignment && ValueOrigin.Unwrap(assignment.Target) is ILocalReferenceOperation target && !found.tracked.ContainsKey(target.Local)
                && declared.Contains(target.Local) && !found.views.ContainsKey(target.Local) && !Owned.IsRawPointer(target.Local.Type)
                && found.OwnerOf(assignment.Value, facts) is { } owner)
            {
                found.views.Add(target.Local, owner);
            }
        }

        if (found.Count > 0)
        {
            found.FindPointers(graph, declared, facts);
        }

        if (found.Count > 0)
        {
            found.Bools = ConditionBools.Find(graph, cancellationToken);
        }

        return found;
    }

    /// <summary>The tracked local's name.</summary>
    public string Name(int index) => locals[index].Name;

    public ILocalSymbol Local(int index) => locals[index];

    /// <summary>Where the local first receives a creation (an assignment, an out argument or a pattern), and that creation.</summary>
    public (IOperation Origin, Creation Creation) Origin(int index) => origins[index];

    /// <summary>The index of a tracked local, or null.</summary>
    public int? IndexOf(ILocalSymbol local) => tracked.TryGetValue(local, out int index) ? index : null;

    /// <summary>The tracked local an operand is, directly or through a capture that stands for it.</summary>
    public int? Index(IOperation operand) => ValueOrigin.Unwrap(operand) switch
    {
        ILocalReferenceOperation local when tracked.TryGetValue(local.Local, out int index) => index,
        IFlowCaptureReferenceOperation capture when Captures.IsAlias(capture.Id, out int index) => index,
        _ => null,
    };

    /// <summary>The tracked local that <paramref name="local"/> is a borrowed view of, or null.</summary>
    public int? ViewOwner(ILocalSymbol local) => views.TryGetValue(local, out int owner) ? owner : null;

    /// <summary>Whether <paramref name="local"/> is a raw pointer into what a tracked local owns (a borrowed view that does not keep its owner alive).</summary>
    public bool IsPointerView(ILocalSymbol local) => pointers.Contains(local);

    /// <summary>For a null-excluding pattern that binds a tracked local: the local, and whether it is bound when the test is true.</summary>
    public (int Index, bool MatchedWhenTrue)? Pattern(IOperation test) => patterns.TryGetValue(test, out (int, bool) pattern) ? pattern : null;

    private int Track(ILocalSymbol local, IOperation origin, Creation creation)
    {
        if (!tracked.TryGetValue(local, out int index))
        {
            tracked.Add(local, index = locals.Count);
            locals.Add(local);
            origins.Add((origin, creation));
        }

        return index;
    }

    /// <summary>
    /// The pointer locals every write of which points into the same tracked local (or a view of it, or another such
    /// pointer), apart from null: <c>fixed (int* p = data.Span)</c>, <c>byte* p = (byte*)Unsafe.AsPointer(ref
    /// MemoryMarshal.GetReference(view))</c>, <c>nint raw = h.DangerousGetHandle()</c>, <c>int* q = p + 1</c>; stepping it
    /// (<c>p++</c>, <c>p += n</c>) keeps it in the same memory. A pointer written any other way (through ref or out, its
    /// address taken, or from something else on some path) is not a view.
    /// </summary>
    private void FindPointers(GraphParts graph, HashSet<ILocalSymbol> declared, OwnershipFacts facts)
    {
        var candidates = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        var rejected = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        for (int i = 0; i < graph.Operations.Count; i++)
        {
            if (graph.Kinds[i] != OperationKind.LocalReference)
            {
                continue;
            }

            var reference = (ILocalReferenceOperation)graph.Operations[i];

            ILocalSymbol local = reference.Local;
            if (!Owned.IsRawPointer(local.Type) || !declared.Contains(local) || tracked.ContainsKey(local) || views.ContainsKey(local) || local.IsRef)
            {
                continue;
            }

            if (LocalWrites.IsPlainAssignmentTarget(reference))
            {
                IOperation value = ((ISimpleAssignmentOperation)reference.Parent!).Value;
                if (!NullTests.IsNull(value) && value.ConstantValue is not { HasValue: true })
                {
                    if (!candidates.TryGetValue(local, out List<IOperation>? values))
                    {
                        candidates[local] = values = new List<IOperation>();
                    }

                    values.Add(value); // null and constants point into nothing
                }
            }
            else if (!LocalWrites.IsPlainRead(reference) && !Steps(reference))
            {
                rejected.Add(local);
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (KeyValuePair<ILocalSymbol, List<IOperation>> candidate in candidates)
            {
                if (rejected.Contains(candidate.Key) || pointers.Contains(candidate.Key))
                {
                    continue;
                }

                int? owner = null;
                foreach (IOperation value in candidate.Value)
                {
                    int? into = PointerOwner(value, facts, depth: 6);
                    if (into is null || (owner is not null && owner != into))
                    {
                        owner = null;
                        break;
                    }

                    owner = into;
                }

                if (owner is { } found)
                {
                    views.Add(candidate.Key, found);
                    pointers.Add(candidate.Key);
                    changed = true;
                }
            }
        }
    }

    /// <summary><c>p++</c>, <c>p -= 2</c>: a pointer that moves within the memory it points into.</summary>
    private static bool Steps(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IIncrementOrDecrementOperation => true,
        ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound => compound.Target == reference,
        _ => false,
    };

    /// <summary>The tracked local a raw pointer value points into: through spans, views, handles and other pointers.</summary>
    private int? PointerOwner(IOperation value, OwnershipFacts facts, int depth)
    {
        if (depth == 0)
        {
            return null;
        }

        switch (ValueOrigin.Unwrap(value))
        {
            case ILocalReferenceOperation local when tracked.TryGetValue(local.Local, out int index):
                return index;
            case ILocalReferenceOperation local:
                return views.TryGetValue(local.Local, out int owner) ? owner : null;
        }

        if (OwnerOf(value, facts) is { } borrowed)
        {
            return borrowed; // buffer.Span
        }

        return Owned.PointsInto(value) is { } into ? PointerOwner(into, facts, depth - 1) : null;
    }

    private int? OwnerOf(IOperation value, OwnershipFacts facts)
    {
        foreach (IOperation operand in Owned.IsBorrowedView(value, facts))
        {
            if (ValueOrigin.Unwrap(operand) is ILocalReferenceOperation owner && tracked.TryGetValue(owner.Local, out int index))
            {
                return index;
            }
        }

        return null;
    }
}
