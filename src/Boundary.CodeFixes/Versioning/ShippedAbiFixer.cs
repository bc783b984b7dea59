using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Versioning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.CodeFixes.Versioning;

/// <summary>
/// BND4101/BND4102: records the boundary function's current native signature in <c>BoundaryAbi.Shipped.txt</c>
/// (replacing the line of its symbol, or adding one in symbol order). Fix All records every reported signature in one
/// edit of the file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShippedAbiFixer)), Shared]
public sealed class ShippedAbiFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ShippedAbiChanged, RuleIds.ShippedAbiUnrecorded);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new RecordAll();

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        TextDocument? file = ShippedFile(context.Document.Project);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports
            }

            if (file is null || !diagnostic.Properties.TryGetValue(ShippedAbiAnalyzer.DeclarationProperty, out string? declaration) || declaration is null)
            {
                continue;
            }

            string title = diagnostic.Id == RuleIds.ShippedAbiChanged
                ? $"Record the changed signature in {ShippedAbi.FileName} (raise AbiVersion's major version)"
                : $"Record the signature in {ShippedAbi.FileName}";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => RecordAsync(context.Document.Project.Solution, file.Id, new[] { declaration }, ct), nameof(ShippedAbiFixer)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static TextDocument? ShippedFile(Project project)
        => project.AdditionalDocuments.FirstOrDefault(d => Path.GetFileName(d.FilePath ?? d.Name) == ShippedAbi.FileName);

    private static async Task<Solution> RecordAsync(Solution solution, DocumentId file, IEnumerable<string> declarations, CancellationToken cancellationToken)
    {
        TextDocument document = solution.GetAdditionalDocument(file)!;
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        string recorded = ShippedAbi.Record(text.ToString(), declarations);
        return solution.WithAdditionalDocumentText(file, SourceText.From(recorded, text.Encoding));
    }

    /// <summary>Every reported signature of the scope, recorded in one edit per project's file.</summary>
    private sealed class RecordAll : FixAllProvider
    {
        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
            var edits = new List<(DocumentId File, List<string> Declarations)>();
            foreach (Project project in projects)
            {
                if (ShippedFile(project) is not { } file)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> diagnostics = context.Scope is FixAllScope.Document && context.Document is { } single
                    ? await context.GetDocumentDiagnosticsAsync(single).ConfigureAwait(false)
                    : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                var declarations = diagnostics
                    .Where(d => context.DiagnosticIds.Contains(d.Id))
                    .Select(d => d.Properties.TryGetValue(ShippedAbiAnalyzer.DeclarationProperty, out string? value) ? value : null)
                    .OfType<string>()
                    .ToList();
                if (declarations.Count > 0)
                {
                    edits.Add((file.Id, declarations));
                }
            }

            if (edits.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                $"Record every reported signature in {ShippedAbi.FileName}",
                async ct =>
                {
                    Solution solution = context.Solution;
                    foreach ((DocumentId file, List<string> declarations) in edits)
                    {
                        solution = await RecordAsync(solution, file, declarations, ct).ConfigureAwait(false);
                    }

                    return solution;
                },
                nameof(RecordAll));
        }
    }
}
