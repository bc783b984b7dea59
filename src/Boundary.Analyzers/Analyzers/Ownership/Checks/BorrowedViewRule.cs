using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>
/// BND2003: a borrowed view of an owned local (a NativeBuffer's Span, a <c>[return: Borrowed]</c> handle) used after
/// its owner is disposed or moved on some path, or escaping it (stored in a field or property, or returned).
/// </summary>
internal sealed class BorrowedViewRule(RuleContext context) : OwnershipObserver
{
    public override void View(in ViewEvent e, OwnershipState before)
    {
        string ownerName = context.Locals.Name(e.Owner);
        if ((before[e.Owner] & (Fate.Disposed | Fate.Moved)) != 0)
        {
            context.Report(Rules.BorrowedEscapes, e.Reference.Syntax.GetLocation(),
                $"'{e.Reference.Local.Name}' borrows from '{ownerName}', which is disposed or moved on a path that reaches this use: use it before '{ownerName}' is released");
        }
        else if (e.Context is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } || e.Returned)
        {
            context.Report(Rules.BorrowedEscapes, e.Reference.Syntax.GetLocation(),
                $"'{e.Reference.Local.Name}' borrows from '{ownerName}' but escapes it (stored or returned): it is only valid while '{ownerName}' lives in this method");
        }
    }
}
