using System.Collections.Generic;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>
/// BND2003: a borrowed view of an owned local (a NativeBuffer's Span, a <c>[return: Borrowed]</c> handle, a raw
/// pointer into either) used after its owner is disposed or moved on some path, or escaping it (stored in a field or
/// property, or returned). A raw pointer (<c>fixed</c>, <c>Unsafe.AsPointer</c>, <c>DangerousGetHandle()</c>) is judged
/// by what it points into: comparing it is harmless, and it may escape together with its owner — it is reported as
/// escaping (returned, stored, or handed to a <c>[Retained]</c> parameter, also written inline as
/// <c>Lib.Keep((byte*)Unsafe.AsPointer(ref data.Span[0]))</c>) only when it leaves as a pointer (not converted to a
/// number) and the owner is disposed or moved on some path by the time the method ends.
/// </summary>
internal sealed class BorrowedViewRule(RuleContext context) : OwnershipObserver
{
    private readonly List<(Microsoft.CodeAnalysis.SyntaxNode At, string Pointer, int Owner, IInvocationOperation? Retainer)> escapingPointers = new();

    public override void Reference(in ReferenceEvent e, OwnershipState before)
    {
        if (e.Effect == Effect.Use && !e.IsImplicit && RetainedValue.EnclosingPointerArgument(e.Reference) is { } argument && Owned.IsDerivedFrom(argument.Value, e.Reference))
        {
            escapingPointers.Add((argument.Syntax, $"'{argument.Value.Syntax}'", e.Index, (IInvocationOperation)argument.Parent!));
        }
    }

    public override void View(in ViewEvent e, OwnershipState before)
    {
        string ownerName = context.Locals.Name(e.Owner);
        bool pointer = context.Locals.IsPointerView(e.Reference.Local);
        bool retained = pointer && e.Context is IArgumentOperation { Parameter: var parameter } && RetainedValue.IsRetained(parameter);
        bool escapes = e.Context is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } || e.Returned || retained;
        if ((before[e.Owner] & (Fate.Disposed | Fate.Moved)) != 0 && !(pointer && IsComparison(e.Context)))
        {
            context.Report(Rules.BorrowedEscapes, e.Reference.Syntax.GetLocation(), pointer
                ? $"'{e.Reference.Local.Name}' points into native memory owned by '{ownerName}', which is disposed or moved on a path that reaches this use: use it before '{ownerName}' is released (a raw pointer does not keep its owner alive)"
                : $"'{e.Reference.Local.Name}' borrows from '{ownerName}', which is disposed or moved on a path that reaches this use: use it before '{ownerName}' is released");
        }
        else if (escapes && pointer)
        {
            if (!Owned.IsRawPointer(Outermost(e.Reference).Type))
            {
                return; // (long)p: a number now, not a pointer anyone will read through
            }

            // Judged where the method ends: the owner may leave with it.
            escapingPointers.Add((e.Reference.Syntax, $"'{e.Reference.Local.Name}'", e.Owner, retained ? (IInvocationOperation?)e.Context!.Parent : null));
        }
        else if (escapes)
        {
            context.Report(Rules.BorrowedEscapes, e.Reference.Syntax.GetLocation(),
                $"'{e.Reference.Local.Name}' borrows from '{ownerName}' but escapes it (stored or returned): it is only valid while '{ownerName}' lives in this method");
        }
    }

    public override void Exit(OwnershipState exit)
    {
        foreach ((Microsoft.CodeAnalysis.SyntaxNode at, string pointer, int owner, IInvocationOperation? retainer) in escapingPointers)
        {
            if ((exit[owner] & (Fate.Disposed | Fate.Moved)) != 0)
            {
                string ownerName = context.Locals.Name(owner);
                context.Report(Rules.BorrowedEscapes, at.GetLocation(), retainer is null
                    ? $"{pointer} points into native memory owned by '{ownerName}' but escapes (stored or returned) while this method releases '{ownerName}': it dangles once '{ownerName}' is released; keep the owner instead, or copy the data"
                    : $"{pointer} points into native memory owned by '{ownerName}', and '{retainer.TargetMethod.Name}' keeps it after it returns, but this method releases '{ownerName}': native code would read freed memory; keep '{ownerName}' alive (in an owner) until native code lets go, or hand native code its own copy");
            }
        }
    }

    private static Microsoft.CodeAnalysis.IOperation Outermost(Microsoft.CodeAnalysis.IOperation reference)
    {
        while (reference.Parent is IConversionOperation or IParenthesizedOperation || (reference.Parent is IBinaryOperation { Type: var type } && Owned.IsRawPointer(type)))
        {
            reference = reference.Parent;
        }

        return reference;
    }

    /// <summary>A comparison or null test of a pointer reads no memory.</summary>
    private static bool IsComparison(Microsoft.CodeAnalysis.IOperation? context)
        => context is IIsNullOperation or IBinaryOperation
        {
            OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual,
        };
}
