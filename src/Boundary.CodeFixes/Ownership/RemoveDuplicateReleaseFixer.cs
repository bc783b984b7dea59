using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2002 and BND2005: removes a statement that repeats what already happened — a <c>Dispose()</c> of a handle that
/// moved into native code or was disposed already, or a second copy of the statement that moved the handle (for
/// example <c>Lib.Close(h);</c> twice). Any other use after a move is a real bug in the program's logic, not a
/// duplicate, so no fix is offered for it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDuplicateReleaseFixer)), Shared]
public sealed class RemoveDuplicateReleaseFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.UseAfterConsumed, RuleIds.DisposedTwice);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax { Parent: BlockSyntax } statement)
            {
                continue;
            }

            string? title = diagnostic.Id == RuleIds.DisposedTwice || MovedBefore(statement)
                ? IsDispose(statement.Expression) ? $"Remove '{statement.Expression}': it is released already" : null
                : Repeats(statement) ? $"Remove the duplicate '{statement.Expression}'" : null;
            if (title is null)
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

    /// <summary><c>x.Dispose()</c> or <c>x?.Dispose()</c> with no arguments.</summary>
    private static bool IsDispose(ExpressionSyntax expression)
        => expression switch
        {
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } => true,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } } => true,
            _ => false,
        };

    /// <summary>
    /// Whether an identical statement runs earlier in the same block, so it ran on every path that reaches this one
    /// (an identical statement in an <c>if</c> branch did not, and removing this one would leak on the other branch).
    /// </summary>
    private static bool Repeats(ExpressionStatementSyntax statement)
        => Before(statement).Any(other => SyntaxFactory.AreEquivalent(other, statement));

    /// <summary>
    /// For <c>h.Dispose()</c>: whether an earlier statement of the same block passes <c>h</c> to a call (the move the
    /// diagnostic is about) on every path; BND2002 also reports a Dispose after a move on only one branch, which is
    /// not a duplicate.
    /// </summary>
    private static bool MovedBefore(ExpressionStatementSyntax statement)
    {
        ExpressionSyntax? receiver = statement.Expression switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
            ConditionalAccessExpressionSyntax access => access.Expression,
            _ => null,
        };
        if (receiver is not IdentifierNameSyntax { Identifier.ValueText: var name } || !IsDispose(statement.Expression))
        {
            return false;
        }

        return Before(statement).Any(other => other is ExpressionStatementSyntax or LocalDeclarationStatementSyntax
            && other.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax).OfType<ArgumentSyntax>()
                .Any(a => a.Expression is IdentifierNameSyntax { Identifier.ValueText: var passed } && passed == name));
    }

    private static System.Collections.Generic.IEnumerable<StatementSyntax> Before(StatementSyntax statement)
    {
        var block = (BlockSyntax)statement.Parent!;
        return block.Statements.Take(block.Statements.IndexOf(statement));
    }
}
