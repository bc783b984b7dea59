using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.CodeFixes.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Runtime;

/// <summary>
/// BND5002: removes the <c>NativeLibrary.Free(handle);</c> statement, so the Go library stays loaded until the process
/// exits. Offered only where the call is a statement of its own (in a block, a switch section or top-level code):
/// inside an expression or an embedded statement, removing it would change the code around it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveGoLibraryFreeFixer)), Shared]
public sealed class RemoveGoLibraryFreeFixer : PlannedFixer<SyntaxNode>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.GoLibraryFreed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => BatchFixAll.For(nameof(RemoveGoLibraryFreeFixer));

    /// <summary>The statement to remove (for top-level code, its global statement).</summary>
    private protected override SyntaxNode? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
        {
            InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: GlobalStatementSyntax global } } => global,
            InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement } => statement,
            _ => null,
        };

    private protected override string Title(SyntaxNode plan) => "Remove the NativeLibrary.Free call: a Go library stays loaded";

    private protected override Task<Document> ApplyAsync(Document document, SyntaxNode root, SyntaxNode plan, CancellationToken cancellationToken)
        => Task.FromResult(document.WithSyntaxRoot(root.RemoveNode(plan, SyntaxRemoveOptions.KeepUnbalancedDirectives)!));
}
