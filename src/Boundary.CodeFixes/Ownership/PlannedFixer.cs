using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// A fix that first plans what to change from the diagnostic, the syntax and the semantic model (or decides it cannot
/// help), then applies the plan. Planning is separate so a Fix All provider can plan every diagnostic of a document
/// against the original tree before applying any of them.
/// </summary>
/// <typeparam name="TPlan">What the fix will change.</typeparam>
public abstract class PlannedFixer<TPlan> : CodeFixProvider
    where TPlan : class
{
    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (FixableDiagnosticIds.Contains(diagnostic.Id) && Plan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title(plan), ct => ApplyAsync(context.Document, root, plan, ct), equivalenceKey: GetType().Name),
                    diagnostic);
            }
        }
    }

    /// <summary>What to change for <paramref name="diagnostic"/>, or null when the fix does not apply.</summary>
    private protected abstract TPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The code action's title.</summary>
    private protected abstract string Title(TPlan plan);

    /// <summary>The document with the plan applied.</summary>
    private protected abstract Task<Document> ApplyAsync(Document document, SyntaxNode root, TPlan plan, CancellationToken cancellationToken);
}
