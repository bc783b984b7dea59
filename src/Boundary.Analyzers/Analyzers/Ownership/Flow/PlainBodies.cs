using System;
using System.Collections.Generic;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Flow;

/// <summary>
/// Proves, without a control flow graph, that a body has nothing for the ownership rules to report, when it handles
/// its owned values in the plainest way: each comes from a boundary function straight into a local's declaration, and
/// each such local is only lent to boundary functions, read through properties down to a number, disposed or moved
/// into native code exactly once on every path (or declared <c>using</c>, and then at most once), inside blocks, <c>if</c>,
/// loops, <c>try</c>/<c>finally</c>, <c>using</c> and <c>lock</c>. Anything else (a lambda, a catch, a switch, a
/// throw, a conditional expression that touches an owned value, a store, an alias, a view kept in a local, a correlated
/// condition the flow would need to follow) makes it give up, and the analyzer builds the graph as before: the proof
/// only ever saves work. It is a walk of the operation tree with one set of possible states per local (unassigned,
/// owned, gone), joined where paths meet; a <c>finally</c> is also walked from every state its <c>try</c> passes
/// through (an exception may leave from any of them). It asks the same questions as the flow analysis
/// (<see cref="Owned"/>), so a value counts as moved, released or lent here exactly when it does there.
/// </summary>
internal sealed class PlainBodies
{
    private const byte Unassigned = 1;
    private const byte Owns = 2;
    private const byte Gone = 4;

    /// <summary>Loop passes before the proof gives up; the join reaches its fixed point in two or three.</summary>
    private const int MaxLoopPasses = 8;

    /// <summary>
    /// Nesting depth (statements in statements, operands in expressions) at which the proof gives up: the walks are
    /// recursive, and a generated expression thousands of operands deep must not overflow the compiler's stack.
    /// </summary>
    private const int MaxDepth = 256;

    private readonly OwnershipFacts facts;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<ILocalSymbol, int> tracked = new(SymbolEqualityComparer.Default);
    private readonly List<bool> usingDeclared = new();
    private readonly HashSet<IInvocationOperation> consuming = new();
    private readonly List<Frame> frames = new();
    private int depth;

