using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership;
using Microsoft.CodeAnalysis;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// How the ownership fixes ask the analyzer's questions: through <see cref="OwnershipQuery"/>, over the same flow
/// graph, with the same facts. No fix answers "is this a release / a hand-on / a use?" on its own.
/// </summary>
internal static class AnalyzerView
{
    /// <summary>The analyzer's view of <paramref name="local"/>, from any node of the body that declares it; null when the analyzer does not follow it.</summary>
    public static OwnershipQuery? Of(ILocalSymbol local, SyntaxNode inBody, SemanticModel model, CancellationToken cancellationToken)
        => model.GetOperation(inBody, cancellationToken) is { } operation
            ? OwnershipQuery.ForLocal(local, operation, new OwnershipFacts(model.Compilation), cancellationToken)
            : null;
}
