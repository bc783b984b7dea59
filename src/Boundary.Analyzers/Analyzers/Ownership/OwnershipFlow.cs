using System;
using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// Forward data flow over one control flow graph, tracking every local that receives an owned value from a boundary
/// function: is it still owned (live), disposed, moved into native code ([Consumed]) or handed on (returned, stored,
/// captured, passed to code we cannot see)? Branches, loops, <c>using</c> and <c>try</c>/<c>finally</c> come from the
/// graph; states join by union, so "on some path" questions are a flag test. Exceptional paths (catch blocks, throws)
/// are not analyzed: the rules favour silence over a false positive.
/// </summary>
internal sealed class OwnershipFlow
{
    private readonly ControlFlowGraph graph;
    private readonly OwnershipFacts facts;
    private readonly Dictionary<ILocalSymbol, int> tracked = new(SymbolEqualityComparer.Default);
    private readonly List<ILocalSymbol> locals = new();
    private readonly List<(IOperation Origin, IMethodSymbol Source)> origins = new();
    private readonly Dictionary<ILocalSymbol, int> dependents = new(SymbolEqualityComparer.Default);
    private readonly Flow?[] inStates;
    private readonly List<IOperation> allOperations;
    private readonly HashSet<Location> reported = new();
    private Action<Diagnostic>? report;
    private IOperation? branchValue;

    private OwnershipFlow(ControlFlowGraph graph, OwnershipFacts facts)
    {
        this.graph = graph;
        this.facts = facts;
        inStates = new Flow?[graph.Blocks.Length];
        allOperations = AllOperations(graph);
    }