    private PlainBodies(OwnershipFacts facts, CancellationToken cancellationToken)
    {
        this.facts = facts;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Thrown inside the walk when the body is not plain, caught in <see cref="NothingToReport"/> (a new one each time:
    /// analyzer threads run concurrently). A throw costs a few microseconds, against the hundreds the graph then costs.
    /// </summary>
    private sealed class NotPlain : Exception
    {
    }

    /// <summary>
    /// True when the ownership rules report nothing in <paramref name="body"/> (a method's, constructor's or accessor's
    /// block body); false when the body is not plain enough to tell without the flow analysis.
    /// </summary>
    public static bool NothingToReport(IOperation body, OwnershipFacts facts, CancellationToken cancellationToken)
    {
        IBlockOperation? block = body switch
        {
            IMethodBodyOperation { BlockBody: { } blockBody, ExpressionBody: null } => blockBody,
            IMethodBodyOperation { BlockBody: null, ExpressionBody: { } expressionBody } => expressionBody,
            IConstructorBodyOperation { Initializer: null, BlockBody: { } blockBody, ExpressionBody: null } => blockBody,
            IConstructorBodyOperation { Initializer: null, BlockBody: null, ExpressionBody: { } expressionBody } => expressionBody,
            IBlockOperation plain => plain,
            _ => null,
        };
        if (block is null)
        {
            return false;
        }

        var proof = new PlainBodies(facts, cancellationToken);
        try
        {
            if (!proof.FindLocals(block, 0))
            {
                return false;
            }

            byte[]? end = proof.Statement(block, proof.Start());
            proof.AtExit(end);
            return true;
        }
        catch (NotPlain)
        {
            return false;
        }
    }

    /// <summary>
    /// The owned locals: each declared with a creation as its initializer. False when an owned value arrives any other
    /// way (assigned, through out, into a field, discarded), or when the body has code the walk does not follow. Also
    /// notes the calls with a <c>[Consumed]</c> parameter, so the walk asks about no other call again.
    /// </summary>
    private bool FindLocals(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (operation.Kind)
        {
            case OperationKind.AnonymousFunction or OperationKind.LocalFunction:
                return false; // they have flow graphs of their own, and may capture a local
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)operation;
                CallFacts call = facts.For(invocation.TargetMethod);
                if (call.OwnedOutParameters.Length > 0)
                {
                    return false;
                }

                if (call.ConsumedParameters.Length > 0)
                {
                    consuming.Add(invocation);
                }

                if (call.ReturnsOwned && !Track(invocation))
                {
                    return false;
                }

                break;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            if (!FindLocals(child, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A creation: into a local's declaration (tracked from there), a return, or a <c>[Consumed]</c> parameter.</summary>
    private bool Track(IInvocationOperation creation)
    {
        (IOperation? context, _) = Owned.Context(creation);
        if (context is IReturnOperation { Kind: OperationKind.Return } || Owned.IsMove(context, facts))
        {
            return true; // handed straight to the caller, or into native code
        }

        if (context is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            || declarator.Symbol.IsRef
            || tracked.ContainsKey(declarator.Symbol))
        {
            return false;
        }

        tracked.Add(declarator.Symbol, usingDeclared.Count);
        usingDeclared.Add(IsUsingDeclared(declarator));
        return true;
    }

    /// <summary><c>using var h = …;</c> or <c>using (var h = …)</c>: disposed where its scope ends.</summary>
    private static bool IsUsingDeclared(IVariableDeclaratorOperation declarator)
        => declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group }
            && group.Parent is IUsingDeclarationOperation { IsAsynchronous: false } or IUsingOperation { IsAsynchronous: false };

    private byte[] Start()
    {
        byte[] state = new byte[usingDeclared.Count];
        state.AsSpan().Fill(Unassigned);
        return state;
    }

    /// <summary>The state after <paramref name="statement"/> completes normally, or null when it never does.</summary>
    private byte[]? Statement(IOperation statement, byte[]? state)
    {
        if (state is null)
        {
            return null; // unreachable: the flow analysis does not look at it either
        }

        depth++;
        try
        {
            return StatementAt(statement, state);
        }
        finally
        {
            depth--;
        }
    }

    private byte[]? StatementAt(IOperation statement, byte[] state)
    {
        if (depth > MaxDepth)
        {
            throw new NotPlain();
        }

        cancellationToken.ThrowIfCancellationRequested();
        Record(state);
        switch (statement)
        {
            case IBlockOperation block:
                byte[]? after = state;
                foreach (IOperation inner in block.Operations)
                {
                    after = Statement(inner, after);
                }

                return after;
            case IVariableDeclarationGroupOperation group:
                return Declarations(group, state);
            case IUsingDeclarationOperation { IsAsynchronous: false } usingDeclaration:
                return Declarations(usingDeclaration.DeclarationGroup, state); // disposal at the scope's end releases only using-declared locals
            case IUsingOperation { IsAsynchronous: false, Resources: IVariableDeclarationGroupOperation resources } usingStatement:
                return Statement(usingStatement.Body, Declarations(resources, state));
            case IUsingOperation { IsAsynchronous: false, Resources: { } resource } usingStatement:
                return Statement(usingStatement.Body, Expression(resource, state));
            case IExpressionStatementOperation { Operation: not IThrowOperation } expression:
                return Expression(expression.Operation, state);
            case IConditionalOperation { WhenFalse: var whenFalse } conditional:
                state = Expression(conditional.Condition, state);
                return Join(Statement(conditional.WhenTrue, Copy(state)), whenFalse is null ? state : Statement(whenFalse, Copy(state)));
            case ILoopOperation loop:
                return Loop(loop, state);
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch:
                Leave(branch, state);
                return null;
            case IReturnOperation { Kind: OperationKind.Return } ret:
                Leave(null, ret.ReturnedValue is null ? state : Expression(ret.ReturnedValue, state));
                return null;
            case ITryOperation { Catches.Length: 0, Finally: { } @finally } tryFinally:
                return TryFinally(tryFinally.Body, @finally, state);
            case ITryOperation { Catches.Length: 0, Finally: null } tryOnly:
                return Statement(tryOnly.Body, state);
            case ILockOperation lockStatement:
                return Statement(lockStatement.Body, Expression(lockStatement.LockedValue, state));
            case IEmptyOperation:
                return state;
            default:
                throw new NotPlain(); // switch, goto, labels, throw, catch, yield, fixed, local functions and the rest
        }
    }

    private byte[] Declarations(IVariableDeclarationGroupOperation group, byte[] state)
    {
        foreach (IVariableDeclarationOperation declaration in group.Declarations)
        {
            if (declaration.Initializer is not null)
            {
                throw new NotPlain(); // 'int a, b = 1' with a shared initializer: C# has none, VB does
            }

            foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
            {
                if (declarator.Initializer is not { } initializer)
                {
                    continue;
                }

                state = Expression(initializer.Value, state);
                if (tracked.TryGetValue(declarator.Symbol, out int index))
                {
                    if (!usingDeclared[index] && (state[index] & Owns) != 0)
                    {
                        throw new NotPlain(); // a loop declares it again while it still owns the last value
                    }

                    state[index] = Owns;
                }
            }
        }

        return state;
    }

    private byte[] Expression(IOperation operation, byte[] state)
    {
        depth++;
        try
        {
            return ExpressionAt(operation, state);
        }
        finally
        {
            depth--;
        }
    }

    private byte[] ExpressionAt(IOperation operation, byte[] state)
    {
        if (depth > MaxDepth)
        {
            throw new NotPlain();
        }

        switch (operation.Kind)
        {
            case OperationKind.LocalReference:
                if (tracked.TryGetValue(((ILocalReferenceOperation)operation).Local, out int index))
                {
                    Reference((ILocalReferenceOperation)operation, index, state);
                }

                return state;
            case OperationKind.Conditional or OperationKind.Coalesce or OperationKind.CoalesceAssignment or OperationKind.ConditionalAccess
                or OperationKind.SwitchExpression or OperationKind.IsPattern or OperationKind.Throw:
            case OperationKind.Binary when ((IBinaryOperation)operation).OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr:
                if (TouchesOwnership(operation, 0))
                {
                    throw new NotPlain(); // a path inside an expression: the flow graph follows it
                }

                return state;
            case OperationKind.AnonymousFunction or OperationKind.DelegateCreation or OperationKind.Invalid:
                throw new NotPlain();
            default:
                foreach (IOperation child in operation.ChildOperations)
                {
                    state = Expression(child, state);
                }

                if (consuming.Count > 0 && operation.Kind == OperationKind.Invocation && consuming.Contains((IInvocationOperation)operation))
                {
                    CheckConsumedArguments((IInvocationOperation)operation);
                }

                return state;
        }
    }

    /// <summary>What a reference to an owned local does, checked against what the local may hold here.</summary>
    private void Reference(ILocalReferenceOperation reference, int index, byte[] state)
    {
        (IOperation? context, IOperation child) = Owned.Context(reference);
        bool returned = context is IReturnOperation { Kind: OperationKind.Return };
        bool changes = returned || Owned.IsMove(context, facts) || Owned.IsRelease(context, child);

        // A using-declared local may be moved or disposed once (its implicit dispose then does nothing, and the rules
        // say nothing of it), but not returned: it would be disposed on the way out.
        if (state[index] != Owns || (returned && usingDeclared[index]) || (!changes && !IsPlainUse(context, child)) || RetainedValue.EnclosingPointerArgument(reference) is not null)
        {
            throw new NotPlain();
        }

        if (changes)
        {
            state[index] = Gone;
            Record(state);
        }
    }

    /// <summary>
    /// Lent to a boundary function for the call (also as a view, <c>Lib.Sum(data.Span)</c>), read down to a number
    /// (<c>data.Span.Length</c>), or a method of it that returns a number or a copy (<c>data.ToArray()</c>).
    /// </summary>
    private bool IsPlainUse(IOperation? context, IOperation child)
    {
        switch (context)
        {
            case IArgumentOperation argument:
                return IsLentForTheCall(argument);
            case IInvocationOperation { Arguments.Length: 0 } call when call.Instance == child:
                return IsNumber(call.Type) || call.Type is IArrayTypeSymbol { ElementType: var element } && IsNumber(element);
            case IPropertyReferenceOperation property when property.Instance == child:
                IOperation read = property;
                while (read is IPropertyReferenceOperation { Property: { ReturnsByRef: false, ReturnsByRefReadonly: false } } && !IsNumber(read.Type))
                {
                    (IOperation? next, IOperation held) = Owned.Context(read);
                    if (next is IArgumentOperation lent)
                    {
                        return IsLentForTheCall(lent); // a view that lives only as long as the call
                    }

                    if (next is not IPropertyReferenceOperation { Arguments.Length: 0 } outer || outer.Instance != held)
                    {
                        return false;
                    }

                    read = outer;
                }

                return read is IPropertyReferenceOperation { Arguments.Length: 0, Property: { ReturnsByRef: false, ReturnsByRefReadonly: false } } && IsNumber(read.Type);
            default:
                return false;
        }
    }

    /// <summary>An argument a boundary function only borrows for the call, and that returns nothing borrowed from it.</summary>
    private bool IsLentForTheCall(IArgumentOperation argument)
    {
        if (argument is not { Parameter: { RefKind: RefKind.None } parameter, Parent: IInvocationOperation call })
        {
            return false;
        }

        CallFacts callee = facts.For(call.TargetMethod);
        return Owned.IsLentToBoundary(argument, facts)
            && !callee.ReturnsBorrowedHandle
            && !RetainedValue.IsRetained(parameter)
            && (callee.ReturnsOwned || IsNumber(call.Type));
    }

    /// <summary>A number, bool or enum (or nothing: void): a copy, not a view of native memory.</summary>
    private static bool IsNumber(ITypeSymbol? type)
        => type is { TypeKind: TypeKind.Enum }
            || type?.SpecialType is SpecialType.System_Void or SpecialType.System_Boolean or SpecialType.System_Char
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    /// <summary>A <c>[Consumed]</c> argument that is neither an owned local of this body nor a creation: a parameter, a field, another call's result.</summary>
    private void CheckConsumedArguments(IInvocationOperation invocation)
    {
        CallFacts call = facts.For(invocation.TargetMethod);
        if (call.ConsumedParameters.Length == 0)
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && call.Consumes(parameter)
                && ValueOrigin.Unwrap(argument.Value) switch
                {
                    ILocalReferenceOperation local => !tracked.ContainsKey(local.Local),
                    IInvocationOperation creation => !facts.For(creation.TargetMethod).ReturnsOwned,
                    _ => true,
                })
            {
                throw new NotPlain();
            }
        }
    }

    /// <summary>Whether an expression refers to an owned local or calls a function that hands out or takes ownership.</summary>
    private bool TouchesOwnership(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return true; // too deep to look: as if it did
        }

        switch (operation.Kind)
        {
            case OperationKind.LocalReference when tracked.ContainsKey(((ILocalReferenceOperation)operation).Local):
            case OperationKind.Invocation when facts.For(((IInvocationOperation)operation).TargetMethod).Matters:
                return true;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            if (TouchesOwnership(child, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private byte[]? Loop(ILoopOperation loop, byte[] state)
    {
        var frame = new Frame(loop, null);
        frames.Add(frame);
        byte[]? entry = state;
        if (loop is IForLoopOperation { Before: var initializers })
        {
            foreach (IOperation initializer in initializers)
            {
                entry = Statement(initializer, entry); // once, before the first pass
            }
        }

        byte[]? exit = null;
        for (int pass = 0; entry is not null; pass++)
        {
            if (pass == MaxLoopPasses)
            {
                throw new NotPlain();
            }

            byte[]? bottom;
            switch (loop)
            {
                case IWhileLoopOperation { ConditionIsTop: true, Condition: { } condition, IgnoredCondition: null } whileLoop:
                    byte[] tested = Expression(condition, Copy(entry));
                    exit = Join(exit, tested);
                    bottom = Join(Statement(whileLoop.Body, tested), frame.Continues);
                    break;
                case IWhileLoopOperation { ConditionIsTop: false, Condition: { } condition, IgnoredCondition: null } doLoop:
                    bottom = Join(Statement(doLoop.Body, Copy(entry)), frame.Continues);
                    bottom = bottom is null ? null : Expression(condition, bottom);
                    exit = Join(exit, bottom);
                    break;
                case IForLoopOperation forLoop:
                    byte[] checkedState = forLoop.Condition is { } forCondition ? Expression(forCondition, Copy(entry)) : Copy(entry);
                    if (forLoop.Condition is not null)
                    {
                        exit = Join(exit, checkedState);
                    }

                    bottom = Join(Statement(forLoop.Body, checkedState), frame.Continues);
                    foreach (IOperation step in forLoop.AtLoopBottom)
                    {
                        bottom = Statement(step, bottom);
                    }

                    break;
                case IForEachLoopOperation { IsAsynchronous: false, NextVariables.Length: 0 } forEach when !TouchesOwnership(forEach.Collection, 0):
                    exit = Join(exit, entry); // the collection may be empty, or end here
                    bottom = Join(Statement(forEach.Body, Copy(entry)), frame.Continues);
                    break;
                default:
                    throw new NotPlain();
            }

            byte[] next = Join(Copy(entry), bottom)!;
            if (Same(next, entry))
            {
                break;
            }

            entry = next;
        }

        frames.Remove(frame);
        return Join(exit, frame.Breaks);
    }

    private byte[]? TryFinally(IBlockOperation body, IBlockOperation @finally, byte[] state)
    {
        var frame = new Frame(null, @finally) { Passed = Copy(state) };
        frames.Add(frame);
        byte[]? end = Statement(body, Copy(state));
        frames.Remove(frame);

        // An exception may leave the try from any state it passes through: the finally runs from each, and the
        // exception goes on (no path the rules follow to the method's end).
        Finally(@finally, frame.Passed);
        return end is null ? null : Finally(@finally, end);
    }

    /// <summary>A finally block, which cannot leave by a jump of its own.</summary>
    private byte[] Finally(IBlockOperation @finally, byte[] state)
        => Statement(@finally, Copy(state)) ?? throw new NotPlain();

    /// <summary>A break, continue (<paramref name="branch"/>) or return (null) leaving through the finally blocks around it.</summary>
    private void Leave(IBranchOperation? branch, byte[] state)
    {
        List<Frame> saved = new(frames);
        try
        {
            for (int i = frames.Count - 1; i >= 0; i--)
            {
                Frame frame = saved[i];
                frames.RemoveRange(i, frames.Count - i);
                if (frame.Finally is { } @finally)
                {
                    state = Finally(@finally, state);
                }
                else if (branch is not null && frame.Loop is { } loop)
                {
                    if (SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel))
                    {
                        frame.Breaks = Join(frame.Breaks, Copy(state));
                        return;
                    }

                    if (SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel))
                    {
                        frame.Continues = Join(frame.Continues, Copy(state));
                        return;
                    }
                }
            }

            if (branch is not null)
            {
                throw new NotPlain(); // a jump out of something this walk does not know
            }

            AtExit(state);
        }
        finally
        {
            frames.Clear();
            frames.AddRange(saved);
        }
    }

    /// <summary>At the method's end every owned local not declared <c>using</c> has been disposed or moved on every path.</summary>
    private void AtExit(byte[]? state)
    {
        if (state is null)
        {
            return;
        }

        for (int i = 0; i < state.Length; i++)
        {
            if (!usingDeclared[i] && (state[i] & Owns) != 0)
            {
                throw new NotPlain();
            }
        }
    }

    /// <summary>Adds a state the code passes through to every try block around it (where an exception may leave from it).</summary>
    private void Record(byte[] state)
    {
        foreach (Frame frame in frames)
        {
            if (frame.Passed is { } passed)
            {
                for (int i = 0; i < passed.Length; i++)
                {
                    passed[i] |= state[i];
                }
            }
        }
    }

    private static byte[] Copy(byte[] state) => (byte[])state.Clone();

    private static byte[]? Join(byte[]? into, byte[]? other)
    {
        if (into is null)
        {
            return other is null ? null : Copy(other);
        }

        if (other is not null)
        {
            for (int i = 0; i < into.Length; i++)
            {
                into[i] |= other[i];
            }
        }

        return into;
    }

    private static bool Same(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>A loop (where break and continue go) or a try block with a finally (which every jump out of it runs).</summary>
    private sealed class Frame(ILoopOperation? loop, IBlockOperation? @finally)
    {
        public ILoopOperation? Loop { get; } = loop;

        public IBlockOperation? Finally { get; } = @finally;

        public byte[]? Passed { get; set; }

        public byte[]? Breaks { get; set; }

        public byte[]? Continues { get; set; }
    }
}
