using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Contracts;

/// <summary>
/// BND4007: adds the declaration the diagnostic carries (<c>public static partial ulong Count(nint index);</c>, with
/// <c>[ForeignFunction("symbol")]</c> when the naming rule would not give the symbol) to the boundary class. The analyzer
/// carries one only for signatures of numbers and pointers; structs by value and function pointers get no fix. Pointers
/// to numbers are declared <c>T*</c> in an <c>unsafe</c> class and <c>nint</c> otherwise. Not offered when the class
/// already has a member of that name. Every diagnostic sits on the same class name, so Fix All is a provider of its
/// own that adds all of a class's declarations in one edit (text-merging batch fixing would drop all but one).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareExportFixer)), Shared]
public sealed class DeclareExportFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NativeExportUndeclared);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new FixAll();

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {

            if (!FixableDiagnosticIds.Contains(diagnostic.Id))

            {

                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports

            }

            if (Plan(root, model, diagnostic, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Declare '{plan.Member.Identifier.ValueText}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { plan }))),
                    equivalenceKey: nameof(DeclareExportFixer)),
                diagnostic);
        }
    }

    private sealed record DeclarePlan(ClassDeclarationSyntax Class, MethodDeclarationSyntax Member);

    private static DeclarePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ContractAnalyzer.DeclarationProperty, out string? declaration) || declaration is null
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax type
            || type.Identifier.Span != diagnostic.Location.SourceSpan
            || model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol symbol)
        {
            return null;
        }

        if (!type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Any(t => t.Modifiers.Any(SyntaxKind.UnsafeKeyword)))
        {
            declaration = Pointers.Replace(declaration, "nint ");
        }

        if (SyntaxFactory.ParseMemberDeclaration(declaration) is not MethodDeclarationSyntax member || member.ContainsDiagnostics
            || symbol.GetMembers(member.Identifier.ValueText).Length > 0)
        {
            return null;
        }

        // [ForeignFunction] as written when the name resolves where the class is; qualified otherwise.
        if (member.AttributeLists.Count > 0
            && model.LookupNamespacesAndTypes(type.SpanStart, name: "ForeignFunctionAttribute").IsEmpty)
        {
            member = member.ReplaceNodes(
                member.AttributeLists.SelectMany(l => l.Attributes),
                (_, attribute) => attribute.WithName(SyntaxFactory.ParseName("global::Boundary.ForeignFunction")));
        }

        return new DeclarePlan(type, member.WithLeadingTrivia(SyntaxFactory.Whitespace(Indentation(type))).WithTrailingTrivia(EndOfLine(root)));
    }

    /// <summary>The indentation of the class's last member, or the class's own plus four spaces: set here rather than left
    /// to a formatter, so the result is the same in the IDE, under dotnet format and in Fix All.</summary>
    private static string Indentation(ClassDeclarationSyntax type)
    {
        SyntaxTriviaList leading = type.Members.Count > 0 ? type.Members.Last().GetLeadingTrivia() : type.GetLeadingTrivia();
        string indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
        if (leading.Count > 0 && !leading.Last().IsKind(SyntaxKind.WhitespaceTrivia))
        {
            indentation = "";
        }

        return type.Members.Count > 0 ? indentation : indentation + "    ";
    }

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
        => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol ? eol : SyntaxFactory.LineFeed;

    private static readonly System.Text.RegularExpressions.Regex Pointers = new(@"\b\w+\* ", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Adds every planned member to its class, in the order given, skipping a name planned twice.</summary>
    private static SyntaxNode Apply(SyntaxNode root, IEnumerable<DeclarePlan> plans)
    {
        var byClass = plans.GroupBy(p => p.Class).ToDictionary(g => g.Key, g => g.GroupBy(p => p.Member.Identifier.ValueText).Select(n => n.First().Member).ToList());
        return root.ReplaceNodes(byClass.Keys, (original, current) => current.AddMembers(byClass[original].ToArray()));
    }

    /// <summary>Plans every diagnostic of a document against the original tree, then adds each class's members at once.</summary>
    private sealed class FixAll : SemanticFixAll
    {
        protected override SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, System.Threading.CancellationToken cancellationToken)
        {
            var plans = diagnostics.OrderBy(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparer.Ordinal)
                .Select(d => Plan(root, model, d, cancellationToken))
                .OfType<DeclarePlan>()
                .ToList();
            return plans.Count == 0 ? root : Apply(root, plans);
        }
    }
}
