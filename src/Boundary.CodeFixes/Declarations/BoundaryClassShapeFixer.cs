using System.Composition;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1001: makes the boundary class <c>static partial</c> and its containing types partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundaryClassShapeFixer)), Shared]
public sealed class BoundaryClassShapeFixer : DeclarationFixer<ClassDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public BoundaryClassShapeFixer()
        : base(RuleIds.BoundaryClassShape)
    {
    }

    private protected override FixPlan? Plan(ClassDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        if (declaration.TypeParameterList is not null)
        {
            return null; // Generic: the user must split it per library.
        }

        bool shapeOk = declaration.Modifiers.Any(SyntaxKind.StaticKeyword) && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
        if (shapeOk && !DeclarationEdits.NeedsContainerFix(declaration))
        {
            return null;
        }

        return new FixPlan(
            shapeOk ? "Make containing types partial" : $"Make '{declaration.Identifier.Text}' static partial",
            (editor, node) =>
            {
                DeclarationEdits.AddModifiers(editor, node, DeclarationModifiers.Static | DeclarationModifiers.Partial);
                DeclarationEdits.MakeContainersPartial(editor, (TypeDeclarationSyntax)node);
            });
    }
}
