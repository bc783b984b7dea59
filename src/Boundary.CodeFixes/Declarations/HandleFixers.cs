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

/// <summary>BND1004: sets <c>Release</c> on the [ForeignHandle] attribute to the conventional free function name.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandleReleaseFixer)), Shared]
public sealed class HandleReleaseFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HandleWithoutRelease);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Release, out string? release) || release is null
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is not { } declaration
                || FindAttribute(declaration) is not { } attribute)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Release with '{release}'",
                    ct => DeclarationEdits.EditAsync(context.Document, attribute, (editor, node) => SetRelease(editor, (AttributeSyntax)node, release), ct),
                    equivalenceKey: nameof(HandleReleaseFixer)),
                diagnostic);
        }
    }

    private static AttributeSyntax? FindAttribute(ClassDeclarationSyntax declaration)
        => declaration.AttributeLists.SelectMany(l => l.Attributes)
            .FirstOrDefault(a => a.Name.ToString() is "ForeignHandle" or "ForeignHandleAttribute" or "Boundary.ForeignHandle" or "Boundary.ForeignHandleAttribute"
                || a.Name.ToString().EndsWith(".ForeignHandle", System.StringComparison.Ordinal));

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

/// <summary>BND1006: makes the handle class <c>sealed partial</c> and its containing types partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandleTypeShapeFixer)), Shared]
public sealed class HandleTypeShapeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HandleTypeShape);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is not { } declaration
                || declaration.TypeParameterList is not null
                || declaration.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                continue;
            }

            bool shapeOk = declaration.Modifiers.Any(SyntaxKind.SealedKeyword) && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
            if (shapeOk && !DeclarationEdits.NeedsContainerFix(declaration))
            {
                continue; // e.g. a base type: removing it is the user's decision.
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    shapeOk ? "Make containing types partial" : $"Make '{declaration.Identifier.Text}' sealed partial",
                    ct => DeclarationEdits.EditAsync(context.Document, declaration, (editor, node) =>
                    {
                        DeclarationEdits.AddModifiers(editor, node, DeclarationModifiers.Sealed | DeclarationModifiers.Partial);
                        DeclarationEdits.MakeContainersPartial(editor, (TypeDeclarationSyntax)node);
                    }, ct),
                    equivalenceKey: nameof(HandleTypeShapeFixer)),
                diagnostic);
        }
    }
}
