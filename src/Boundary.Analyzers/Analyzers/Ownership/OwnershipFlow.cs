using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// Forward data flow over one control flow graph, tracking every local that receives an owned value from a boundary
/// function (by assignment, or by a null-excluding pattern such as <c>Lib.TryOpen() is { } h</c>): is it still owned
/// (live), disposed, moved into native code ([Consumed]) or handed on (returned, stored, captured, passed to code we
/// cannot see)? Branches, loops, <c>switch</c>, <c>using</c> and <c>try</c>/<c>finally</c> come from the graph; states
/// join by union, so "on some path" questions are a flag test. A catch handler starts from what the locals may hold
/// anywhere in its try block, except that a value the try block may or may not have released counts as handed on:
/// the exception path itself is not judged, only what the handler does. Throws are not followed.
/// </summary>
internal sealed partial class OwnershipFlow
{
    private readonly ControlFlowGraph graph;
    private readonly OwnershipFacts facts;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<ILocalSymbol, int> tracked = new(SymbolEqualityComparer.Default);
    private readonly List<ILocalSymbol> locals = new();
    private readonly List<(IOperation Origin, IMethodSymbol Source)> origins = new();
    private readonly Dictionary<ILocalSymbol, int> dependents = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, (int Index, bool MatchedWhenTrue)> patterns = new();
    private readonly List<(ControlFlowRegion Try, int[] Handlers)> catches = new();
    private readonly Flow?[] inStates;
    private readonly List<IOperation> allOperations;
    private readonly FlowCaptures captures;
    private readonly HashSet<Location> reported = new();
    private Action<Diagnostic>? report;
    private Action<Flow, bool>? observer;
    private IOperation? branchValue;

    private OwnershipFlow(ControlFlowGraph graph, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        this.graph = graph;
        this.facts = facts;
        this.cancellationToken = cancellationToken;
        inStates = new Flow?[graph.Blocks.Length];
        allOperations = AllOperations(graph);
        captures = new FlowCaptures(allOperations, facts);
        FindCatches(graph.Root);
    }

