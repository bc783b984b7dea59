using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>The edits the declaration fixes share: adding modifiers in canonical order, making containers partial.</summary>
internal static class DeclarationEdits
{
    public static async Task<Document> EditAsync(Document document, SyntaxNode node, System.Action<DocumentEditor, SyntaxNode> edit, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        edit(editor, node);
        return editor.GetChangedDocument();
    }

    /// <summary>Adds the given modifiers where missing; SyntaxGenerator keeps the C# modifier order.</summary>
    public static void AddModifiers(DocumentEditor editor, SyntaxNode declaration, DeclarationModifiers add)
    {
        editor.ReplaceNode(declaration, (current, generator) =>
        {
            DeclarationModifiers modifiers = generator.GetModifiers(current);
            if (add.IsStatic) modifiers = modifiers.WithIsStatic(true);
            if (add.IsSealed) modifiers = modifiers.WithIsSealed(true);
            if (add.IsPartial) modifiers = modifiers.WithPartial(true);
            return generator.WithModifiers(current, modifiers);
        });
    }

    /// <summary>Makes every containing type declaration partial, as a generated part needs.</summary>
    public static void MakeContainersPartial(DocumentEditor editor, TypeDeclarationSyntax declaration)
    {
        foreach (TypeDeclarationSyntax container in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                AddModifiers(editor, container, DeclarationModifiers.Partial);
            }
        }
    }

    public static bool NeedsContainerFix(TypeDeclarationSyntax declaration)
        => declaration.Ancestors().OfType<TypeDeclarationSyntax>().Any(c => !c.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>
    /// Adds <c>[attribute]</c> on its own line after the declaration's existing attributes (or first, taking over the
    /// declaration's leading comments), indented like the declaration, with the document's line ending.
    /// </summary>
    public static TNode AddAttributeLine<TNode>(TNode declaration, AttributeListSyntax attribute)
        where TNode : MemberDeclarationSyntax
    {
        SyntaxTriviaList leading = declaration.GetLeadingTrivia();
        SyntaxTrivia indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        SyntaxTrivia newLine = declaration.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol
            ? eol
            : SyntaxFactory.EndOfLine("\n");
        attribute = attribute.WithTrailingTrivia(newLine);
        if (declaration.AttributeLists.Count > 0)
        {
            return (TNode)declaration.WithAttributeLists(declaration.AttributeLists.Add(attribute.WithLeadingTrivia(indentation)));
        }

        SyntaxToken first = declaration.GetFirstToken();
        var bare = (TNode)declaration.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        return (TNode)bare.WithAttributeLists(bare.AttributeLists.Add(attribute.WithLeadingTrivia(leading)));
    }
}
