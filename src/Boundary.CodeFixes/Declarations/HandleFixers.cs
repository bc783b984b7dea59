using System.Composition;
using System.Linq;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1004: sets <c>Release</c> on the [ForeignHandle] attribute to the conventional free function name.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandleReleaseFixer)), Shared]
public sealed class HandleReleaseFixer : DeclarationFixer<ClassDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public HandleReleaseFixer()
        : base(RuleIds.HandleWithoutRelease)
    {
    }

    private protected override FixPlan? Plan(ClassDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Release, out string? release) || release is null
            || FindAttribute(declaration) is not { } attribute)
        {
            return null;
        }

        return new FixPlan($"Release with '{release}'", (editor, node) => SetRelease(editor, (AttributeSyntax)node, release), attribute);
    }

    internal static AttributeSyntax? FindAttribute(ClassDeclarationSyntax declaration)
        => declaration.AttributeLists.SelectMany(l => l.Attributes)
            .FirstOrDefault(a => a.Name.ToString() is "ForeignHandle" or "ForeignHandleAttribute"
                || a.Name.ToString().EndsWith(".ForeignHandle", System.StringComparison.Ordinal)
                || a.Name.ToString().EndsWith(".ForeignHandleAttribute", System.StringComparison.Ordinal));

    private static void SetRelease(DocumentEditor editor, AttributeSyntax attribute, string release)
    {
        AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals("Release"),
            null,
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(release)));
        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        AttributeArgumentSyntax? existing = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Release");
        list = existing is null ? list.AddArguments(argument) : list.ReplaceNode(existing, argument);
        editor.ReplaceNode(attribute, attribute.WithArgumentList(list));
    }
}

/// <summary>BND1014: sets <c>ReleaseReturnsStatus = true</c> on a handle whose release a boundary function declares as returning a status.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandleReleaseStatusFixer)), Shared]
public sealed class HandleReleaseStatusFixer : DeclarationFixer<ClassDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public HandleReleaseStatusFixer()
        : base(RuleIds.ReleaseStatusMismatch)
    {
    }

    private protected override FixPlan? Plan(ClassDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ReleaseReturnsStatus, out string? value) || value != "true"
            || HandleReleaseFixer.FindAttribute(declaration) is not { } attribute)
        {
            return null;
        }

        return new FixPlan("Set ReleaseReturnsStatus = true", (editor, node) => SetStatus(editor, (AttributeSyntax)node), attribute);
    }

    private static void SetStatus(DocumentEditor editor, AttributeSyntax attribute)
    {
        AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals("ReleaseReturnsStatus"),
            null,
            SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        AttributeArgumentSyntax? existing = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "ReleaseReturnsStatus");
        list = existing is null ? list.AddArguments(argument) : list.ReplaceNode(existing, argument);
        editor.ReplaceNode(attribute, attribute.WithArgumentList(list));
    }
}

/// <summary>BND1006: makes the handle class <c>sealed partial</c> and its containing types partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandleTypeShapeFixer)), Shared]
public sealed class HandleTypeShapeFixer : DeclarationFixer<ClassDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public HandleTypeShapeFixer()
        : base(RuleIds.HandleTypeShape)
    {
    }

    private protected override FixPlan? Plan(ClassDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        if (declaration.TypeParameterList is not null || declaration.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            return null;
        }

        bool shapeOk = declaration.Modifiers.Any(SyntaxKind.SealedKeyword) && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
        if (shapeOk && !DeclarationEdits.NeedsContainerFix(declaration))
        {
            return null; // e.g. a base type: removing it is the user's decision.
        }

        return new FixPlan(
            shapeOk ? "Make containing types partial" : $"Make '{declaration.Identifier.Text}' sealed partial",
            (editor, node) =>
            {
                DeclarationEdits.AddModifiers(editor, node, DeclarationModifiers.Sealed | DeclarationModifiers.Partial);
                DeclarationEdits.MakeContainersPartial(editor, (TypeDeclarationSyntax)node);
            });
    }
}
