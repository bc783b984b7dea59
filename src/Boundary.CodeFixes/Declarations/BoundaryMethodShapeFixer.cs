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
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1002: turns the method into a boundary function declaration: <c>static partial</c>, no body.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundaryMethodShapeFixer)), Shared]
public sealed class BoundaryMethodShapeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BoundaryMethodShape);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method
                || method.TypeParameterList is not null)
            {
                continue; // A generic function has no mechanical fix: the user must pick concrete types.
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Declare '{method.Identifier.Text}' as a boundary function (static partial, no body)",
                    ct => DeclarationEdits.EditAsync(context.Document, method, Fix, ct),
                    equivalenceKey: nameof(BoundaryMethodShapeFixer)),
                diagnostic);
        }
    }

    private static void Fix(DocumentEditor editor, SyntaxNode node)
    {
        editor.ReplaceNode(node, (current, generator) =>
        {
            var method = (MethodDeclarationSyntax)current;
            if (method.Body is not null || method.ExpressionBody is not null)
            {
                method = method
                    .WithBody(null)
                    .WithExpressionBody(null)
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(
                        method.Body?.GetTrailingTrivia() ?? method.SemicolonToken.TrailingTrivia))
                    .WithParameterList(method.ParameterList.WithTrailingTrivia());
            }

            DeclarationModifiers modifiers = generator.GetModifiers(method).WithIsStatic(true).WithPartial(true).WithIsExtern(false);
            return generator.WithModifiers(method, modifiers);
        });
    }
}
