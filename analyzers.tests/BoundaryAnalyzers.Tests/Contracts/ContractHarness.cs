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
    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "BoundaryAnalyzers.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(string[] sources, string kind, string library, params (string Path, string Text)[] files)
    {
        GeneratorRun run = TestCompilation.Run(sources);
        var texts = files.Select(f => (AdditionalText)new MemoryText(f.Path, f.Text)).ToImmutableArray();
        var options = new AnalyzerOptions(texts, new Provider(kind, library));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ContractAnalyzer());
        return await run.Output.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Provider(string kind, string library) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.BoundaryContract"] = kind,
            ["build_metadata.AdditionalFiles.BoundaryLibrary"] = library,
        });
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
