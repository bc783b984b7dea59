using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Contracts;

/// <summary>
/// No false positives on the real test libraries: every declaration of analyzers.tests/EndToEnd.Shared, bound for rtest
/// (Rust) and gotest (Go), checked against the real native descriptions: no BND4001–BND4006.
/// </summary>
public class RealLibraryContractTests(ITestOutputHelper output)
{
    private static string[] Declarations(string target)
    {
        string shared = Path.Combine(ContractHarness.RepoRoot, "analyzers.tests", "EndToEnd.Shared");
        return Directory.GetFiles(shared, "*Declarations.cs")
            .Append(Path.Combine(shared, "CounterLedger.cs"))
            .Where(File.Exists)
            .Append(Path.Combine(ContractHarness.RepoRoot, "analyzers.tests", target, "Target.cs"))
            .Select(File.ReadAllText)
            .ToArray();
    }

    /// <summary>
    /// <c>MissingExports.NoSuchFunction</c> (LibraryCheckDeclarations.cs) is declared for a function neither library has,
    /// on purpose: its end-to-end test proves the run-time export check. The contract check is right to report it.
    /// </summary>
    private static bool IsDeliberatelyMissing(Microsoft.CodeAnalysis.Diagnostic diagnostic)
        => diagnostic.Id == "BND4001" && diagnostic.GetMessage().Contains("_no_such_function", StringComparison.Ordinal);

    [Fact]
    public async Task Rtest_sources_agree_with_the_shared_declarations()
    {
        string src = Path.Combine(ContractHarness.RepoRoot, "analyzers.tests", "native", "rtest", "src");
        var files = Directory.GetFiles(src, "*.rs").Select(f => (f, File.ReadAllText(f))).ToArray();
        var diagnostics = await ContractHarness.RunAsync(Declarations("EndToEnd.Rust"), "rust-source", "rtest", files);
        Report(diagnostics);
        diagnostics.Where(d => d.Id != "BND4007" && !IsDeliberatelyMissing(d)).Should().BeEmpty();
    }

    [Fact]
    public async Task Gotest_header_agrees_with_the_shared_declarations()
    {
        string header = GoHeader() ?? File.ReadAllText(Path.Combine(ContractHarness.RepoRoot, "analyzers.tests", "BoundaryAnalyzers.Tests", "Contracts", "TestData", "libgotest.h"));
        var diagnostics = await ContractHarness.RunAsync(Declarations("EndToEnd.Go"), "c-header", "gotest", ("libgotest.h", header));
        Report(diagnostics);
        diagnostics.Where(d => d.Id != "BND4007" && !IsDeliberatelyMissing(d)).Should().BeEmpty();
        diagnostics.Should().Contain(d => IsDeliberatelyMissing(d), "the one declaration of a function the library does not have is found");
    }

    [Fact]
    public async Task Rust_geo_sample_agrees_with_its_crate()
    {
        string sample = Path.Combine(ContractHarness.RepoRoot, "samples", "rust-geo");
        string[] sources = Directory.GetFiles(Path.Combine(sample, "GeoSample"), "*.cs").Select(File.ReadAllText).ToArray();
        var files = Directory.GetFiles(Path.Combine(sample, "native", "src"), "*.rs").Select(f => (f, File.ReadAllText(f))).ToArray();
        var diagnostics = await ContractHarness.RunAsync(sources, "rust-source", "geo", files);
        Report(diagnostics);
        diagnostics.Where(d => d.Id != "BND4007").Should().BeEmpty();
    }

    [GoFact]
    public async Task Go_stats_sample_agrees_with_the_header_cgo_writes()
    {
        string sample = Path.Combine(ContractHarness.RepoRoot, "samples", "go-stats");
        string? header = GoHeader(Path.Combine(sample, "native"), "libstats");
        header.Should().NotBeNull("Go is installed, so the sample must build");
        string[] sources = Directory.GetFiles(Path.Combine(sample, "StatsSample"), "*.cs").Select(File.ReadAllText).ToArray();
        var diagnostics = await ContractHarness.RunAsync(sources, "c-header", "stats", ("libstats.h", header!));
        Report(diagnostics);
        diagnostics.Where(d => d.Id != "BND4007").Should().BeEmpty();
    }

    private void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic diagnostic in diagnostics)
        {
            output.WriteLine($"{diagnostic.Id}: {diagnostic.GetMessage()}");
        }
    }

    /// <summary>The header cgo writes for gotest, built now if Go is installed; else null (the checked-in copy is used).</summary>
    private string? GoHeader() => GoHeader(Path.Combine(ContractHarness.RepoRoot, "analyzers.tests", "native", "gotest"), "libgotest");

    private string? GoHeader(string module, string name)
    {
        string go = File.Exists("/usr/lib/go-1.23/bin/go") ? "/usr/lib/go-1.23/bin/go" : "go";
        string dir = Path.Combine(Path.GetTempPath(), $"contract-{name}-{Environment.ProcessId}");
        try
        {
            var start = new ProcessStartInfo(go, $"build -buildmode=c-shared -o {Path.Combine(dir, name + ".so")} .")
            {
                WorkingDirectory = module,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            if (!File.ReadAllLines(Path.Combine(module, "go.mod")).Any(l => l.TrimStart().StartsWith("replace boundaryanalyzers.dev/boundary", StringComparison.Ordinal)))
            {
                // A module that requires the helper by version (the samples, as a user's module): point it at the
                // repository's copy the way <ForeignLibrary> points it at the package's, with a go.work.
                Directory.CreateDirectory(dir);
                string work = Path.Combine(dir, "go.work");
                File.WriteAllText(work, $"go 1.21\n\nuse {module}\n\nreplace boundaryanalyzers.dev/boundary => {Path.Combine(ContractHarness.RepoRoot, "src", "native", "go", "boundary")}\n");
                start.Environment["GOWORK"] = work;
                start.Environment["GOFLAGS"] = "";
            }

            using Process? process = Process.Start(start);
            if (process is null || !process.WaitForExit(120_000) || process.ExitCode != 0)
            {
                output.WriteLine("Go build failed; using the checked-in header");
                return null;
            }

            return File.ReadAllText(Path.Combine(dir, name + ".h"));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output.WriteLine("Go is not installed; using the checked-in header");
            return null;
        }
    }
}

/// <summary>A fact skipped, with the reason, where Go 1.23 is not installed at /usr/lib/go-1.23/bin/go.</summary>
public sealed class GoFactAttribute : FactAttribute
{
    public const string Go = "/usr/lib/go-1.23/bin/go";

    public GoFactAttribute()
    {
        if (!File.Exists(Go))
        {
            Skip = $"Go is not installed at {Go}: the header go build -buildmode=c-shared writes cannot be generated";
        }
    }
}
