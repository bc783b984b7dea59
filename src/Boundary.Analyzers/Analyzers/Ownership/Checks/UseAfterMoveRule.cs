using Boundary.Analyzers.Analyzers.Ownership.Transfer;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>
/// BND2002: a local used after it was passed to a [Consumed] parameter on some path (Rust-style move checking). The
/// compiler's own uses (a <c>using</c>'s null check and Dispose) are safe after a move: the handle is invalid by then.
/// </summary>
internal sealed class UseAfterMoveRule(RuleContext context) : OwnershipObserver
{
    public override void Reference(in ReferenceEvent e, OwnershipState before)
    {
        if (before[e.Index].HasFlag(Fate.Moved) && !e.IsImplicit)
        {
            context.Report(Rules.UseAfterConsumed, e.Reference.Syntax.GetLocation(),
                $"'{context.Locals.Name(e.Index)}' is used after it was passed to a [Consumed] parameter (on at least one path): native code owns it and may have freed it; .NET sees an invalid handle");
        }
    }
}
