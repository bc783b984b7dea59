using System.Text.RegularExpressions;
using Boundary.Analyzers.Analyzers.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>The valid-code corpus stays silent and every seeded mistake is reported where it is; the counts are printed.</summary>
public class OwnershipCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_valid_corpus_produces_no_diagnostics()
    {
        var noisy = new List<string>();
        foreach ((string name, string code) in OwnershipCorpus.Valid)
        {
            IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(OwnershipCorpus.Declarations + code, CallSiteAnalyzers());
            noisy.AddRange(diagnostics.Select(d => $"{name}: {d}"));
        }

        output.WriteLine($"valid corpus: {OwnershipCorpus.Valid.Length} programs, {noisy.Count} diagnostics");
        noisy.ForEach(output.WriteLine);
        noisy.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_seeded_mistake_is_reported_at_its_location_and_nothing_else()
    {
        int seeded = 0, found = 0;
        var problems = new List<string>();
        foreach ((string name, string code) in OwnershipCorpus.Mistakes)
        {
            (string source, List<(string Id, int Start, int Length)> expected) = Parse(OwnershipCorpus.Declarations + code);
            IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, CallSiteAnalyzers());
            var actual = diagnostics.Where(d => d.Id.StartsWith("BND2", StringComparison.Ordinal))
                .Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).ToList();
            seeded += expected.Count;
            found += expected.Count(actual.Contains);
            problems.AddRange(expected.Except(actual).Select(e => $"{name}: missed {e.Id} at '{source.Substring(e.Start, e.Length)}'"));
            problems.AddRange(actual.Except(expected).Select(a => $"{name}: unexpected {a.Id} at '{source.Substring(a.Start, a.Length)}'"));
            problems.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{name}: compile error {d}"));
        }

        output.WriteLine($"mistakes corpus: {OwnershipCorpus.Mistakes.Length} programs, {seeded} seeded mistakes, {found} reported at the right place");
        problems.Should().BeEmpty();
        found.Should().Be(seeded);
    }

    /// <summary>Every BND2xxx analyzer: the flow rules (BND2001–2003, BND2005) and the retained-argument rule (BND2004).</summary>
    private static Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer[] CallSiteAnalyzers() => [new OwnershipAnalyzer(), new RetainedArgumentAnalyzer()];

    /// <summary>Removes <c>{|ID:text|}</c> markers and returns where each one was.</summary>
    internal static (string Source, List<(string Id, int Start, int Length)> Expected) Parse(string marked)
    {
        var expected = new List<(string, int, int)>();
        var builder = new System.Text.StringBuilder();
        int position = 0;
        foreach (Match match in Regex.Matches(marked, @"\{\|(BND\d{4}):(.*?)\|\}", RegexOptions.Singleline))
        {
            builder.Append(marked, position, match.Index - position);
            expected.Add((match.Groups[1].Value, builder.Length, match.Groups[2].Value.Length));
            builder.Append(match.Groups[2].Value);
            position = match.Index + match.Length;
        }

        builder.Append(marked, position, marked.Length - position);
        return (builder.ToString(), expected);
    }
}