    /// <summary>Analyzes <paramref name="graph"/> and the graphs of the lambdas and local functions inside it.</summary>
    public static void Analyze(ControlFlowGraph graph, OwnershipFacts facts, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var flow = new OwnershipFlow(graph, facts, cancellationToken);
        flow.Run(report);
        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            Analyze(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken), facts, report, cancellationToken);
        }

        foreach (IFlowAnonymousFunctionOperation lambda in flow.allOperations.OfType<IFlowAnonymousFunctionOperation>())
        {
            Analyze(graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), facts, report, cancellationToken);
        }
    }

    private void Run(Action<Diagnostic> sink)
    {
        // Only locals this body declares, and that no lambda or local function captures (that code owns them from then on).
        HashSet<ILocalSymbol> declared = DeclaredLocals(graph.Root);
        declared.ExceptWith(CapturedLocals());
        var conditions = new HashSet<IOperation>(graph.Blocks.Where(b => b.ConditionKind != ControlFlowConditionKind.None && b.BranchValue is not null).Select(b => b.BranchValue!));
        foreach (IOperation operation in allOperations)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when ValueOrigin.Unwrap(assignment.Target) is ILocalReferenceOperation target && declared.Contains(target.Local)
                    && captures.OwnedSource(assignment.Value, facts) is { } source:
                    Track(target.Local, assignment, source);
                    break;
                case IIsPatternOperation test when conditions.Contains(test) && captures.OwnedSource(test.Value, facts) is { } source
                    && NullTests.DeclaredLocal(test) is (ILocalSymbol local, bool matchedWhenTrue) && declared.Contains(local):
                    patterns[test] = (Track(local, test, source), matchedWhenTrue);
                    break;
            }
        }

        captures.FindAliases(value => ValueOrigin.Unwrap(value) is ILocalReferenceOperation local && tracked.TryGetValue(local.Local, out int index) ? index : null);

        // Borrowed views of a tracked local: a NativeBuffer's Span, or a [return: Borrowed] handle obtained from it.
        foreach (ISimpleAssignmentOperation assignment in allOperations.OfType<ISimpleAssignmentOperation>())
        {
            if (ValueOrigin.Unwrap(assignment.Target) is ILocalReferenceOperation target && !tracked.ContainsKey(target.Local)
                && declared.Contains(target.Local) && OwnerOf(assignment.Value) is { } owner && !dependents.ContainsKey(target.Local))
            {
                dependents.Add(target.Local, owner);
            }
        }

        // The fixpoint runs silent.
        SolveWithCatches();

        // Reporting happens in one last pass over the final states, so a state that only grows later (a "definitely"
        // that becomes "maybe") never produces a diagnostic.
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
                    Report(Rules.NotDisposed, origins[i].Origin.Syntax.GetLocation(), NotDisposedMessage(i));
                }
            }
        }
    }

    private int Track(ILocalSymbol local, IOperation origin, IMethodSymbol source)
    {
        if (!tracked.TryGetValue(local, out int index))
        {
            tracked.Add(local, index = locals.Count);
            locals.Add(local);
            origins.Add((origin, source));
        }

        return index;
    }

    private string NotDisposedMessage(int index)
        => $"'{locals[index].Name}' owns the native {TypeName(origins[index].Source.ReturnType)} returned by '{origins[index].Source.Name}', which is not disposed on every path: dispose it ('using'), return it, store it in an owner, or pass it to a [Consumed] parameter";

    private void Solve(Dictionary<int, Flow> seeds)
    {
        Array.Clear(inStates, 0, inStates.Length);
        var work = new Queue<BasicBlock>();
        inStates[0] = new Flow(locals.Count);
        work.Enqueue(graph.Blocks[0]);
        foreach (KeyValuePair<int, Flow> seed in seeds)
        {
            inStates[seed.Key] = seed.Value.Clone();
            work.Enqueue(graph.Blocks[seed.Key]);
        }

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
    }

    /// <summary>The locals declared in this graph (not those of an enclosing method that a lambda merely uses).</summary>
    private static HashSet<ILocalSymbol> DeclaredLocals(ControlFlowRegion root)
    {
        var declared = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ControlFlowRegion>();
        pending.Push(root);
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
    private HashSet<ILocalSymbol> CapturedLocals()
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        Collect(graph, allOperations);
        return captured;

        void Collect(ControlFlowGraph outer, List<IOperation> operations)
        {
            foreach (IFlowAnonymousFunctionOperation lambda in operations.OfType<IFlowAnonymousFunctionOperation>())
            {
                Inner(outer.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken));
            }

            foreach (IMethodSymbol localFunction in outer.LocalFunctions)
            {
                Inner(outer.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken));
            }
        }

        void Inner(ControlFlowGraph inner)
        {
            List<IOperation> operations = AllOperations(inner);
            captured.UnionWith(operations.OfType<ILocalReferenceOperation>().Select(r => r.Local));
            Collect(inner, operations);
        }
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
    /// What a condition tells about a tracked local on one edge: where a null test of it succeeds it holds nothing
    /// (<c>using</c>, <c>h?.Dispose()</c> and <c>if (h is not null) h.Dispose()</c> leave nothing behind on their "null"
    /// path), and where <c>Lib.TryOpen() is { } h</c> matches, <c>h</c> owns the result.
    /// </summary>
    private Flow Refine(BasicBlock block, ControlFlowBranch branch, Flow state)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is not { } condition)
        {
            return state;
        }

        // The conditional successor is taken when the condition equals ConditionKind (WhenTrue/WhenFalse).
        bool conditionTrue = branch == block.ConditionalSuccessor
            ? block.ConditionKind == ControlFlowConditionKind.WhenTrue
            : block.ConditionKind == ControlFlowConditionKind.WhenFalse;
        Flow refined;
        if (patterns.TryGetValue(condition, out (int Index, bool MatchedWhenTrue) pattern))
        {
            refined = state.Clone();
            refined[pattern.Index] = conditionTrue == pattern.MatchedWhenTrue ? Ownership.Live : Ownership.None;
            return refined;
        }

        if (NullTest(condition) is not (int index, bool nullWhenTrue) || conditionTrue != nullWhenTrue)
        {
            return state;
        }

        refined = state.Clone();
        refined[index] = Ownership.None;
        return refined;
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

        (int, bool)? With(IOperation operand, bool nullWhenTrue) => Index(operand) is { } index ? (index, nullWhenTrue) : null;
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

    /// <summary>Runs one block; the observer (catch entries) sees the state wherever an exception could arise, then the final one.</summary>
    private void Transfer(BasicBlock block, Flow state)
    {
        for (int i = 0; i < block.Operations.Length; i++)
        {
            observer?.Invoke(state, true);
            Visit(block.Operations[i], state);
        }

        if (block.BranchValue is { } value)
        {
            observer?.Invoke(state, true);
            branchValue = value;
            IsReturn = block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return;
            Visit(value, state);
            if (IsReturn && Index(value) is { } index)
            {
                state[index] = Ownership.Escaped; // returned: the caller owns it now
            }

            branchValue = null;
            IsReturn = false;
        }

        observer?.Invoke(state, block.Operations.IsEmpty && block.BranchValue is null);
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
            case IFlowCaptureReferenceOperation reference when captures.IsAlias(reference.Id, out int index):
                Use(reference, index, state);
                break;
            case ILocalReferenceOperation reference when dependents.TryGetValue(reference.Local, out int owner):
                UseBorrowed(reference, owner, state);
                break;
            case ISimpleAssignmentOperation assignment when Index(assignment.Target) is { } index:
                Assign(assignment, index, state);
                break;
            case ISimpleAssignmentOperation assignment when captures.OwnedSource(assignment.Value, facts) is { } source
                && MemberStore.Of(assignment, assignment.Value, captures) is { } store:
                CheckStore(store, assignment.Syntax, $"The native {TypeName(source.ReturnType)} returned by '{source.Name}'");
                break;
            case IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsOwned:
                CheckUnassigned(invocation);
                break;
            case IIsPatternOperation test when patterns.TryGetValue(test, out (int Index, bool MatchedWhenTrue) pattern):
                if (state[pattern.Index].HasFlag(Ownership.Live))
                {
                    Report(Rules.NotDisposed, test.Syntax.GetLocation(), NotDisposedMessage(pattern.Index)); // a loop came back with the last value still owned
                }

                state[pattern.Index] = Ownership.None; // bound on the edge where the pattern matches (Refine)
                break;
        }
    }

    /// <summary>A tracked local receives a value: whatever it still owned on some path is lost.</summary>
    private void Assign(ISimpleAssignmentOperation assignment, int index, Flow state)
    {
        if (state[index].HasFlag(Ownership.Live))
        {
            // Back at its declaration, a loop's local still owns the last iteration's value: the usual leak. Anywhere
            // else, the assignment itself drops the value.
            Report(Rules.NotDisposed, assignment.Syntax.GetLocation(), assignment.Syntax is VariableDeclaratorSyntax
                ? NotDisposedMessage(index)
                : $"'{locals[index].Name}' is assigned a new value while it still owns the native {TypeName(origins[index].Source.ReturnType)} returned by '{origins[index].Source.Name}' (on at least one path), so that value leaks: dispose it first, or hand it on");
        }

        state[index] = captures.OwnedSource(assignment.Value, facts) is not null ? Ownership.Live
            : NullTests.IsNull(assignment.Value) ? Ownership.None
            : Ownership.Escaped;
    }

    /// <summary>A reference to a tracked local: what its context does to ownership, and whether it comes too late.</summary>
    private void Use(IOperation reference, int index, Flow state)
    {
        (IOperation? context, IOperation child) = Context(reference);
        if (context is ISimpleAssignmentOperation assignment && assignment.Target == child)
        {
            return; // the target of an assignment, not a use
        }

        Ownership current = state[index];
        string name = locals[index].Name;
        // Compiler-generated uses (a using's null check and Dispose) are safe after a move: the handle is invalid. A
        // capture's reference was judged where the local was read into it.
        bool implicitUse = reference.IsImplicit || reference is IFlowCaptureReferenceOperation
            || (context is IInvocationOperation { IsImplicit: true } call && IsRelease(call.TargetMethod));
        if (current.HasFlag(Ownership.Moved) && !implicitUse)
        {
            Report(Rules.UseAfterConsumed, reference.Syntax.GetLocation(),
                $"'{name}' is used after it was passed to a [Consumed] parameter (on at least one path): native code owns it and may have freed it; .NET sees an invalid handle");
        }

        if (context is IFlowCaptureOperation capture && captures.IsAlias(capture.Id, out int alias) && alias == index)
        {
            return; // read into a capture that stands for it (h?.Dispose(), using (h)): the capture's uses decide
        }

        if (current.HasFlag(Ownership.Live) && MemberStore.Of(context, child, captures) is { } store)
        {
            CheckStore(store, StoreSyntax(context!), $"'{name}', which owns the native {TypeName(origins[index].Source.ReturnType)} returned by '{origins[index].Source.Name}',");
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
            case IInvocationOperation dispose when IsRelease(dispose.TargetMethod):
                if (!dispose.IsImplicit && current == Ownership.Disposed)
                {
                    Report(Rules.DisposedTwice, DisposeSyntax(dispose).GetLocation(),
                        $"'{name}' is already disposed on every path that reaches this call: remove the second Dispose");
                }

                state[index] = Ownership.Disposed;
                break;
            case IIsPatternOperation test when test.Pattern.DescendantsAndSelf().Any(p => p is IDeclarationPatternOperation { DeclaredSymbol: not null } or IRecursivePatternOperation { DeclaredSymbol: not null }):
                state[index] = Ownership.Escaped; // 'h is { } other': the pattern's variable may own it now
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
            IInvocationOperation call when call.Instance == child && !IsRelease(call.TargetMethod) => $"is only used to call '{call.TargetMethod.Name}' and then lost",
            IPropertyReferenceOperation property when property.Instance == child => $"is only used to read '{property.Property.Name}' and then lost",
            _ => null,
        };

        string value = $"The native {TypeName(invocation.TargetMethod.ReturnType)} returned by '{invocation.TargetMethod.Name}'";
        if (problem is not null)
        {
            Report(Rules.NotDisposed, invocation.Syntax.GetLocation(),
                $"{value} is owned by the caller but {problem}: keep it in a 'using' variable, or pass it to a [Consumed] parameter");
        }
        else if (context is IArgumentOperation && MemberStore.Of(context, child, captures) is { } store)
        {
            CheckStore(store, StoreSyntax(context), value); // items.Add(Lib.Open()); plain assignments are checked in Visit
        }
    }

    /// <summary>An owned value stored into a field, property or collection of a type that never releases it.</summary>
    private void CheckStore(MemberStore store, SyntaxNode at, string what)
    {
        if (report is null)
        {
            return; // only the reporting pass reads the holder type
        }

        HolderVerdict verdict = facts.Owners.Judge(store.Member, cancellationToken);
        if (verdict != HolderVerdict.MayRelease)
        {
            Report(Rules.NotDisposed, at.GetLocation(), store.Message(what, verdict));
        }
    }

    /// <summary>The tracked local a value is a borrowed view of, or null.</summary>
    private int? OwnerOf(IOperation value)
    {
        switch (ValueOrigin.Unwrap(value))
        {
            case IPropertyReferenceOperation { Property.Name: "Span", Instance: { } instance }
                when TypeMapping.IsNativeBuffer(instance.Type!) is not null && ValueOrigin.Unwrap(instance) is ILocalReferenceOperation buffer && tracked.TryGetValue(buffer.Local, out int index):
                return index;
            case IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsBorrowedHandle:
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (ValueOrigin.Unwrap(argument.Value) is ILocalReferenceOperation parent && tracked.TryGetValue(parent.Local, out int owner))
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

    /// <summary>The tracked local an operand is, directly or through a capture that stands for it.</summary>
    private int? Index(IOperation operand) => ValueOrigin.Unwrap(operand) switch
    {
        ILocalReferenceOperation local when tracked.TryGetValue(local.Local, out int index) => index,
        IFlowCaptureReferenceOperation capture when captures.IsAlias(capture.Id, out int index) => index,
        _ => null,
    };

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

    /// <summary>Dispose(), or Close() (a SafeHandle's other name for it).</summary>
    private static bool IsRelease(IMethodSymbol method) => method.Name is "Dispose" or "Close" && method.Parameters.Length == 0;

    /// <summary>Where a store is reported: the assignment, or the collection call (<c>items.Add(h)</c>).</summary>
    private static SyntaxNode StoreSyntax(IOperation context) => context is IArgumentOperation { Parent: { } call } ? call.Syntax : context.Syntax;

    /// <summary>The whole <c>h?.Dispose()</c> rather than its <c>.Dispose()</c> part.</summary>
    private static SyntaxNode DisposeSyntax(IInvocationOperation dispose)
        => dispose.Syntax.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == dispose.Syntax ? access : dispose.Syntax;

    private static string TypeName(ITypeSymbol type)
        => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

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
