using System.Runtime.CompilerServices;
using Boundary.Analyzers.Generation;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing, a real one re-runs what it touched.</summary>
public class IncrementalityTests
{
    private static readonly string[] TrackedSteps =
    [
        BoundaryGenerator.Steps.Boundaries,
        BoundaryGenerator.Steps.HandleUsages,
        BoundaryGenerator.Steps.Handles,
        BoundaryGenerator.Steps.ResolvedHandles,
    ];

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = TestCompilation.Create(File.ReadAllText("Snapshots/AllShapes.cs"), "class Unrelated { }");
        GeneratorDriver driver = TestCompilation.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("class Unrelated { int x; }", TestCompilation.ParseOptions, path: "Source1.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            result.TrackedSteps.Should().ContainKey(step);
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason)
                .Should().OnlyContain(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, $"step {step}");
        }

        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().OnlyContain(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void A_wrong_declarations_reported_problems_stay_cached_across_an_unrelated_edit()
    {
        const string wrong = """
            [Boundary.ForeignBoundary("lib")]
            internal static class Lib { public static partial int Add(int a, int b); }
            """;
        CSharpCompilation compilation = TestCompilation.Create(wrong, "class Unrelated { }");
        GeneratorDriver driver = TestCompilation.Driver().RunGenerators(compilation);
        driver.GetRunResult().Diagnostics.Should().ContainSingle(d => d.Id == "BND1001");

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("class Unrelated { int x; }", TestCompilation.ParseOptions, path: "Source1.cs"));
        GeneratorDriver rerun = driver.RunGenerators(edited);
        GeneratorRunResult result = rerun.GetRunResult().Results.Single();

        result.TrackedSteps[BoundaryGenerator.Steps.DeclarationProblems].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().OnlyContain(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged);
        result.Diagnostics.Should().ContainSingle(d => d.Id == "BND1001", "a cached problem is still reported");
    }

    [Fact]
    public void Editing_the_error_enum_in_another_file_regenerates_the_boundary_that_maps_it()
    {
        const string boundary = """
            using Boundary;
            [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
            internal static partial class Lib { public static partial int F(); }
            """;
        CSharpCompilation compilation = TestCompilation.Create(boundary, "[Boundary.ForeignErrors] public enum E { Ok = 0, Bad = 1 }");
        GeneratorDriver driver = TestCompilation.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("[Boundary.ForeignErrors] public enum E { Ok = 0, Bad = 1, [Boundary.ForeignPanic] Panic = 7 }", TestCompilation.ParseOptions, path: "Source1.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        result.TrackedSteps[BoundaryGenerator.Steps.Boundaries].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().Contain(IncrementalStepRunReason.Modified);
        result.GeneratedSources.Single().SourceText.ToString().Should().Contain("case 7:");
    }

    [Fact]
    public void Editing_a_boundary_modifies_its_model_and_leaves_the_handle_output_cached()
    {
        string source = File.ReadAllText("Snapshots/AllShapes.cs");
        CSharpCompilation compilation = TestCompilation.Create(source);
        GeneratorDriver driver = TestCompilation.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(source.Replace("public static partial void Noop();", "public static partial void Noop();\n    public static partial int Extra(int x);"), TestCompilation.ParseOptions, path: "Source0.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        result.TrackedSteps[BoundaryGenerator.Steps.Boundaries].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().Contain(IncrementalStepRunReason.Modified);
        result.TrackedSteps[BoundaryGenerator.Steps.ResolvedHandles].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().OnlyContain(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged,
                "the handle's library did not change, so its SafeHandle is not rewritten");
        result.GeneratedSources.Single(s => s.HintName.EndsWith(".Shapes.Boundary.g.cs", StringComparison.Ordinal)).SourceText.ToString().Should().Contain("shapes_extra");
    }

    [Fact]
    public void The_driver_keeps_no_old_compilation_alive()
    {
        (GeneratorDriver driver, WeakReference old) = RunTwice();

        for (int i = 0; i < 5 && old.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        old.IsAlive.Should().BeFalse("the driver must not root a compilation it ran on earlier");
        GC.KeepAlive(driver);
    }

    /// <summary>Runs on one compilation, then on another; only the second driver escapes this frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (GeneratorDriver, WeakReference) RunTwice()
    {
        WeakReference old = RunFirst(out GeneratorDriver first);
        GeneratorDriver second = first.RunGenerators(TestCompilation.Create(File.ReadAllText("Snapshots/AllShapes.cs"), "class Other { }"));
        return (second, old);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunFirst(out GeneratorDriver driver)
    {
        CSharpCompilation compilation = TestCompilation.Create(File.ReadAllText("Snapshots/AllShapes.cs"));
        driver = TestCompilation.Driver().RunGenerators(compilation);
        return new WeakReference(compilation);
    }
}
