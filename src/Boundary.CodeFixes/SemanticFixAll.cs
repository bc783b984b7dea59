using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Boundary.CodeFixes;

/// <summary>
/// A Fix All that plans every diagnostic of a document against its original tree and semantic model, then rewrites the
/// document once: the shape of fixes whose edits would invalidate each other if applied one by one.
/// </summary>
internal abstract class SemanticFixAll : DocumentBasedFixAllProvider
{
    protected sealed override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        return root is null || model is null
            ? document
            : document.WithSyntaxRoot(Rewrite(root, model, diagnostics, fixAllContext.CancellationToken));
    }

    /// <summary>The document's new root with every fixable diagnostic fixed (the root itself when none is).</summary>
    protected abstract SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
