using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Generated code is warning-free under the strictest analysis a consumer can ask for: <c>AnalysisMode=All</c>, code style
/// enforced in the build, warnings as errors — for every shape of the generator's snapshot inputs, in a project that
/// also references the package with <c>PrivateAssets="all"</c> (the reflex for an "…Analyzers" package) and runs.
/// </summary>
public sealed class StrictAnalysisConsumerTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Generated_code_for_every_snapshot_shape_builds_under_AnalysisMode_All_with_warnings_as_errors_and_runs()
    {
        string[] inputs = Directory.GetFiles(ConsumerProject.Metadata("SnapshotInputs"), "*.cs")
            .Where(path => !path.EndsWith(".g.cs", StringComparison.Ordinal))
            .ToArray();
        inputs.Should().HaveCountGreaterThanOrEqualTo(7);
        foreach (string input in inputs)
        {
            _project.WriteFile(Path.Combine("Shapes", Path.GetFileName(input)), File.ReadAllText(input));
        }

        // The inputs are the user's code here, written for the generator rather than for CA rules (public types in an
        // app, structs without Equals, byte enums), and they declare several Go libraries (BND5001) and an unmapped
        // status (BND3001): those rules are silenced in their files only, never in the generated ones.
        _project.WriteFile(".editorconfig", """
            root = true

            [Shapes/*.cs]
            dotnet_diagnostic.CA1515.severity = none
            dotnet_diagnostic.CA1815.severity = none
            dotnet_diagnostic.CA1027.severity = none
            dotnet_diagnostic.CA1028.severity = none
            dotnet_diagnostic.BND5001.severity = none
            dotnet_diagnostic.BND3001.severity = none
            """);
        _project.Write(
            """
            using Boundary;

            namespace Strict;

            internal static partial class Program
            {
                private static void Main()
                {
                    int sum = Native.AddI32(40, 2);
                    Console.WriteLine(sum);
                }
            }

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial int AddI32(int a, int b);
            }
            """,
            extraProperties: """
                <AnalysisMode>All</AnalysisMode>
                <EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                """,
            packageReferenceAttributes: """PrivateAssets="all" """);

        (int build, string text) = _project.Dotnet("build", "-c", "Release");

        text.Should().NotContain(".g.cs(", "generated code must not raise a single diagnostic");
        build.Should().Be(0, text);

        (int run, string printed) = _project.Dotnet("run", "-c", "Release", "--no-build");
        run.Should().Be(0, printed);
        printed.Trim().Should().Be("42");
    }
}
