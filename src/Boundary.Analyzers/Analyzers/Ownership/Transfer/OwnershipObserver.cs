using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>
/// What <see cref="OwnershipTransfer"/> shows while it replays the solved graph: each event, with the state just before
/// it changes anything. The rules (BND2001, BND2002, BND2003, BND2005) are observers; so is the probe a code fix reads
/// (<see cref="OwnershipQuery"/>). Every method does nothing unless overridden.
/// </summary>
internal abstract class OwnershipObserver
{
    /// <summary>A reference to a tracked local (or a capture standing for it) that is not a write.</summary>
    public virtual void Reference(in ReferenceEvent e, OwnershipState before)
    {
    }

    /// <summary>A tracked local gets a new value: by assignment, or through a boundary function's out argument.</summary>
    public virtual void Write(in WriteEvent e, OwnershipState before)
    {
    }

    /// <summary>A null-excluding pattern is about to bind its tracked local again (a loop came back to it).</summary>
    public virtual void Rebind(IIsPatternOperation test, int index, OwnershipState before)
    {
    }

    /// <summary>A boundary function's owned result, or an owned out argument no tracked local receives.</summary>
    public virtual void Unreceived(in UnreceivedEvent e)
    {
    }

    /// <summary>A creation written straight into a field, property or element (<c>handle = Lib.Open()</c>, <c>Lib.Open(out handle)</c>).</summary>
    public virtual void Stored(in StoredEvent e)
    {
    }

    /// <summary>A reference to a borrowed view of a tracked local (not a write).</summary>
    public virtual void View(in ViewEvent e, OwnershipState before)
    {
    }

    /// <summary>The state where the graph ends.</summary>
    public virtual void Exit(OwnershipState exit)
    {
    }
}

/// <summary>A reference to tracked local <paramref name="Index"/>, what it does, and where.</summary>
internal readonly record struct ReferenceEvent(IOperation Reference, int Index, Effect Effect, IOperation? Context, IOperation Child)
{
    /// <summary>
    /// Compiler-generated (a <c>using</c>'s null check and Dispose), or a flow capture's reference, which was judged where
    /// the local was read into it.
    /// </summary>
    public bool IsImplicit => Reference.IsImplicit || Reference is IFlowCaptureReferenceOperation
        || (Context is IInvocationOperation { IsImplicit: true } call && Owned.IsRelease(call.TargetMethod));
}

/// <summary>A write of tracked local <paramref name="Index"/>.</summary>
/// <param name="Write">The assignment, or the out argument.</param>
/// <param name="Index">The local.</param>
/// <param name="Received">The creation it receives, or null for anything else.</param>
/// <param name="NewFate">What the local holds afterwards.</param>
/// <param name="Declares">Whether the write also declares the local (a declarator, or <c>out var</c>): a loop that reaches it again still holds the last value.</param>
internal readonly record struct WriteEvent(IOperation Write, int Index, Creation? Received, Fate NewFate, bool Declares);

/// <summary>A creation that no tracked local receives.</summary>
/// <param name="Value">The invocation, or the out argument.</param>
/// <param name="Creation">What it creates.</param>
/// <param name="BranchValue">The branch value of the block being replayed (a return's or a condition's value), if any.</param>
internal readonly record struct UnreceivedEvent(IOperation Value, Creation Creation, IOperation? BranchValue);

/// <summary>A creation written into a member.</summary>
/// <param name="At">Where to report: the assignment, or the out argument.</param>
/// <param name="Creation">What it creates.</param>
/// <param name="Store">The member it is stored in.</param>
internal readonly record struct StoredEvent(SyntaxNode At, Creation Creation, Holders.MemberStore Store);

/// <summary>A reference to a borrowed view of tracked local <paramref name="Owner"/>.</summary>
/// <param name="Reference">The reference to the view.</param>
/// <param name="Owner">The tracked local it borrows from.</param>
/// <param name="Context">The operation that decides what happens to it (for a raw pointer, past the pointer arithmetic on it).</param>
/// <param name="Returned">Whether it is the value of a return.</param>
internal readonly record struct ViewEvent(ILocalReferenceOperation Reference, int Owner, IOperation? Context, bool Returned);
