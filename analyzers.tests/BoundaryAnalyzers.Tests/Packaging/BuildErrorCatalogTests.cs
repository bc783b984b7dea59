using System.Text.RegularExpressions;

namespace BoundaryAnalyzers.Tests.Packaging;

/// <summary>
/// The package's MSBuild errors (BND6xxx, raised by nuget/build/*.targets, not by an analyzer) are listed in the README,
/// and those with a docs page link to it from the error and from the README, through the URL eng/Version.props defines.
/// </summary>
public class BuildErrorCatalogTests
{
    public static TheoryData<string> BuildErrorIds => new(BuildErrors().Select(e => e.Id).Distinct());

    [Fact]
    public void The_targets_raise_the_build_errors()
        => BuildErrors().Select(e => e.Id).Should().Contain(["BND6001", "BND6009", "BND6010"]);

    [Theory]
    [MemberData(nameof(BuildErrorIds))]
    public void Every_build_error_has_a_README_row(string id)
    {
        string[] readme = File.ReadAllLines(Path.Combine(RepoRoot, "README.md"));
        readme.Should().ContainSingle(line => line.StartsWith($"| {id} |", StringComparison.Ordinal) || line.StartsWith($"| [{id}](docs/rules/{id}.md) |", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BuildErrorIds))]
    public void A_build_error_with_a_docs_page_links_to_it(string id)
    {
        string page = Path.Combine(RepoRoot, "docs", "rules", id + ".md");
        string[] errors = BuildErrors().Where(e => e.Id == id).Select(e => e.Element).ToArray();
        if (!File.Exists(page))
        {
            errors.Should().OnlyContain(e => !e.Contains("HelpLink=", StringComparison.Ordinal), "a help link needs a page to point at");
            return;
        }

        errors.Should().OnlyContain(e => e.Contains($"HelpLink=\"$(_BoundaryRulesUrl){id}.md\"", StringComparison.Ordinal), "the help link comes from the URL packed into BoundaryAnalyzers.Package.props");
        File.ReadAllLines(Path.Combine(RepoRoot, "README.md")).Should().Contain(line => line.StartsWith($"| [{id}](docs/rules/{id}.md) |", StringComparison.Ordinal));
        string text = File.ReadAllText(page);
        text.Should().StartWith($"# {id}: ").And.Contain("| Severity | Error |").And.Contain("| Code fix | No");
        text.Should().Contain("## What it reports").And.Contain("## Bad").And.Contain("## Good").And.Contain("## How to fix").And.Contain("## Configuration");
    }

    [Fact]
    public void The_package_props_import_the_packed_rules_url()
        => File.ReadAllText(Path.Combine(RepoRoot, "nuget", "build", "BoundaryAnalyzers.props"))
            .Should().Contain("<Import Project=\"$(MSBuildThisFileDirectory)BoundaryAnalyzers.Package.props\"");

    private static IEnumerable<(string Id, string Element)> BuildErrors()
        => Directory.GetFiles(Path.Combine(RepoRoot, "nuget", "build"), "*.targets")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"<Error\b[^>]*>", RegexOptions.Singleline))
            .Select(m => (Regex.Match(m.Value, @"Code=""(BND\d{4})""").Groups[1].Value, m.Value))
            .Where(e => e.Item1.Length > 0);

    private static string RepoRoot => Infrastructure.RepositoryPaths.Root;
}
