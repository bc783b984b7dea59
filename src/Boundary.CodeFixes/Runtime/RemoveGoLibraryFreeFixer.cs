using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Runtime;

/// <summary>
/// BND5002: removes the <c>NativeLibrary.Free(handle);</c> statement, so the Go library stays loaded until the process
/// exits. Offered only where the call is a statement of its own (in a block, a switch section or top-level code):
/// inside an expression or an embedded statement, removing it would change the code around it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveGoLibraryFreeFixer)), Shared]
public sealed class RemoveGoLibraryFreeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.GoLibraryFreed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
            SyntaxNode? removed = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
            {
                InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: GlobalStatementSyntax global } } => global,
                InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement } => statement,
                _ => null,
            };
            if (removed is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the NativeLibrary.Free call: a Go library stays loaded",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(removed, SyntaxRemoveOptions.KeepUnbalancedDirectives)!)),
                    equivalenceKey: nameof(RemoveGoLibraryFreeFixer)),
                diagnostic);
        }
    }
}
