using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// BND4003: changes a plain integer or floating-point parameter or return type to the native one (<c>int</c> →
/// <c>long</c>, <c>float</c> → <c>double</c>). Offered only where the analyzer found a C# spelling of the native type and
/// the diagnostic sits on the type syntax (the analyzer leaves pointers, spans, handles and structs alone). Each fix
/// replaces one type node, so the batch Fix All merges them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NativeTypeFixer)), Shared]
public sealed class NativeTypeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NativeWidthMismatch);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => BatchFixAll.For(nameof(NativeTypeFixer));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {

            if (!FixableDiagnosticIds.Contains(diagnostic.Id))

            {

                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports

            }

            if (!diagnostic.Properties.TryGetValue(ContractAnalyzer.ManagedTypeProperty, out string? keyword) || keyword is null
                || !diagnostic.Properties.ContainsKey(ContractAnalyzer.PositionProperty)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not TypeSyntax type
                || type.Parent is not (ParameterSyntax or MethodDeclarationSyntax))
            {
                continue;
            }

            TypeSyntax replacement = SyntaxFactory.ParseTypeName(keyword).WithTriviaFrom(type);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Change '{type.WithoutTrivia()}' to '{keyword}', the native type",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, replacement))),
                    equivalenceKey: nameof(NativeTypeFixer)),
                diagnostic);
        }
    }
}
