using System.Text.RegularExpressions;
using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>
/// The package version the docs tell users to reference is the one eng/Version.props packs: a release that bumps the
/// version without its README and rule pages fails here rather than on a user's restore.
/// </summary>
public partial class DocsVersionTests
{
    [Fact]
    public void Every_package_reference_in_the_docs_names_the_version_being_packed()
    {
        string props = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "eng", "Version.props"));
        string version = Regex.Match(props, "<BoundaryVersion>(?<v>[^<]+)</BoundaryVersion>").Groups["v"].Value;
        version.Should().NotBeEmpty();

        var documents = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"));
        var references = documents
            .SelectMany(path => PackageReference().Matches(File.ReadAllText(path)).Select(m => (Path: Path.GetRelativePath(RepositoryPaths.Root, path), Version: m.Groups["v"].Value)))
            .ToList();

        references.Should().Contain(r => r.Path == "README.md", "the README shows the reference to add");
        references.Where(r => r.Version != version).Should().BeEmpty($"eng/Version.props packs {version}");
    }

    [GeneratedRegex(@"Include=""BoundaryAnalyzers""\s+Version=""(?<v>[^""]+)""|BoundaryAnalyzers\s+--version\s+(?<v>\S+)")]
    private static partial Regex PackageReference();
}
