using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2001: turns <c>var h = Lib.New();</c> into <c>using var h = Lib.New();</c>. Offered only where the analyzer
/// reports the local and sees every reference to it keep ownership where it is (a use or a release: nothing returned,
/// stored, captured, moved, aliased by a pattern or passed elsewhere on any path, which would be disposed under its new
/// owner), and the declaration is its only write (a <c>using</c> variable cannot be assigned).
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
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax declarator
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement
                || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || statement.Declaration.Variables.Count != 1
                || model.GetDeclaredSymbol(declarator, context.CancellationToken) is not ILocalSymbol local
                || AnalyzerView.Of(local, declarator, model, context.CancellationToken) is not { } view
                || !view.Reports(diagnostic.Id, diagnostic.Location.SourceSpan)
                || view.WriteAt(declarator)?.Received is null
                || !view.OnlyKept
                || view.Writes.Any(w => w.Write.Syntax != declarator))
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
