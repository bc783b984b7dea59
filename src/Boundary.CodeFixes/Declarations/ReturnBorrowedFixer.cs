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
    {
        // An out span: the parameter is declared [Borrowed].
        if (method.ParameterList.Parameters.FirstOrDefault(p => p.Span.Contains(diagnostic.Location.SourceSpan)) is { } parameter)
        {
            return new($"Declare the memory borrowed: [Borrowed]", (editor, node) =>
                editor.ReplaceNode(node, (current, _) => ((ParameterSyntax)current).AddAttributeLists(
                    SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Borrowed")))))),
                parameter);
        }

        return new($"Declare the returned memory borrowed: [return: Borrowed]", (editor, node) =>
            editor.ReplaceNode(node, (current, _) => AddReturnBorrowed((MethodDeclarationSyntax)current)));
    }

    private static MethodDeclarationSyntax AddReturnBorrowed(MethodDeclarationSyntax method)
        => DeclarationEdits.AddAttributeLine(method, SyntaxFactory.AttributeList(
            SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.ReturnKeyword)),
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Borrowed")))));
}
