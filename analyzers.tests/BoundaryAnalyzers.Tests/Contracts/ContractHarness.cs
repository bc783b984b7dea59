using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Boundary.Analyzers.Analyzers.Contracts;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BoundaryAnalyzers.Tests.Contracts;

/// <summary>Runs the contract check over C# sources with contract files, as the MSBuild side passes them.</summary>
internal static class ContractHarness
{
    public static string RepoRoot => Infrastructure.RepositoryPaths.Root;

    /// <summary>
    /// Runs the contract check with <paramref name="files"/> as <c>AdditionalFiles</c> at <c>/0/name</c>, their metadata
    /// in a global AnalyzerConfig with a section per file, as the MSBuild side writes it for
    /// <c>CompilerVisibleItemMetadata</c> (<c>build_metadata.AdditionalFiles.BoundaryContract</c> / <c>.BoundaryLibrary</c>);
    /// the compiler's own AnalyzerConfigSet resolves the sections.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(string[] sources, string kind, string library, params (string Path, string Text)[] files)
    {
        GeneratorRun run = TestCompilation.Run(sources);
        var texts = files.Select(f => (AdditionalText)new MemoryText("/0/" + System.IO.Path.GetFileName(f.Path), f.Text)).ToImmutableArray();
        var config = new System.Text.StringBuilder("is_global = true\n");
        foreach (AdditionalText text in texts)
        {
            config.Append($"\n[{text.Path}]\nbuild_metadata.AdditionalFiles.BoundaryContract = {kind}\nbuild_metadata.AdditionalFiles.BoundaryLibrary = {library}\n");
        }

        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(config.ToString(), "/.globalconfig")));
        var options = new AnalyzerOptions(texts, new Provider(set));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ContractAnalyzer());
        return await run.Output.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Provider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
