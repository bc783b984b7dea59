using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>BND2005: an explicit release of a local that is already disposed on every path reaching it.</summary>
internal sealed class DisposedTwiceRule(RuleContext context) : OwnershipObserver
{
    public override void Reference(in ReferenceEvent e, OwnershipState before)
    {
        if (e.Effect == Effect.Release && e.Context is IInvocationOperation { IsImplicit: false } release && before[e.Index] == Fate.Disposed)
        {
            context.Report(Rules.DisposedTwice, Owned.ReleaseSyntax(release).GetLocation(),
                $"'{context.Locals.Name(e.Index)}' is already disposed on every path that reaches this call: remove the second Dispose");
        }
    }
}
