using System.Composition;
using System.Linq;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1010: declares a returned span as borrowed with <c>[return: Borrowed]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnBorrowedFixer)), Shared]
public sealed class ReturnBorrowedFixer : DeclarationFixer<MethodDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public ReturnBorrowedFixer()
        : base(RuleIds.ReturnOwnershipUndeclared)
    {
    }

    private protected override FixPlan? Plan(MethodDeclarationSyntax method, Diagnostic diagnostic)
        => new($"Declare the returned memory borrowed: [return: Borrowed]", (editor, node) =>
            editor.ReplaceNode(node, (current, _) => AddReturnBorrowed((MethodDeclarationSyntax)current)));

    private static MethodDeclarationSyntax AddReturnBorrowed(MethodDeclarationSyntax method)
    {
        SyntaxTriviaList leading = method.GetLeadingTrivia();
        SyntaxTrivia indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        SyntaxTrivia newLine = method.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol
            ? eol
            : SyntaxFactory.EndOfLine("\n");

        AttributeListSyntax list = SyntaxFactory.AttributeList(
                SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.ReturnKeyword)),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Borrowed"))))
            .WithTrailingTrivia(newLine);

        if (method.AttributeLists.Count > 0)
        {
            return method.WithAttributeLists(method.AttributeLists.Add(list.WithLeadingTrivia(indentation)));
        }

        // The method's leading trivia (comments, indentation) moves to the attribute; the method keeps the indentation.
        MethodDeclarationSyntax bare = method.WithoutLeadingTrivia();
        return bare.WithAttributeLists(bare.AttributeLists.Add(list.WithLeadingTrivia(leading)))
            .WithModifiers(bare.Modifiers.Count > 0
                ? bare.Modifiers.Replace(bare.Modifiers[0], bare.Modifiers[0].WithLeadingTrivia(indentation))
                : bare.Modifiers);
    }
}
