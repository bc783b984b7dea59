using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>
/// BND2001, for locals and values that nothing keeps: an owned value still live where the graph ends (reported where
/// the local received it), a live value lost to a new write (reported at the write), and a creation that nothing
/// receives — discarded, or used once and forgotten. Stores into members are <see cref="StoredWithoutOwnerRule"/>'s; a
/// discarded registration of a retained callback is BND2004's (<see cref="RetainedValue.IsDroppedRegistration"/>).
/// </summary>
internal sealed class NotDisposedRule(RuleContext context) : OwnershipObserver
{
    public override void Write(in WriteEvent e, OwnershipState before)
    {
        if (!before[e.Index].HasFlag(Fate.Live))
        {
            return;
        }

        // Back at its declaration, a loop's local still owns the last iteration's value: the usual leak. Anywhere
        // else, the write itself drops the value.
        string name = context.Locals.Name(e.Index);
        context.Report(Rules.NotDisposed, e.Write.Syntax.GetLocation(), e.Declares
            ? context.NotDisposed(e.Index)
            : $"'{name}' is assigned a new value while it still owns the {context.Locals.Origin(e.Index).Creation.Describe()} (on at least one path), so that value leaks: dispose it first, or hand it on");
    }

    public override void Rebind(IIsPatternOperation test, int index, OwnershipState before)
    {
        if (before[index].HasFlag(Fate.Live))
        {
            context.Report(Rules.NotDisposed, test.Syntax.GetLocation(), context.NotDisposed(index)); // a loop came back with the last value still owned
        }
    }

    public override void Unreceived(in UnreceivedEvent e)
    {
        // A dropped registration of a retained callback is BND2004's: it explains what the leak does to the callback.
        if (Owned.IsLost(e.Value, context.Facts, e.BranchValue) is { } problem && !RetainedValue.IsDroppedRegistration(e.Value, e.BranchValue))
        {
            context.Report(Rules.NotDisposed, e.Value.Syntax.GetLocation(),
                $"The {e.Creation.Describe()} is owned by the caller but {problem}: keep it in a 'using' variable, or pass it to a [Consumed] parameter");
        }
    }

    public override void Exit(OwnershipState exit)
    {
        for (int i = 0; i < context.Locals.Count; i++)
        {
            if (exit[i].HasFlag(Fate.Live))
            {
                context.Report(Rules.NotDisposed, context.Locals.Origin(i).Origin.Syntax.GetLocation(), context.NotDisposed(i));
            }
        }
    }
}
