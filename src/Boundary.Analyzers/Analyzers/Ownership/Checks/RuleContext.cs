using System;
using System.Collections.Generic;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership.Checks;

/// <summary>What the rules of one graph share: the tracked locals, the facts, and one reporter (one diagnostic per location).</summary>
internal sealed class RuleContext(TrackedLocals locals, OwnershipFacts facts, Action<Diagnostic> sink, CancellationToken cancellationToken)
{
    private readonly HashSet<Location> reported = new();

    public TrackedLocals Locals { get; } = locals;

    public OwnershipFacts Facts { get; } = facts;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Reports once per location: when two rules see a problem at the same place, the first one speaks.</summary>
    public void Report(DiagnosticDescriptor rule, Location location, string message)
    {
        if (reported.Add(location))
        {
            sink(Diagnostic.Create(rule, location, message));
        }
    }

    /// <summary>"'h' owns the native H returned by 'Open', which is not disposed on every path: …"</summary>
    public string NotDisposed(int index)
        => $"'{Locals.Name(index)}' owns the {Locals.Origin(index).Creation.Describe()}, which is not disposed on every path: dispose it ('using'), return it, store it in an owner, or pass it to a [Consumed] parameter";

    /// <summary>The rules, in the order they speak when two of them see a problem at the same place.</summary>
    public IReadOnlyList<OwnershipObserver> AllRules() => new OwnershipObserver[]
    {
        new UseAfterMoveRule(this),
        new StoredWithoutOwnerRule(this),
        new DisposedTwiceRule(this),
        new NotDisposedRule(this),
        new BorrowedViewRule(this),
    };
}
