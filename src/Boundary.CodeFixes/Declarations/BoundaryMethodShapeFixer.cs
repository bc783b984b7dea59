using System.Composition;
using System.Linq;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>
/// BND1002: turns the method into a boundary function declaration (<c>static partial</c>, no body), or, for a
/// declaration whose body is a hand-written implementing part in the same file, removes that part. A generic function
/// or an unusable export name has no mechanical fix: nothing is offered for them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundaryMethodShapeFixer)), Shared]
public sealed class BoundaryMethodShapeFixer : DeclarationFixer<MethodDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public BoundaryMethodShapeFixer()
        : base(RuleIds.BoundaryMethodShape)
    {
    }

    private protected override bool UsesSemanticModel => true;

    private protected override FixPlan? Plan(MethodDeclarationSyntax method, Diagnostic diagnostic, SemanticModel model)
    {
        if (method.TypeParameterList is not null)
        {
            return null; // A generic function has no mechanical fix: the user must pick concrete types.
        }

        if (!method.Modifiers.Any(SyntaxKind.StaticKeyword) || !method.Modifiers.Any(SyntaxKind.PartialKeyword)
            || method.Modifiers.Any(SyntaxKind.ExternKeyword) || method.Body is not null || method.ExpressionBody is not null)
        {
            return new FixPlan($"Declare '{method.Identifier.Text}' as a boundary function (static partial, no body)", Fix);
        }

        // The declaration is right: its body is a hand-written implementing part, which goes (the generator writes it).
        return model.GetDeclaredSymbol(method) is { PartialImplementationPart: { } implementation }
            && implementation.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
            && reference.SyntaxTree == method.SyntaxTree
            && reference.GetSyntax() is MethodDeclarationSyntax written
                ? new FixPlan($"Remove the hand-written body of '{method.Identifier.Text}': the generator writes it", (editor, node) => editor.RemoveNode(node), written)
                : null; // an unusable export name: only the user knows the right one
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
