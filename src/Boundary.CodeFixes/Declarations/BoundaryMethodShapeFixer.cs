using System.Composition;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1002: turns the method into a boundary function declaration: <c>static partial</c>, no body.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundaryMethodShapeFixer)), Shared]
public sealed class BoundaryMethodShapeFixer : DeclarationFixer<MethodDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public BoundaryMethodShapeFixer()
        : base(RuleIds.BoundaryMethodShape)
    {
    }

    private protected override FixPlan? Plan(MethodDeclarationSyntax method, Diagnostic diagnostic)
        => method.TypeParameterList is not null
            ? null // A generic function has no mechanical fix: the user must pick concrete types.
            : new FixPlan($"Declare '{method.Identifier.Text}' as a boundary function (static partial, no body)", Fix);

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
