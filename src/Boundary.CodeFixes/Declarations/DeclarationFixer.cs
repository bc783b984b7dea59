using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>
/// The shape every declaration fix shares: find the declaration the diagnostic sits on, decide whether and how to
/// fix it, and apply the edit through a <see cref="DocumentEditor"/>. Fix All batches the per-document edits.
/// </summary>
/// <typeparam name="TNode">The declaration syntax the fix edits.</typeparam>
public abstract class DeclarationFixer<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    private readonly string _id;

    private protected DeclarationFixer(string id) => _id = id;

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_id);

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => BatchFixAll.For(GetType().Name);

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = UsesSemanticModel ? await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) : null;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id != _id
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TNode>().FirstOrDefault() is not { } node
                || (model is null ? Plan(node, diagnostic) : Plan(node, diagnostic, model)) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    plan.Title,
                    ct => DeclarationEdits.EditAsync(context.Document, plan.Target ?? node, plan.Edit, ct),
                    equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>Whether the fix asks the semantic model (<see cref="Plan(TNode, Diagnostic, SemanticModel)"/>).</summary>
    private protected virtual bool UsesSemanticModel => false;

    /// <summary>The fix for <paramref name="node"/>, or null when there is no mechanical one.</summary>
    private protected virtual FixPlan? Plan(TNode node, Diagnostic diagnostic) => null;

    /// <summary>The fix for <paramref name="node"/>, with the document's semantic model, when <see cref="UsesSemanticModel"/>.</summary>
    private protected virtual FixPlan? Plan(TNode node, Diagnostic diagnostic, SemanticModel model) => Plan(node, diagnostic);

    /// <summary>A fix: its title, the edit, and the node it edits (the declaration when null).</summary>
    private protected sealed record FixPlan(string Title, Action<DocumentEditor, SyntaxNode> Edit, SyntaxNode? Target = null);
}
