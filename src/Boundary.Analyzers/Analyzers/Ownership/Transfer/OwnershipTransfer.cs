using System;
using System.Collections.Generic;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Holders;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>
/// The ownership transfer rules: what each operation does to the <see cref="Fate"/> of the tracked locals. A creation
/// makes its local live; a release makes it disposed; a move into native code ([Consumed]) makes it moved; a hand-on
/// (returned, stored, captured, passed to code we cannot see) makes it escaped; a use changes nothing. Where a null test
/// of a local succeeds it holds nothing (<c>using</c>, <c>h?.Dispose()</c> and <c>if (h is not null) h.Dispose()</c>
/// leave nothing behind on their "null" path), and where <c>Lib.TryOpen() is { } h</c> matches, <c>h</c> owns the
/// result. A catch handler starts from what the locals may hold anywhere in its try block, except that a value the try
/// block may or may not have released counts as handed on: the exception path itself is not judged, only what the
/// handler does. A test of a followed <c>bool</c> (<see cref="ConditionBools"/>) keeps, on each edge, only the paths
/// where the bool may have that value, and an assignment of one updates what the paths know. Each event is shown to
/// the observers (the rules) before it changes the state; while the solver iterates there are none.
/// </summary>
internal sealed class OwnershipTransfer : IFlowTransfer<OwnershipState>
{
    private static readonly IReadOnlyList<OwnershipObserver> Silent = Array.Empty<OwnershipObserver>();

    private readonly GraphParts parts;
    private readonly TrackedLocals locals;
    private readonly OwnershipFacts facts;
    private readonly IReadOnlyList<OwnershipObserver> observers;

    public OwnershipTransfer(GraphParts parts, TrackedLocals locals, OwnershipFacts facts, IReadOnlyList<OwnershipObserver>? observers = null)
    {
        this.parts = parts;
        this.locals = locals;
        this.facts = facts;
        this.observers = observers ?? Silent;
    }

    public OwnershipState Entry() => new(locals.Count, locals.Bools.Count);

    /// <summary>A block with no steps: nothing in it references, writes or calls anything the transfer acts on.</summary>
    public bool PassesThrough(BasicBlock block) => !parts.HasSteps(block.Ordinal);

    public void Apply(IOperation operation, OwnershipState state) => Visit(operation, state, default);

    public void ApplyBranchValue(BasicBlock block, IOperation value, OwnershipState state)
    {
        var position = new Position(value, block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return);
        Visit(value, state, position);
        if (position.IsReturn && locals.Index(value) is { } index)
        {
            state[index] = Fate.Escaped; // returned: the caller owns it now
        }
    }

    public OwnershipState Refine(IOperation condition, bool conditionTrue, OwnershipState state)
    {
        OwnershipState refined;
        if (locals.Pattern(condition) is (int pattern, bool matchedWhenTrue))
        {
            refined = state.Clone();
            refined[pattern] = conditionTrue == matchedWhenTrue ? Fate.Live : Fate.None;
            return refined;
        }

        if (locals.Bools.Tested(condition) is (int tested, bool valueWhenTrue))
        {
            return state.Assume(tested, conditionTrue == valueWhenTrue);
        }

        if (NullTest(condition) is not (int index, bool nullWhenTrue) || conditionTrue != nullWhenTrue)
        {
            return state;
        }

        refined = state.Clone();
        refined[index] = Fate.None;
        return refined;
    }

    public OwnershipState Enter(BasicBlock block, OwnershipState state)
        => locals.Bools.DeadAt(block.Ordinal) is { } dead ? state.Forget(dead) : state;

    public ICatchEntry<OwnershipState> CatchEntry() => new HandlerEntry(locals.Count, locals.Bools.Count);

    /// <summary>The kinds of operation <see cref="Step"/> acts on; <see cref="GraphParts.Steps"/> keeps only those.</summary>
    internal static bool ActsOn(OperationKind kind)
        => kind is OperationKind.LocalReference or OperationKind.FlowCaptureReference or OperationKind.SimpleAssignment
            or OperationKind.Invocation or OperationKind.IsPattern;

    /// <summary>Runs a block's operation (or branch value) bottom-up: only the operations whose kind it acts on (<see cref="GraphParts.Steps"/>).</summary>
    private void Visit(IOperation topLevel, OwnershipState state, Position position)
    {
        foreach (IOperation operation in parts.Steps(topLevel))
        {
            Step(operation, state, position);
        }
    }

