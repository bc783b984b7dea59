using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2004: a delegate created in <c>Marshal.GetFunctionPointerForDelegate(...)</c> for a <c>[Retained]</c>
/// parameter (found by the analyzer's own question, <see cref="RetainedValue"/>) moves into a
/// <c>private static readonly</c> field, which keeps it alive for the life of the process.
/// Offered only when the delegate captures nothing (no locals, parameters or instance members), so creating it once at
/// type initialization means the same thing as creating it at the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepDelegateAliveFixer)), Shared]
public sealed class KeepDelegateAliveFixer : PlannedFixer<KeepDelegateAliveFixer.FixTarget>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.RetainedOutlived);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new FixAll();

    private protected override FixTarget? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Target(root, model, diagnostic, cancellationToken);

    private protected override string Title(FixTarget plan) => $"Keep the delegate alive in static field '{plan.FieldName}'";

    private protected override async Task<Document> ApplyAsync(Document document, SyntaxNode root, FixTarget plan, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Apply(editor, plan);
        return editor.GetChangedDocument();
    }

    /// <summary>The delegate creation to move, the type that gets the field, the delegate type and the field name.</summary>
    public sealed record FixTarget(ExpressionSyntax Delegate, TypeDeclarationSyntax Type, ITypeSymbol DelegateType, string FieldName);

    private static FixTarget? Target(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, ISet<string>? taken = null)
    {
        // The analyzer's own question: is this argument a function pointer to a delegate created for the call?
        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is not { } argument
            || model.GetOperation(argument, cancellationToken) is not IArgumentOperation operation
            || RetainedValue.WhyNot(operation) is not { FreshDelegate.Syntax: ExpressionSyntax created }
            || created is not (ObjectCreationExpressionSyntax or CastExpressionSyntax or AnonymousFunctionExpressionSyntax)
            || argument.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type
            || model.GetTypeInfo(created, cancellationToken).ConvertedType is not { TypeKind: TypeKind.Delegate } delegateType
            || CapturesAnything(created, model, cancellationToken))
        {
            return null;
        }

        string stem = created is ObjectCreationExpressionSyntax { ArgumentList.Arguments: [{ Expression: IdentifierNameSyntax method }] }
            ? method.Identifier.ValueText
            : delegateType.Name;
        var names = new HashSet<string>(model.GetDeclaredSymbol(type, cancellationToken)?.MemberNames ?? Enumerable.Empty<string>());
        string name = stem + "Callback";
        for (int i = 2; names.Contains(name) || (taken?.Contains(name) ?? false); i++)
        {
            name = stem + "Callback" + i;
        }

        taken?.Add(name);
        return new FixTarget(created, type, delegateType, name);
    }

    /// <summary>Whether the delegate expression reads a local, a parameter or an instance member from outside itself.</summary>
    private static bool CapturesAnything(ExpressionSyntax created, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (SimpleNameSyntax name in created.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            ISymbol? symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
            switch (symbol)
            {
                case null:
                    return true; // unresolved or ambiguous: do not guess
                case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol when !created.Span.Contains(symbol.Locations.FirstOrDefault()?.SourceSpan ?? default):
                    return true;
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction }:
                    return true; // out of scope in a field initializer
                case IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol when !symbol.IsStatic:
                    // Named without a receiver (or through this/base) it needs 'this'; reached through another
                    // expression (x.Length) it depends on that expression, which this loop checks on its own.
                    bool qualified = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                        && access.Expression is not (ThisExpressionSyntax or BaseExpressionSyntax);
                    if (!qualified && name.Parent is not MemberBindingExpressionSyntax)
                    {
                        return true;
                    }

                    break;
            }
        }

        return created.DescendantNodesAndSelf().Any(n => n is ThisExpressionSyntax or BaseExpressionSyntax);
    }

    private static void Apply(DocumentEditor editor, FixTarget target)
    {
        FieldDeclarationSyntax field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.ParseTypeName(target.DelegateType.ToMinimalDisplayString(editor.SemanticModel, target.Type.SpanStart)),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(target.FieldName)
                            .WithInitializer(SyntaxFactory.EqualsValueClause(target.Delegate.WithoutTrivia())))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithLeadingTrivia(SyntaxFactory.Comment("// Native code keeps a pointer to this delegate: the field keeps it from being collected."), SyntaxFactory.ElasticCarriageReturnLineFeed)
            .WithAdditionalAnnotations(Formatter.Annotation);
        // After the type's fields (so repeated fixes keep source order), or first when it has none.
        if (target.Type.Members.OfType<FieldDeclarationSyntax>().LastOrDefault() is { } lastField)
        {
            editor.InsertAfter(lastField, field);
        }
        else
        {
            editor.InsertMembers(target.Type, 0, new SyntaxNode[] { field });
        }
        editor.ReplaceNode(target.Delegate, SyntaxFactory.IdentifierName(target.FieldName).WithTriviaFrom(target.Delegate));
    }

    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            DocumentEditor editor = await DocumentEditor.CreateAsync(document, fixAllContext.CancellationToken).ConfigureAwait(false);
            var taken = new HashSet<string>();
            var targets = diagnostics.OrderBy(d => d.Location.SourceSpan.Start)
                .Select(d => Target(editor.OriginalRoot, editor.SemanticModel, d, fixAllContext.CancellationToken, taken))
                .OfType<FixTarget>()
                .ToList();
            targets.Reverse(); // each insertion lands right at its anchor: inserting the last one first keeps source order
            targets.ForEach(target => Apply(editor, target));

            return editor.GetChangedDocument();
        }
    }
}
