using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.CodeFixes.Declarations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Errors;

/// <summary>BND3002: adds the success member <c>Ok = 0</c> (or <c>Success = 0</c> when <c>Ok</c> is taken) first.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ErrorsSuccessMemberFixer)), Shared]
public sealed class ErrorsSuccessMemberFixer : DeclarationFixer<EnumDeclarationSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public ErrorsSuccessMemberFixer()
        : base(RuleIds.ErrorsWithoutSuccess)
    {
    }

    private protected override FixPlan? Plan(EnumDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        string? name = new[] { "Ok", "Success", "None" }.FirstOrDefault(n => declaration.Members.All(m => m.Identifier.Text != n));
        return name is null
            ? null
            : new FixPlan($"Add the success member '{name} = 0'", (editor, node) =>
                editor.ReplaceNode(node, (current, _) => AddSuccess((EnumDeclarationSyntax)current, name)));
    }

    private static EnumDeclarationSyntax AddSuccess(EnumDeclarationSyntax declaration, string name)
    {
        EnumMemberDeclarationSyntax member = SyntaxFactory.EnumMemberDeclaration(SyntaxFactory.Identifier(name))
            .WithEqualsValue(SyntaxFactory.EqualsValueClause(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))));
        if (declaration.Members.Count == 0)
        {
            return declaration.WithMembers(SyntaxFactory.SingletonSeparatedList(member));
        }

        EnumMemberDeclarationSyntax first = declaration.Members[0];
        bool multiLine = declaration.OpenBraceToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        SyntaxTrivia afterComma = multiLine
            ? declaration.OpenBraceToken.TrailingTrivia.First(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
            : SyntaxFactory.Space;

        var nodes = new List<SyntaxNodeOrToken>
        {
            member.WithLeadingTrivia(IndentationOf(first)),
            SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(afterComma),
        };
        nodes.AddRange(declaration.Members.GetWithSeparators());
        return declaration.WithMembers(SyntaxFactory.SeparatedList<EnumMemberDeclarationSyntax>(nodes));
    }

    /// <summary>The first member's indentation only (its attributes and comments stay with it).</summary>
    private static SyntaxTriviaList IndentationOf(EnumMemberDeclarationSyntax member)
        => member.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)) is { RawKind: not 0 } indentation
            ? SyntaxFactory.TriviaList(indentation)
            : SyntaxFactory.TriviaList();
}

/// <summary>
/// BND3004: marks the boundary's Errors enum <c>[ForeignErrors]</c>. The enum may be declared in another document, so
/// the fix edits the solution; Fix All applies one edit per enum however many boundaries name it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ErrorsAttributeFixer)), Shared]
public sealed class ErrorsAttributeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override System.Collections.Immutable.ImmutableArray<string> FixableDiagnosticIds
        => System.Collections.Immutable.ImmutableArray.Create(RuleIds.ErrorsTypeInvalid);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => BatchFixAll.For(nameof(ErrorsAttributeFixer));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports
            }

            if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableEnum)
                || root?.FindNode(diagnostic.Location.SourceSpan) is not { } node
                || node.DescendantNodesAndSelf().OfType<TypeOfExpressionSyntax>().FirstOrDefault() is not { } typeOf
                || model?.GetTypeInfo(typeOf.Type, context.CancellationToken).Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
                || enumType.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                || context.Document.Project.Solution.GetDocument(reference.SyntaxTree) is not { } enumDocument)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{enumType.Name}' [ForeignErrors]",
                    ct => MarkAsync(enumDocument, reference.Span, ct),
                    equivalenceKey: nameof(ErrorsAttributeFixer)),
                diagnostic);
        }
    }

    private static async Task<Solution> MarkAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var declaration = root.FindNode(span).AncestorsAndSelf().OfType<EnumDeclarationSyntax>().First();
        EnumDeclarationSyntax updated = DeclarationEdits.AddAttributeLine(declaration, SyntaxFactory.AttributeList(
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("ForeignErrors")))));
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)).Project.Solution;
    }
}
