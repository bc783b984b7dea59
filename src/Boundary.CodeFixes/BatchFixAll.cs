using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Boundary.CodeFixes;

/// <summary>
/// Roslyn's batch Fix All for a fixer whose actions all share one equivalence key, whatever key it is asked with.
/// <c>dotnet format</c> asks with the key of the first action the fixer offers for the first diagnostic it found, of
/// any id the analyzer reports: one the fixer offers nothing for gives no key at all, and the plain batch fixer then
/// matches no action and returns none ("didn't return a Fix All action"), leaving every other diagnostic unfixed.
/// </summary>
internal sealed class BatchFixAll : FixAllProvider
{
    private readonly string equivalenceKey;

    private BatchFixAll(string equivalenceKey) => this.equivalenceKey = equivalenceKey;

    /// <summary>The Fix All of a fixer whose actions all have <paramref name="equivalenceKey"/>.</summary>
    public static FixAllProvider For(string equivalenceKey) => new BatchFixAll(equivalenceKey);

    /// <inheritdoc/>
    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

    /// <inheritdoc/>
    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        => WellKnownFixAllProviders.BatchFixer.GetFixAsync(
            fixAllContext.CodeActionEquivalenceKey == equivalenceKey ? fixAllContext : Rekeyed(fixAllContext));

    private FixAllContext Rekeyed(FixAllContext context)
    {
        var diagnostics = new Forwarding(context);
        return context.Document is { } document
            ? new FixAllContext(document, context.CodeFixProvider, context.Scope, equivalenceKey, context.DiagnosticIds, diagnostics, context.CancellationToken)
            : new FixAllContext(context.Project, context.CodeFixProvider, context.Scope, equivalenceKey, context.DiagnosticIds, diagnostics, context.CancellationToken);
    }

    /// <summary>The diagnostics of the context asked with, unchanged.</summary>
    private sealed class Forwarding : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext original;

        public Forwarding(FixAllContext original) => this.original = original;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => await original.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => await original.GetProjectDiagnosticsAsync(project).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => await original.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
    }
}
