using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Boundary;
using Boundary.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BoundaryAnalyzers.Tests.Infrastructure;

/// <summary>Compilations of test sources against the running framework and the Boundary runtime, with the generator run over them.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ForeignBoundaryAttribute).Assembly.Location);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    public static CSharpCompilation Create(params string[] sources) => Create(allowUnsafe: true, sources);

    public static CSharpCompilation Create(bool allowUnsafe, params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: allowUnsafe,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                specificDiagnosticOptions: ImmutableDictionary<string, ReportDiagnostic>.Empty));

    public static GeneratorDriver Driver()
        => CSharpGeneratorDriver.Create(
            new[] { new BoundaryGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(allowUnsafe: true, sources);

    public static GeneratorRun Run(bool allowUnsafe, params string[] sources)
    {
        CSharpCompilation compilation = Create(allowUnsafe, sources);
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, output, generatorDiagnostics);
    }
}

internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyDictionary<string, string> Sources => Driver.GetRunResult().Results
        .SelectMany(r => r.GeneratedSources)
        .ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>
    /// The generated body of boundary function <paramref name="name"/> in the generated file ending with
    /// <paramref name="file"/> (".g.cs" omitted), for a boundary class declared in the global namespace.
    /// </summary>
    public string Stub(string file, string name)
    {
        string stubs = Sources.Single(s => s.Key.EndsWith(file + ".g.cs", StringComparison.Ordinal)).Value;
        int start = stubs.IndexOf($" {name}(", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"no stub of {name} in {file}");
        }

        return stubs.Substring(start, stubs.IndexOf("\n    }\n", start, StringComparison.Ordinal) - start);
    }

    /// <summary>Errors and warnings of the compilation with the generated code in it (hidden and info excluded).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();
}
