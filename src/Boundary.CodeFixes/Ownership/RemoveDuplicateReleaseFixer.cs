using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
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
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Remove(root, statement))),
                    equivalenceKey: nameof(RemoveDuplicateReleaseFixer)),
                diagnostic);
        }
    }

    /// <summary>
    /// Removes <paramref name="statement"/>. When it is all its <c>finally</c> holds (a dispose after the handle moved in
    /// the <c>try</c>), the empty <c>finally</c> goes too, and a <c>try</c> left without a catch is unwrapped: its
    /// statements take its place, or its block does when it declares anything (a local of the same name may follow).
    /// </summary>
    private static SyntaxNode Remove(SyntaxNode root, ExpressionStatementSyntax statement)
    {
        if (statement.Parent is not BlockSyntax { Statements.Count: 1, Parent: FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement } } finallyBlock
            || HasComment(finallyBlock.DescendantTrivia()))
        {
            return root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
        }

        SyntaxTriviaList leading = tryStatement.GetLeadingTrivia();
        SyntaxTriviaList trailing = tryStatement.GetTrailingTrivia();
        if (tryStatement.Catches.Count > 0)
        {
            TryStatementSyntax withoutFinally = tryStatement.WithFinally(null);
            return root.ReplaceNode(tryStatement, withoutFinally.WithTrailingTrivia(trailing));
        }

        BlockSyntax body = tryStatement.Block;
        bool declares = body.DescendantNodes().Any(n => n is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax or LabeledStatementSyntax);
        if (declares || tryStatement.Parent is not BlockSyntax || body.Statements.Count == 0
            || HasComment(body.OpenBraceToken.TrailingTrivia.Concat(body.CloseBraceToken.LeadingTrivia)))
        {
            return root.ReplaceNode(tryStatement, body.WithLeadingTrivia(leading).WithTrailingTrivia(trailing).WithAdditionalAnnotations(Formatter.Annotation));
        }

        var statements = body.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        statements[0] = statements[0].WithLeadingTrivia(leading.AddRange(statements[0].GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))));
        StatementSyntax last = statements[statements.Count - 1];
        statements[statements.Count - 1] = last.WithTrailingTrivia(HasComment(last.GetTrailingTrivia()) ? last.GetTrailingTrivia() : trailing);
        return root.ReplaceNode(tryStatement, statements);
    }

    /// <summary>Whether <paramref name="trivia"/> holds anything but spaces and line ends (a comment, a directive).</summary>
    private static bool HasComment(IEnumerable<SyntaxTrivia> trivia)
        => trivia.Any(t => !Layout.IsSpace(t));

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
