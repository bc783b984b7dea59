using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2001: turns <c>var h = Lib.New();</c> into <c>using var h = Lib.New();</c>. Offered only when every use of the
/// local keeps it (member access, a borrowed boundary argument, Dispose): a local that is returned, stored, captured or
/// passed elsewhere on some path would be disposed under its new owner.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsingDeclarationFixer)), Shared]
public sealed class UsingDeclarationFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax declarator
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax statement
                || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || statement.Parent is not BlockSyntax block
                || statement.Declaration.Variables.Count != 1
                || model?.GetDeclaredSymbol(declarator, context.CancellationToken) is not ILocalSymbol local
                || !OwnershipSyntax.OnlyKept(block, local, model, context.CancellationToken))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Dispose '{local.Name}' with 'using var'",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, AddUsing(statement)))),
                    equivalenceKey: nameof(UsingDeclarationFixer)),
                diagnostic);
        }
    }

    private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax statement)
    {
        SyntaxToken first = statement.GetFirstToken();
        return statement
            .ReplaceToken(first, first.WithLeadingTrivia())
            .WithUsingKeyword(SyntaxFactory.Token(first.LeadingTrivia, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
    }
}
