using Boundary.Analyzers.Analyzers.Ownership.Holders;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>
/// BND2001, for owned values stored into an instance field, property or collection of a type that never releases
/// them: a live local stored (<c>handle = h</c>, <c>items.Add(h)</c>), or a creation stored directly
/// (<c>handle = Lib.Open()</c>, <c>items.Add(Lib.Open())</c>, <c>Lib.Open(out handle)</c>). Whether the holder
/// releases it is <see cref="OwnerDisposal"/>'s question, asked only here, so only while reporting.
/// </summary>
internal sealed class StoredWithoutOwnerRule(RuleContext context) : OwnershipObserver
{
    public override void Reference(in ReferenceEvent e, OwnershipState before)
    {
        if (e.Effect != Questions.Effect.Alias && before[e.Index].HasFlag(Fate.Live) && MemberStore.Of(e.Context, e.Child, context.Locals.Captures) is { } store)
        {
            (_, Questions.Creation creation) = context.Locals.Origin(e.Index);
            Check(store, StoreSyntax(e.Context!), $"'{context.Locals.Name(e.Index)}', which owns the {creation.Describe()},");
        }
    }

    public override void Unreceived(in UnreceivedEvent e)
    {
        (IOperation? owner, IOperation child) = Questions.Owned.Context(e.Value);
        if (owner is IArgumentOperation && Questions.Owned.IsLost(e.Value, context.Facts, e.BranchValue) is null
            && MemberStore.Of(owner, child, context.Locals.Captures) is { } store)
        {
            Check(store, StoreSyntax(owner), $"The {e.Creation.Describe()}"); // items.Add(Lib.Open())
        }
    }

    public override void Stored(in StoredEvent e) => Check(e.Store, e.At, $"The {e.Creation.Describe()}");

    private void Check(MemberStore store, SyntaxNode at, string what)
    {
        HolderVerdict verdict = context.Facts.Owners.Judge(store.Member, context.CancellationToken);
        if (verdict != HolderVerdict.MayRelease)
        {
            context.Report(Rules.NotDisposed, at.GetLocation(), store.Message(what, verdict));
        }
    }

    /// <summary>Where a store is reported: the assignment, or the collection call (<c>items.Add(h)</c>).</summary>
    private static SyntaxNode StoreSyntax(IOperation context) => context is IArgumentOperation { Parent: { } call } ? call.Syntax : context.Syntax;
}
