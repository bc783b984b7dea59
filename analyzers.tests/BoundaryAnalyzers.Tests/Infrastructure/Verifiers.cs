using System.Collections.Immutable;
using Boundary;
using Boundary.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace BoundaryAnalyzers.Tests.Infrastructure;

/// <summary>
/// Analyzer and code-fix tests run with the generator in the compilation, as in a user's build: the generated bodies
/// are there, so a test's expected diagnostics are exactly what a user would see.
/// </summary>
internal static class TestSetup
{
    /// <summary>Every test that runs the ownership analyzer also checks its plain-body proof against the flow analysis.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void CheckOwnershipProofs() => Boundary.Analyzers.Analyzers.Ownership.OwnershipAnalyzer.CheckProofs = true;

    public static readonly ReferenceAssemblies References = ReferenceAssemblies.Net.Net80
        .AddAssemblies(ImmutableArray<string>.Empty);

    /// <summary>
    /// The references, and the IDE's view of the build: a design-time build, where analyzers always run and the generator
    /// leaves declaration mistakes to them (a command-line build's view is tested in GeneratorReportedProblemsTests).
    /// </summary>
    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.Add(typeof(ForeignBoundaryAttribute).Assembly);
        state.AnalyzerConfigFiles.Add(("/design-time.globalconfig", $"is_global = true\n{BoundaryGenerator.DesignTimeBuildOption} = true\n"));
    }

    /// <summary>The references for a fixed state, which inherits the test state's analyzer config files as long as it declares none of its own.</summary>
    public static void ConfigureFixed(SolutionState state)
        => state.AdditionalReferences.Add(typeof(ForeignBoundaryAttribute).Assembly);

    public static Solution Transform(Solution solution, ProjectId projectId)
    {
        Project project = solution.GetProject(projectId)!;
        var options = (CSharpCompilationOptions)project.CompilationOptions!;
        return solution.WithProjectCompilationOptions(projectId, options
            .WithAllowUnsafe(true)
            .WithNullableContextOptions(NullableContextOptions.Enable));
    }

    public const string Usings = "using System;\nusing System.Runtime.InteropServices;\nusing Boundary;\n";
}

internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source)
    {
        var test = new Test { TestCode = TestSetup.Usings + source };
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.References;
            TestSetup.Configure(TestState);
            SolutionTransforms.Add(TestSetup.Transform);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(BoundaryGenerator)];

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.CSharp12);
    }
}

internal static class CodeFixVerifier<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new Test { TestCode = TestSetup.Usings + source, FixedCode = TestSetup.Usings + fixedSource };
        return test.RunAsync();
    }

    /// <summary>
    /// One document per source, taken as given (prepend <see cref="TestSetup.Usings"/> where wanted); <paramref name="configure"/>
    /// adjusts the test, for example the number of Fix All iterations expected.
    /// </summary>
    public static Task VerifyAsync(string[] sources, string[] fixedSources, Action<CodeFixTest<DefaultVerifier>>? configure = null)
    {
        var test = new Test();
        foreach (string source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (string fixedSource in fixedSources)
        {
            test.FixedState.Sources.Add(fixedSource);
        }

        configure?.Invoke(test);
        return test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.References;
            TestSetup.Configure(TestState);
            TestSetup.ConfigureFixed(FixedState);
            SolutionTransforms.Add(TestSetup.Transform);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(BoundaryGenerator)];

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.CSharp12);
    }
}
