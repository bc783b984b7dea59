using System.Reflection;
using Boundary.Analyzers.Analyzers.Declarations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>Every rule has a help link, a docs page that agrees with its descriptor, and a release-tracking entry.</summary>
public class RuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(Descriptors().Select(d => d.Id).Distinct());

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_help_link_to_its_docs_page(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().First(d => d.Id == id);
        descriptor.HelpLinkUri.Should().Be($"{RulesUrl}{id}.md", "help links derive from BoundaryRepositoryUrl in eng/Version.props");
        RulesUrl.Should().StartWith("https://").And.EndWith("/docs/rules/");
        string page = Path.Combine(RepoRoot, "docs", "rules", id + ".md");
        File.Exists(page).Should().BeTrue();
        string text = File.ReadAllText(page);
        text.Should().StartWith($"# {id}: {descriptor.Title}", "the page title must match the descriptor");
        text.Should().Contain($"| Severity | {descriptor.DefaultSeverity} |");
        text.Should().Contain("## Bad").And.Contain("## Good").And.Contain("## How to fix").And.Contain("## Configuration");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_page_says_what_the_rule_is_category_and_code_fix(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().First(d => d.Id == id);
        string text = File.ReadAllText(Path.Combine(RepoRoot, "docs", "rules", id + ".md"));

        text.Should().Contain($"| Category | {descriptor.Category} |");
        string fixRow = text.Split('\n').Single(line => line.StartsWith("| Code fix |", StringComparison.Ordinal));
        bool documentedFix = fixRow.StartsWith("| Code fix | Yes", StringComparison.Ordinal);
        documentedFix.Should().Be(FixableIds().Contains(id), $"the page's '{fixRow.Trim()}' must match whether a code fix provider fixes {id}");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_README_row_with_its_title_severity_and_fix(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().First(d => d.Id == id);
        string[] cells = File.ReadAllLines(Path.Combine(RepoRoot, "README.md"))
            .Single(line => line.StartsWith($"| [{id}](", StringComparison.Ordinal))
            .Split(" | ");

        cells[1].Replace("`", "", StringComparison.Ordinal).Should().StartWith(descriptor.Title.ToString(), "the README title (code in backticks, detail after it) starts with the descriptor's");
        cells[2].Should().Be(descriptor.DefaultSeverity.ToString());
        cells[3].TrimEnd(' ', '|').StartsWith('✓').Should().Be(FixableIds().Contains(id), "the README's Fix column must match the code fixes");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_release_tracked(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().First(d => d.Id == id);
        string unshipped = File.ReadAllText(Path.Combine(RepoRoot, "src", "Boundary.Analyzers", "AnalyzerReleases.Unshipped.md"));
        unshipped.Should().Contain($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |");
    }

    private static HashSet<string> FixableIds()
        => typeof(Boundary.CodeFixes.Declarations.BoundaryMethodShapeFixer).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(t => ((Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet();

    [Fact]
    public void Rule_ids_are_unique_per_descriptor()
        => Descriptors().GroupBy(d => d.Id).Should().OnlyContain(g => g.Select(d => d.Title.ToString()).Distinct().Count() == 1);

    private static IEnumerable<DiagnosticDescriptor> Descriptors()
        => typeof(BoundaryDeclarationAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics);

    private static string RulesUrl
        => typeof(RuleCatalogTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BoundaryRulesUrl").Value!;

    private static string RepoRoot => Infrastructure.RepositoryPaths.Root;
}
