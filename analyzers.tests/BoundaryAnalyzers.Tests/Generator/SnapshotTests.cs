using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// Representative inputs and their generated files, checked in under Snapshots/. A change to generated code shows up
/// as a diff in review. Set BOUNDARY_UPDATE_SNAPSHOTS=1 to rewrite the expected files after an intended change.
/// </summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("AllShapes")]
    [InlineData("GoBoundary")]
    [InlineData("ErrorsAndMemory")]
    [InlineData("ErrorShapes")]
    [InlineData("OutParameters")]
    [InlineData("BufferShapes")]
    [InlineData("Callbacks")]
    public void Generated_files_match_the_checked_in_snapshots(string input)
    {
        GeneratorRun run = TestCompilation.Run(File.ReadAllText(Path.Combine("Snapshots", input + ".cs")));

        run.CompilationProblems.Should().BeEmpty();
        run.Sources.Should().NotBeEmpty();
        foreach ((string hintName, string text) in run.Sources)
        {
            string expectedPath = Path.Combine(SnapshotDirectory, input + "." + hintName);
            if (Environment.GetEnvironmentVariable("BOUNDARY_UPDATE_SNAPSHOTS") == "1")
            {
                File.WriteAllText(expectedPath, text);
            }

            File.Exists(expectedPath).Should().BeTrue($"{expectedPath} is the expected output of {hintName}");
            text.Should().Be(File.ReadAllText(expectedPath), $"generated {hintName} differs from the snapshot");
        }
    }

    /// <summary>The checked-in folder (not the copy in bin), so updates land in the source tree.</summary>
    private static string SnapshotDirectory
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "BoundaryAnalyzers.Tests.csproj")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? throw new InvalidOperationException("test project folder not found"), "Snapshots");
        }
    }
}
