using System.Collections.Immutable;
using Boundary.Analyzers.Analyzers.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// One source file in a workspace project set up like a user's (the generator as an analyzer reference), for asking
/// code fixes directly: which fixes a fixer offers for a diagnostic, and what the file looks like once one is applied.
/// </summary>
internal sealed class FixSession
{
    private static readonly DiagnosticAnalyzer[] Analyzers = [new OwnershipAnalyzer(), new RetainedArgumentAnalyzer()];

    private FixSession(Document document, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> errors)
    {
        Document = document;
        Diagnostics = diagnostics;
        Errors = errors;
    }

    public Document Document { get; }

    /// <summary>What the call-site analyzers (BND2001–BND2005) report in the file.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The compilation's errors (generated code included).</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    /// <summary>Every descriptor the call-site analyzers report with, by id.</summary>
    public static IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors { get; } =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First());

    public static async Task<FixSession> OpenAsync(string source)
    {
        var workspace = new AdhocWorkspace();
        CSharpCompilation template = TestCompilation.Create(string.Empty);
        ProjectInfo project = ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: template.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: template.References,
            analyzerReferences: [GeneratorReference.Instance]);
        Document document = workspace.AddProject(project).AddDocument("Test.cs", SourceText.From(source));
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        ImmutableArray<Diagnostic> found = await compilation.WithAnalyzers(ImmutableArray.Create(Analyzers)).GetAnalyzerDiagnosticsAsync();
        return new FixSession(
            document,
            found.Where(d => d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToList(),
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }

    /// <summary>The fixes <paramref name="fixer"/> offers for <paramref name="diagnostic"/> (which need not come from the analyzer).</summary>
    public async Task<IReadOnlyList<CodeAction>> FixesAsync(CodeFixProvider fixer, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        if (fixer.FixableDiagnosticIds.Contains(diagnostic.Id))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(Document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        }

        return actions;
    }

    /// <summary>A diagnostic the analyzer did not necessarily report: <paramref name="id"/> at <paramref name="span"/> of the file.</summary>
    public async Task<Diagnostic> Fabricate(string id, TextSpan span)
        => Diagnostic.Create(Descriptors[id], Location.Create((await Document.GetSyntaxTreeAsync())!, span));

    /// <summary>The file's text once <paramref name="action"/> is applied.</summary>
    public async Task<string> ApplyAsync(CodeAction action)
    {
        Solution solution = Document.Project.Solution;
        foreach (CodeActionOperation operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is ApplyChangesOperation apply)
            {
                solution = apply.ChangedSolution;
            }
        }

        return (await solution.GetDocument(Document.Id)!.GetTextAsync()).ToString();
    }
}
