using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2001: wraps the statements after <c>var h = Lib.New();</c> (or <c>h = Lib.New();</c>, or a call writing an owned
/// value through <c>out var h</c> / <c>out h</c>) in <c>try { ... } finally { h.Dispose(); }</c>. Unlike <c>using var</c>
/// it also fits an assignment to a local declared earlier and an out argument. The explicit <c>h.Dispose();</c> calls
/// inside are removed (the <c>finally</c> takes their place), and when the last statement that mentions the local
/// releases it, the <c>try</c> ends there, so the value is released where it was. Offered under the same condition as
/// the <c>using</c> fix (<see cref="DisposePlans.Finally"/>). Fix All: <see cref="DisposeFixAll"/>, which nests one
/// <c>try</c> per local, innermost for the local created last.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisposeInFinallyFixer)), Shared]
public sealed class DisposeInFinallyFixer : PlannedFixer<DisposePlan>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DisposeFixAll.Instance;

    private protected override DisposePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => DisposePlans.Finally(root, model, diagnostic, cancellationToken);

    private protected override string Title(DisposePlan plan) => $"Dispose '{plan.Local}' in a 'finally' block";

    private protected override Task<Document> ApplyAsync(Document document, SyntaxNode root, DisposePlan plan, CancellationToken cancellationToken)
        => Task.FromResult(document.WithSyntaxRoot(DisposePlans.Apply(root, new[] { plan })));
}
