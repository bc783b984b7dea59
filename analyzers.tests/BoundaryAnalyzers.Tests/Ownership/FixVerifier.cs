using System.Collections.Immutable;
using Boundary.Analyzers.Generation;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// Code fix tests for the ownership rules, with the generator in the project the way a user's IDE or
/// <c>dotnet format</c> has it: as an analyzer reference, so the fix's semantic model sees the generated code too (a
/// handle's Dispose comes from the SafeHandle the generator completes it as). The shared verifier runs the generator
/// beside the project, where only the analyzer sees its output; the ownership fixes ask the analyzer's questions
/// through the semantic model, so they need it.
/// </summary>
internal static class FixVerifier<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    /// <summary>Verifies the fix, applied one diagnostic at a time, and Fix All (which gives <paramref name="batchFixedSource"/> when that is given).</summary>
    public static Task VerifyAsync(string source, string fixedSource, string? batchFixedSource = null)
    {
        var test = new Test { TestCode = TestSetup.Usings + source, FixedCode = TestSetup.Usings + fixedSource };
        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = TestSetup.Usings + batchFixedSource;
        }

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
            SolutionTransforms.Add((solution, project) => solution.AddAnalyzerReference(project, GeneratorReference.Instance));
        }

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.CSharp12);
    }
}

/// <summary>The Boundary generator as an analyzer reference, as a project's package reference provides it. One instance: the workspace maps each generator back to its reference.</summary>
internal sealed class GeneratorReference : AnalyzerReference
{
    public static readonly GeneratorReference Instance = new();

    private readonly ImmutableArray<ISourceGenerator> generators = ImmutableArray.Create(new BoundaryGenerator().AsSourceGenerator());

    private GeneratorReference()
    {
    }

    public override string FullPath => "Boundary.Analyzers";

    public override object Id => nameof(GeneratorReference);

    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => ImmutableArray<DiagnosticAnalyzer>.Empty;

    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => ImmutableArray<DiagnosticAnalyzer>.Empty;

    public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => generators;

    public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => language == LanguageNames.CSharp ? generators : ImmutableArray<ISourceGenerator>.Empty;
}
