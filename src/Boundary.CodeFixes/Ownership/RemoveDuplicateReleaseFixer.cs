using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2002 and BND2005: removes a statement that repeats what already happened — a release (<c>Dispose()</c>,
/// <c>Close()</c>, <c>h?.Dispose()</c>) of a handle the analyzer sees disposed or moved into native code on every path
/// that reaches it, or a second copy of the statement that moved the handle (for example <c>Lib.Close(h);</c> twice,
/// moved on every path). Any other use after a move is a real bug in the program's logic, not a duplicate, so no fix
/// is offered for it; nor where some path still owns the handle, which the removal would leak.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDuplicateReleaseFixer)), Shared]
public sealed class RemoveDuplicateReleaseFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.UseAfterConsumed, RuleIds.DisposedTwice);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => BatchFixAll.For(nameof(RemoveDuplicateReleaseFixer));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {

            if (!FixableDiagnosticIds.Contains(diagnostic.Id))

            {

                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports

            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax { Parent: BlockSyntax } statement
                || Title(statement, node, model, diagnostic, context.CancellationToken) is not { } title)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives)!)),
                    equivalenceKey: nameof(RemoveDuplicateReleaseFixer)),
                diagnostic);
        }
    }

    /// <summary>The fix's title when the statement can go, or null.</summary>
    private static string? Title(ExpressionStatementSyntax statement, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        IOperation? expression = model.GetOperation(statement.Expression, cancellationToken);
        if (Owned.ReleasedLocal(expression) is { } released)
        {
            // A release: redundant when the analyzer sees the handle released or moved on every path that gets here.
            return AnalyzerView.Of(released.Local, statement, model, cancellationToken) is { } view
                && view.Reports(diagnostic.Id, diagnostic.Location.SourceSpan)
                && Redundant(view.Before(released.Syntax))
                    ? $"Remove '{statement.Expression}': it is released already"
                    : null;
        }

        // A move again: a duplicate when the same statement ran before in this block and the handle is gone on every path.
        return diagnostic.Id == RuleIds.UseAfterConsumed
            && model.GetOperation(node, cancellationToken) is ILocalReferenceOperation reference
            && AnalyzerView.Of(reference.Local, statement, model, cancellationToken) is { } moved
            && moved.Reports(diagnostic.Id, diagnostic.Location.SourceSpan)
            && moved.EffectAt(node) is Effect.Move
            && Redundant(moved.Before(node))
            && Repeats(statement)
                ? $"Remove the duplicate '{statement.Expression}'"
                : null;
    }

    /// <summary>Nothing to release on any path: every path has disposed or moved it already, or holds null.</summary>
    private static bool Redundant(Fate before) => (before & (Fate.Live | Fate.Escaped)) == 0 && before != Fate.None;

    /// <summary>Whether an identical statement runs earlier in the same block: removing this one removes nothing else the statement did.</summary>
    private static bool Repeats(ExpressionStatementSyntax statement)
    {
        var block = (BlockSyntax)statement.Parent!;
        return block.Statements.Take(block.Statements.IndexOf(statement)).Any(other => SyntaxFactory.AreEquivalent(other, statement));
    }
}
