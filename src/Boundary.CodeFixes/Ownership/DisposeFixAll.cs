using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// Fix All of both BND2001 fixes, whichever was asked: each reported local gets the fix that fits it
/// (<see cref="DisposePlans.Preferred"/>), all planned against the original document and applied in one rewrite. One
/// answer whatever the equivalence key, so <c>dotnet format</c> — which runs every fixer of an id and asks with the
/// key of the first action offered for the first diagnostic — gives the same code whichever fixer it meets first.
/// </summary>
internal sealed class DisposeFixAll : SemanticFixAll
{
    public static readonly DisposeFixAll Instance = new();

    protected override SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        => DisposePlans.Apply(root, diagnostics
            .Select(d => DisposePlans.Preferred(root, model, d, cancellationToken))
            .OfType<DisposePlan>()
            .ToList());
}