    /// <summary>Analyzes <paramref name="graph"/> and the graphs of the lambdas and local functions inside it.</summary>
    public static void Analyze(ControlFlowGraph graph, OwnershipFacts facts, Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        var flow = new OwnershipFlow(graph, facts);
        flow.Run(report, cancellationToken);
        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            Analyze(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken), facts, report, cancellationToken);
        }

        foreach (IFlowAnonymousFunctionOperation lambda in flow.allOperations.OfType<IFlowAnonymousFunctionOperation>())
        {
            Analyze(graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), facts, report, cancellationToken);
        }
    }

    private void Run(Action<Diagnostic> sink, System.Threading.CancellationToken cancellationToken)
    {
        HashSet<string> captured = CapturedNames();
        foreach (ISimpleAssignmentOperation assignment in allOperations.OfType<ISimpleAssignmentOperation>())
        {
            // A local captured by a lambda or local function is handed on to it: that code owns it from then on.
            if (Unwrap(assignment.Target) is ILocalReferenceOperation target && OwnedSource(assignment.Value) is { } source
                && !tracked.ContainsKey(target.Local) && !captured.Contains(target.Local.Name))
            {
                tracked.Add(target.Local, locals.Count);
                locals.Add(target.Local);
                origins.Add((assignment, source));
            }
        }

        // Borrowed views of a tracked local: a NativeBuffer's Span, or a [return: Borrowed] handle obtained from it.
        foreach (ISimpleAssignmentOperation assignment in allOperations.OfType<ISimpleAssignmentOperation>())
        {
            if (Unwrap(assignment.Target) is ILocalReferenceOperation target && !tracked.ContainsKey(target.Local)
                && !captured.Contains(target.Local.Name) && OwnerOf(assignment.Value) is { } owner && !dependents.ContainsKey(target.Local))
            {
                dependents.Add(target.Local, owner);
            }
        }

        // The fixpoint runs silent; reporting happens in one last pass over the final states, so a state that only
        // grows later (a "definitely" that becomes "maybe") never produces a diagnostic.
        BasicBlock entry = graph.Blocks[0];
        inStates[entry.Ordinal] = new Flow(locals.Count);
        var work = new Queue<BasicBlock>();
        work.Enqueue(entry);
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BasicBlock block = work.Dequeue();
            Flow state = inStates[block.Ordinal]!.Clone();
            Transfer(block, state);
            foreach (BasicBlock next in Propagate(block, state))
            {
                work.Enqueue(next);
            }
        }

        report = sink;
        foreach (BasicBlock block in graph.Blocks)
        {
            if (inStates[block.Ordinal] is { } state)
            {
                Transfer(block, state.Clone());
            }
        }

        if (inStates[graph.Blocks[graph.Blocks.Length - 1].Ordinal] is { } exit)
        {
            for (int i = 0; i < locals.Count; i++)
            {
                if (exit[i].HasFlag(Ownership.Live))
                {
                    Report(Rules.NotDisposed, origins[i].Origin.Syntax.GetLocation(),
                        $"'{locals[i].Name}' owns the native {TypeName(origins[i].Source.ReturnType)} returned by '{origins[i].Source.Name}', which is not disposed on every path: dispose it ('using'), return it, store it in an owner, or pass it to a [Consumed] parameter");
                }
            }
        }
    }

    /// <summary>Names referenced inside the lambdas and local functions of this graph (by name: a shadowing local only silences).</summary>
    private HashSet<string> CapturedNames()
    {
        IEnumerable<SyntaxNode> nested = allOperations
            .OfType<IFlowAnonymousFunctionOperation>().Select(l => l.Syntax)
            .Concat(graph.LocalFunctions.SelectMany(f => f.DeclaringSyntaxReferences).Select(r => r.GetSyntax()));
        return new HashSet<string>(nested
            .SelectMany(n => n.DescendantNodes())
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>()
            .Select(i => i.Identifier.ValueText));
    }

    private IEnumerable<BasicBlock> Propagate(BasicBlock block, Flow state)
    {
        foreach (ControlFlowBranch? branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
        {
            if (branch?.Destination is not { } destination)
            {
                continue; // throw, rethrow, end of a finally or catch: not followed.
            }

            Flow flowing = Refine(block, branch, state);
            foreach (ControlFlowRegion region in branch.FinallyRegions)
            {
                flowing = RunFinally(region, flowing);
            }

            if (Join(destination, flowing))
            {
                yield return destination;
            }
        }
    }

    /// <summary>
    /// On the edge where a null check of a tracked local succeeds, the local holds nothing: <c>using</c> and
    /// <c>if (h != null) h.Dispose()</c> then leave no owned value behind on their "null" path.
    /// </summary>
    private Flow Refine(BasicBlock block, ControlFlowBranch branch, Flow state)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is not { } condition)
        {
            return state;
        }

        (ILocalReferenceOperation? local, bool whenNull) = condition switch
        {
            IIsNullOperation { Operand: var operand } => (Unwrap(operand) as ILocalReferenceOperation, true),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when Unwrap(binary.RightOperand) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }
                => (Unwrap(binary.LeftOperand) as ILocalReferenceOperation, binary.OperatorKind == BinaryOperatorKind.Equals),
            IIsPatternOperation { Value: var value, Pattern: IConstantPatternOperation { Value: ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } } }
                => (Unwrap(value) as ILocalReferenceOperation, true),
            _ => (null, false),
        };

        if (local is null || !tracked.TryGetValue(local.Local, out int index))
        {
            return state;
        }

        // The conditional successor is taken when the condition equals ConditionKind (WhenTrue/WhenFalse).
        bool conditionTrue = branch == block.ConditionalSuccessor
            ? block.ConditionKind == ControlFlowConditionKind.WhenTrue
            : block.ConditionKind == ControlFlowConditionKind.WhenFalse;
        if (conditionTrue != whenNull)
        {
            return state;
        }

        Flow refined = state.Clone();
        refined[index] = Ownership.None;
        return refined;
    }

    /// <summary>Runs a finally region for one incoming state (path by path) and returns the state leaving it.</summary>
    private Flow RunFinally(ControlFlowRegion region, Flow incoming)
    {
        var local = new Dictionary<int, Flow> { [region.FirstBlockOrdinal] = incoming.Clone() };
        var work = new Queue<int>();
        work.Enqueue(region.FirstBlockOrdinal);
        Flow? leaving = null;
        while (work.Count > 0)
        {
            int ordinal = work.Dequeue();
            BasicBlock block = graph.Blocks[ordinal];
            Join(block, local[ordinal]); // the final reporting pass sees every state a finally block runs with
            Flow after = local[ordinal].Clone();
            Transfer(block, after);
            foreach (ControlFlowBranch? branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
            {
                if (branch is null)
                {
                    continue;
                }

                Flow state = Refine(block, branch, after);

                if (branch.Destination is { } next && next.Ordinal >= region.FirstBlockOrdinal && next.Ordinal <= region.LastBlockOrdinal)
                {
                    if (!local.TryGetValue(next.Ordinal, out Flow? existing))
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
                    leaving = leaving is null ? state.Clone() : leaving.Union(state);
                }
            }
        }

        return leaving ?? incoming;
    }

    private bool Join(BasicBlock block, Flow state)
    {
        if (inStates[block.Ordinal] is not { } existing)
        {
            inStates[block.Ordinal] = state.Clone();
            return true;
        }

        return existing.UnionWith(state);
    }

    private bool IsReturn { get; set; }

    private void Transfer(BasicBlock block, Flow state)
    {
        foreach (IOperation operation in block.Operations)
        {
            Visit(operation, state);
        }

        if (block.BranchValue is { } value)
        {
            branchValue = value;
            IsReturn = block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return;
            Visit(value, state);
            branchValue = null;
            IsReturn = false;
            if (block.ConditionKind == ControlFlowConditionKind.None
                && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return
                && Unwrap(value) is ILocalReferenceOperation returned
                && tracked.TryGetValue(returned.Local, out int index))
            {
                state[index] = Ownership.Escaped; // returned: the caller owns it now
            }
        }
    }

    private void Visit(IOperation operation, Flow state)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child, state);
        }

        switch (operation)
        {
            case ILocalReferenceOperation reference when tracked.TryGetValue(reference.Local, out int index):
                Use(reference, index, state);
                break;
            case ILocalReferenceOperation reference when dependents.TryGetValue(reference.Local, out int owner):
                UseBorrowed(reference, owner, state);
                break;
            case ISimpleAssignmentOperation assignment when Unwrap(assignment.Target) is ILocalReferenceOperation target && tracked.TryGetValue(target.Local, out int index):
                state[index] = OwnedSource(assignment.Value) is not null ? Ownership.Live : Ownership.Escaped;
                break;
            case IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsOwned:
                CheckUnassigned(invocation);
                break;
        }
    }

    /// <summary>A reference to a tracked local: what its context does to ownership, and whether it comes too late.</summary>
    private void Use(ILocalReferenceOperation reference, int index, Flow state)
    {
        (IOperation? context, IOperation child) = Context(reference);
        if (context is ISimpleAssignmentOperation assignment && assignment.Target == child)
        {
            return; // the target of an assignment, not a use
        }

        Ownership current = state[index];
        // Compiler-generated uses (a using's null check and Dispose) are safe after a move: the handle is invalid.
        bool implicitUse = reference.IsImplicit || (context is IInvocationOperation { IsImplicit: true } call && IsDispose(call.TargetMethod));
        if (current.HasFlag(Ownership.Moved) && !implicitUse)
        {
            Report(Rules.UseAfterConsumed, reference.Syntax.GetLocation(),
                $"'{reference.Local.Name}' is used after it was passed to a [Consumed] parameter (on at least one path): native code owns it and may have freed it; .NET sees an invalid handle");
        }

        switch (context)
        {
            case IArgumentOperation argument:
                CallFacts callee = argument.Parent is IInvocationOperation target ? facts.For(target.TargetMethod) : CallFacts.None;
                if (!callee.IsBoundary)
                {
                    state[index] = Ownership.Escaped; // handed to code that may keep it: its owner now
                }
                else if (argument.Parameter is { } parameter && callee.Consumes(parameter))
                {
                    state[index] = Ownership.Moved;
                }

                break;
            case IInvocationOperation dispose when IsDispose(dispose.TargetMethod):
                if (!dispose.IsImplicit && current == Ownership.Disposed)
                {
                    Report(Rules.DisposedTwice, dispose.Syntax.GetLocation(),
                        $"'{reference.Local.Name}' is already disposed on every path that reaches this call: remove the second Dispose");
                }

                state[index] = Ownership.Disposed;
                break;
            case IInvocationOperation:
            case IPropertyReferenceOperation:
            case IFieldReferenceOperation:
            case IBinaryOperation:
            case IIsNullOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
                break; // a use that neither releases nor hands on
            default:
                state[index] = Ownership.Escaped; // stored, captured, returned, converted: someone else may own it now
                break;
        }
    }

    /// <summary>An owned result that no local receives: discarded, or lent to a borrowing boundary call, it leaks.</summary>
    private void CheckUnassigned(IInvocationOperation invocation)
    {
        (IOperation? context, IOperation child) = Context(invocation);
        if (context is null && child == branchValue)
        {
            return; // the value of a return or a condition, not a discarded statement
        }

        string? problem = context switch
        {
            null or IExpressionStatementOperation => "is discarded",
            ISimpleAssignmentOperation { Target: IDiscardOperation } => "is discarded",
            IArgumentOperation { Parent: IInvocationOperation call, Parameter: { } parameter } when facts.For(call.TargetMethod) is { IsBoundary: true } callee && !callee.Consumes(parameter)
                => $"is only lent to '{call.TargetMethod.Name}' (a borrowed parameter) and then lost",
            IInvocationOperation call when call.Instance == child && !IsDispose(call.TargetMethod) => $"is only used to call '{call.TargetMethod.Name}' and then lost",
            IPropertyReferenceOperation property when property.Instance == child => $"is only used to read '{property.Property.Name}' and then lost",
            _ => null,
        };

        if (problem is not null)
        {
            Report(Rules.NotDisposed, invocation.Syntax.GetLocation(),
                $"The native {TypeName(invocation.TargetMethod.ReturnType)} returned by '{invocation.TargetMethod.Name}' is owned by the caller but {problem}: keep it in a 'using' variable, or pass it to a [Consumed] parameter");
        }
    }

    /// <summary>The tracked local a value is a borrowed view of, or null.</summary>
    private int? OwnerOf(IOperation value)
    {
        switch (Unwrap(value))
        {
            case IPropertyReferenceOperation { Property.Name: "Span", Instance: { } instance }
                when TypeMapping.IsNativeBuffer(instance.Type!) is not null && Unwrap(instance) is ILocalReferenceOperation buffer && tracked.TryGetValue(buffer.Local, out int index):
                return index;
            case IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsBorrowedHandle:
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (Unwrap(argument.Value) is ILocalReferenceOperation parent && tracked.TryGetValue(parent.Local, out int owner))
                    {
                        return owner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A use of a borrowed view: too late once its owner is disposed or moved; never stored or returned.</summary>
    private void UseBorrowed(ILocalReferenceOperation reference, int owner, Flow state)
    {
        (IOperation? context, IOperation child) = Context(reference);
        if (context is ISimpleAssignmentOperation assignment && assignment.Target == child)
        {
            return;
        }

        string ownerName = locals[owner].Name;
        if ((state[owner] & (Ownership.Disposed | Ownership.Moved)) != 0)
        {
            Report(Rules.BorrowedEscapes, reference.Syntax.GetLocation(),
                $"'{reference.Local.Name}' borrows from '{ownerName}', which is disposed or moved on a path that reaches this use: use it before '{ownerName}' is released");
        }
        else if (context is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } || (context is null && child == branchValue && IsReturn))
        {
            Report(Rules.BorrowedEscapes, reference.Syntax.GetLocation(),
                $"'{reference.Local.Name}' borrows from '{ownerName}' but escapes it (stored or returned): it is only valid while '{ownerName}' lives in this method");
        }
    }

    private IMethodSymbol? OwnedSource(IOperation value)
        => Unwrap(value) is IInvocationOperation invocation && facts.For(invocation.TargetMethod).ReturnsOwned ? invocation.TargetMethod : null;

    private static (IOperation? Context, IOperation Child) Context(IOperation operation)
    {
        IOperation child = operation;
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return (parent, child);
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static bool IsDispose(IMethodSymbol method) => method.Name == "Dispose" && method.Parameters.Length == 0;

    private static string TypeName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static List<IOperation> AllOperations(ControlFlowGraph graph)
        => graph.Blocks
            .SelectMany(b => b.BranchValue is null ? b.Operations : b.Operations.Append(b.BranchValue))
            .SelectMany(o => o.DescendantsAndSelf())
            .ToList();

    private void Report(DiagnosticDescriptor rule, Location location, string message)
    {
        if (report is not null && reported.Add(location))
        {
            report(Diagnostic.Create(rule, location, message));
        }
    }
}

/// <summary>What may have happened to a tracked local's owned value on the paths reaching a point; joins by union.</summary>
[Flags]
internal enum Ownership : byte
{
    None = 0,
    Live = 1,
    Disposed = 2,
    Moved = 4,
    Escaped = 8,
}

/// <summary>The <see cref="Ownership"/> of every tracked local at one point.</summary>
internal sealed class Flow
{
    private readonly Ownership[] states;

    public Flow(int count) => states = new Ownership[count];

    private Flow(Ownership[] states) => this.states = states;

    public Ownership this[int index]
    {
        get => states[index];
        set => states[index] = value;
    }

    public Flow Clone() => new((Ownership[])states.Clone());

    public Flow Union(Flow other)
    {
        Flow result = Clone();
        result.UnionWith(other);
        return result;
    }

    /// <summary>Adds <paramref name="other"/>'s possibilities; true when anything changed.</summary>
    public bool UnionWith(Flow other)
    {
        bool changed = false;
        for (int i = 0; i < states.Length; i++)
        {
            Ownership merged = states[i] | other.states[i];
            changed |= merged != states[i];
            states[i] = merged;
        }

        return changed;
    }
}