    private void Step(IOperation operation, OwnershipState state, Position position)
    {
        // By kind, not by type tests: this runs for every step of every block, each time a block is run. The kinds are
        // those of ActsOn.
        switch (operation.Kind)
        {
            case OperationKind.LocalReference:
                var local = (ILocalReferenceOperation)operation;
                if (locals.IndexOf(local.Local) is { } tracked)
                {
                    Reference(local, tracked, state);
                }
                else if (locals.ViewOwner(local.Local) is { } owner)
                {
                    View(local, owner, state, position);
                }

                break;
            case OperationKind.FlowCaptureReference:
                var capture = (IFlowCaptureReferenceOperation)operation;
                if (locals.Captures.IsAlias(capture.Id, out int aliased))
                {
                    Reference(capture, aliased, state);
                }

                break;
            case OperationKind.SimpleAssignment:
                var assignment = (ISimpleAssignmentOperation)operation;
                if (locals.Index(assignment.Target) is { } index)
                {
                    Creation? value = Owned.IsCreation(assignment.Value, facts, locals.Captures);
                    Write(new WriteEvent(assignment, index, value, value is not null ? Fate.Live : NullTests.IsNull(assignment.Value) ? Fate.None : Fate.Escaped, assignment.Syntax is VariableDeclaratorSyntax), state);
                }
                else if (observers.Count > 0 && Owned.IsCreation(assignment.Value, facts, locals.Captures) is { } creation
                    && MemberStore.Of(assignment, assignment.Value, locals.Captures) is { } store)
                {
                    Show(new StoredEvent(assignment.Syntax, creation, store));
                }

                if (!assignment.IsRef && locals.Bools.Count > 0 && locals.Bools.Index(assignment.Target) is { } assigned)
                {
                    state.Assign(assigned, locals.Bools.ValueOf(assignment.Value));
                }

                break;
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)operation;
                CallFacts called = facts.For(invocation.TargetMethod);
                if (observers.Count > 0 && called.ReturnsOwned)
                {
                    Show(new UnreceivedEvent(invocation, new Creation(invocation.TargetMethod, null), position.BranchValue));
                }

                if (called.IsBoundary)
                {
                    WriteOutArguments(invocation, state, position);
                }

                break;
            case OperationKind.IsPattern:
                var test = (IIsPatternOperation)operation;
                if (locals.Pattern(test) is (int bound, _))
                {
                    foreach (OwnershipObserver observer in observers)
                    {
                        observer.Rebind(test, bound, state);
                    }

                    state[bound] = Fate.None; // bound on the edge where the pattern matches (Refine)
                }

                break;
        }
    }

    /// <summary>A reference to a tracked local: what it does to the value (a write is done where the assignment or call completes).</summary>
    private void Reference(IOperation reference, int index, OwnershipState state)
    {
        Effect effect = Owned.EffectOf(reference, index, locals.Captures, facts, out IOperation? context, out IOperation child);
        if (effect == Effect.Write)
        {
            return;
        }

        foreach (OwnershipObserver observer in observers)
        {
            observer.Reference(new ReferenceEvent(reference, index, effect, context, child), state);
        }

        switch (effect)
        {
            case Effect.Move:
                state[index] = Fate.Moved;
                break;
            case Effect.Release:
                state[index] = Fate.Disposed;
                break;
            case Effect.HandOn:
                state[index] = Fate.Escaped; // someone else may own it now
                break;
        }
    }

    /// <summary>What a boundary function writes through its out arguments, once the call returns.</summary>
    private void WriteOutArguments(IInvocationOperation call, OwnershipState state, Position position)
    {
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter?.RefKind != RefKind.Out)
            {
                continue;
            }

            Creation? creation = Owned.IsCreation(argument, facts);
            IOperation target = Owned.WrittenBy(argument);
            if (locals.Index(target) is { } index)
            {
                bool declares = ValueOrigin.Unwrap(argument.Value) is IDeclarationExpressionOperation;
                Write(new WriteEvent(argument, index, creation, creation is not null ? Fate.Live : Fate.Escaped, declares), state);
            }
            else if (creation is not null && observers.Count > 0)
            {
                if (target is IDiscardOperation)
                {
                    Show(new UnreceivedEvent(argument, creation, position.BranchValue));
                }
                else if (MemberStore.Into(target, locals.Captures) is { } store)
                {
                    Show(new StoredEvent(argument.Syntax, creation, store));
                }
            }
        }
    }

    /// <summary>A tracked local receives a value: whatever it still owned on some path is lost.</summary>
    private void Write(in WriteEvent write, OwnershipState state)
    {
        foreach (OwnershipObserver observer in observers)
        {
            observer.Write(write, state);
        }

        state[write.Index] = write.NewFate;
    }

    private void View(ILocalReferenceOperation reference, int owner, OwnershipState state, Position position)
    {
        (IOperation? context, IOperation child) = Owned.Context(reference);
        if (observers.Count == 0 || (context is ISimpleAssignmentOperation assignment && assignment.Target == child))
        {
            return;
        }

        while (context is IBinaryOperation { Type: var type } arithmetic && Owned.IsRawPointer(type) && locals.IsPointerView(reference.Local))
        {
            (context, child) = Owned.Context(arithmetic); // p + 1 points into the same memory as p
        }

        var view = new ViewEvent(reference, owner, context, Returned: context is null && child == position.BranchValue && position.IsReturn);
        foreach (OwnershipObserver observer in observers)
        {
            observer.View(view, state);
        }
    }

    private void Show(in UnreceivedEvent e)
    {
        foreach (OwnershipObserver observer in observers)
        {
            observer.Unreceived(e);
        }
    }

    private void Show(in StoredEvent e)
    {
        foreach (OwnershipObserver observer in observers)
        {
            observer.Stored(e);
        }
    }

    /// <summary>A test of whether a tracked local is null: the local, and the condition's value when it is.</summary>
    private (int Index, bool NullWhenTrue)? NullTest(IOperation condition)
    {
        switch (condition)
        {
            case IIsNullOperation test:
                return With(test.Operand, true);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                return NullTests.IsNull(binary.RightOperand) ? With(binary.LeftOperand, equals)
                    : NullTests.IsNull(binary.LeftOperand) ? With(binary.RightOperand, equals)
                    : null;
            case IIsPatternOperation test when NullTests.NullWhenMatched(test.Pattern, test.Value.Type) is { } nullWhenMatched:
                return With(test.Value, nullWhenMatched);
            case IIsTypeOperation test when NullTests.SameType(test.TypeOperand, test.ValueOperand.Type):
                return With(test.ValueOperand, test.IsNegated);
            default:
                return null;
        }

        (int, bool)? With(IOperation operand, bool nullWhenTrue) => locals.Index(operand) is { } index ? (index, nullWhenTrue) : null;
    }

    /// <summary>Where the operations being run sit: inside a block's branch value (and whether that is a return's value), or not.</summary>
    private readonly record struct Position(IOperation? BranchValue, bool IsReturn);

    /// <summary>
    /// A catch handler's entry: what a local may hold at any point of the try block where an exception can arise. A
    /// value live at every such point stays live (the handler must release it or hand it on); a value released
    /// somewhere in the try block counts as handed on, since where the exception came from is unknown. What the try
    /// block knew about the followed bools is not carried over: the handler starts knowing nothing about them.
    /// </summary>
    private sealed class HandlerEntry(int count, int bools) : ICatchEntry<OwnershipState>
    {
        private readonly OwnershipState anywhere = new(count, bools);
        private readonly bool[] notAlwaysLive = new bool[count];

        public void See(OwnershipState state, bool mayThrowHere)
        {
            if (mayThrowHere)
            {
                anywhere.UnionWith(state);
            }

            for (int i = 0; i < notAlwaysLive.Length; i++)
            {
                notAlwaysLive[i] |= state[i] != Fate.Live;
            }
        }

        public OwnershipState Entry()
        {
            var entry = new OwnershipState(notAlwaysLive.Length, bools);
            for (int i = 0; i < notAlwaysLive.Length; i++)
            {
                entry[i] = !anywhere[i].HasFlag(Fate.Live) ? anywhere[i] : notAlwaysLive[i] ? Fate.Escaped : Fate.Live;
            }

            return entry;
        }
    }
}
