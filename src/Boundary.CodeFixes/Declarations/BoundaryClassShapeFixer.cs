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

/// <summary>BND1001: makes the boundary class <c>static partial</c> and its containing types partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundaryClassShapeFixer)), Shared]
public sealed class BoundaryClassShapeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BoundaryClassShape);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is not { } declaration
                || declaration.TypeParameterList is not null)
            {
                continue;
            }

            bool isStatic = declaration.Modifiers.Any(SyntaxKind.StaticKeyword);
            bool isPartial = declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
            bool containers = DeclarationEdits.NeedsContainerFix(declaration);
            if (isStatic && isPartial && !containers)
            {
                continue;
            }

            string title = !isStatic || !isPartial ? $"Make '{declaration.Identifier.Text}' static partial" : "Make containing types partial";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => DeclarationEdits.EditAsync(context.Document, declaration, (editor, node) =>
                    {
                        DeclarationEdits.AddModifiers(editor, node, DeclarationModifiers.Static | DeclarationModifiers.Partial);
                        DeclarationEdits.MakeContainersPartial(editor, (TypeDeclarationSyntax)node);
                    }, ct),
                    equivalenceKey: nameof(BoundaryClassShapeFixer)),
                diagnostic);
        }
    }
}
