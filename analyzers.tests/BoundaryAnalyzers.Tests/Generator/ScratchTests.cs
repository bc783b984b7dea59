using BoundaryAnalyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Generator;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        var run = TestCompilation.Run(File.ReadAllText("Snapshots/AllShapes.cs"));
        foreach (var (name, text) in run.Sources) output.WriteLine($"==== {name}\n{text}");
        foreach (var d in run.CompilationProblems) output.WriteLine(d.ToString());
    }
}
