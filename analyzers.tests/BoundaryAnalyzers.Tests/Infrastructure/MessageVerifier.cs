using System.Collections.Immutable;
using Boundary.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Infrastructure;

/// <summary>Asserts a diagnostic at the <c>{|#0:...|}</c> span whose message contains a given part, and nothing else.</summary>
internal static class MessageVerifier
{
    public static async Task VerifyAsync<TAnalyzer>(string markedSource, string id, string messagePart)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        string source = TestSetup.Usings + markedSource;
        int start = source.IndexOf("{|#0:", StringComparison.Ordinal);
        int end = source.IndexOf("|}", start, StringComparison.Ordinal);
        string marked = source.Substring(start + 5, end - start - 5);
        source = source.Remove(start, end + 2 - start).Insert(start, marked);

        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, new TAnalyzer());

        diagnostics.Should().ContainSingle(d => d.Id.StartsWith("BND", StringComparison.Ordinal), "one diagnostic is expected:\n" + string.Join("\n", diagnostics));
        Diagnostic diagnostic = diagnostics.Single(d => d.Id.StartsWith("BND", StringComparison.Ordinal));
        diagnostic.Id.Should().Be(id);
        diagnostic.Location.SourceSpan.Start.Should().Be(start);
        diagnostic.Location.SourceSpan.Length.Should().Be(marked.Length);
        diagnostic.GetMessage().Should().Contain(messagePart);
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("BND", StringComparison.Ordinal))
            .Should().BeEmpty("the generated code must not add compiler errors");
    }
}

/// <summary>Runs analyzers over a compilation that already contains the generator's output.</summary>
internal static class AnalyzerRun
{
    public static Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string source, params DiagnosticAnalyzer[] analyzers)
        => DiagnosticsAsync(source, allowUnsafe: true, analyzers);

    public static async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string source, bool allowUnsafe, params DiagnosticAnalyzer[] analyzers)
    {
        GeneratorRun run = TestCompilation.Run(allowUnsafe, source);
        CompilationWithAnalyzers withAnalyzers = run.Output.WithAnalyzers(ImmutableArray.Create(analyzers));
        ImmutableArray<Diagnostic> all = await withAnalyzers.GetAllDiagnosticsAsync();
        return all.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }
}
