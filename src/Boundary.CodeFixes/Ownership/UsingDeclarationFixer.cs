using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2001: turns <c>var h = Lib.New();</c> into <c>using var h = Lib.New();</c> and removes the explicit
/// <c>h.Dispose();</c> calls after it, which would now dispose the value twice. Offered where the analyzer reports the
/// local and sees every reference keep ownership where it is, and the declaration is its only write (a <c>using</c>
/// variable cannot be assigned); see <see cref="DisposePlans.Using"/>. Fix All: <see cref="DisposeFixAll"/>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsingDeclarationFixer)), Shared]
public sealed class UsingDeclarationFixer : PlannedFixer<DisposePlan>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DisposeFixAll.Instance;

    private protected override DisposePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => DisposePlans.Using(root, model, diagnostic, cancellationToken);

    private protected override string Title(DisposePlan plan) => $"Dispose '{plan.Local}' with 'using var'";

    private protected override Task<Document> ApplyAsync(Document document, SyntaxNode root, DisposePlan plan, CancellationToken cancellationToken)
        => Task.FromResult(document.WithSyntaxRoot(DisposePlans.Apply(root, new[] { plan })));
}
