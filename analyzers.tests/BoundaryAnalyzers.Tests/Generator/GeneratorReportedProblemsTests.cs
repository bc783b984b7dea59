using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using BoundaryAnalyzers.Tests.Infrastructure;
using Boundary.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// A command-line build skips analyzers once declarations have compiler errors, so the declaration mistakes that cause
/// them are reported by the generator (BND1001, BND1002), with the analyzer's text; nothing is generated for them, and
/// nothing is reported twice: not where the compiler is happy (the analyzer reports then), not in design-time builds.
/// </summary>
public class GeneratorReportedProblemsTests
{
    public static TheoryData<string, string, string> Mistakes => new()
    {
        { """[ForeignBoundary("rtest")] internal static class Lib { public static partial int Add(int a, int b); }""", "BND1001", "'Lib' must be declared 'partial'" },
        { """[ForeignBoundary("rtest")] internal partial class Lib { public static partial int Add(int a, int b); }""", "BND1001", "'Lib' must be declared 'static'" },
        { """[ForeignBoundary("rtest")] internal class Lib { public static partial int Add(int a, int b); }""", "BND1001", "'Lib' must be declared 'static partial'" },
        { """[ForeignBoundary("rtest")] internal static partial class Lib<T> { public static partial int Add(int a, int b); }""", "BND1001", "must not be generic" },
        { """[ForeignBoundary(null)] internal static partial class Lib { public static partial int Add(int a, int b); }""", "BND1001", "the library name is null" },
        { """[ForeignBoundary("")] internal static partial class Lib { public static partial int Add(int a, int b); }""", "BND1001", "the library name is empty" },
        { """[ForeignBoundary("rtest")] internal static partial class Lib { public static partial int Add(int a, int b) => a + b; }""", "BND1002", "'Add' has a body" },
        { """[ForeignBoundary("rtest")] internal static partial class Lib { public static int Add(int a, int b); }""", "BND1002", "'Add' must be declared 'static partial'" },
        { """[ForeignBoundary("rtest")] internal static partial class Lib { public partial int Add(int a, int b); }""", "BND1002", "'Add' must be declared 'static'" },
        { """[ForeignBoundary("rtest")] internal static partial class Lib { public static partial T Add<T>(T a); }""", "BND1002", "'Add' must not be generic" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_that_stops_the_compiler_is_reported_by_the_generator(string source, string id, string text)
    {
        GeneratorRun run = TestCompilation.Run(TestSetup.Usings + source);

        Diagnostic reported = run.GeneratorDiagnostics.Should().ContainSingle().Subject;
        reported.Id.Should().Be(id);
        reported.GetMessage().Should().Contain(text);
        reported.Severity.Should().Be(DiagnosticSeverity.Error);
        reported.Descriptor.HelpLinkUri.Should().EndWith(id + ".md");
        reported.Location.GetLineSpan().Path.Should().Be("Source0.cs");
        source.Substring(reported.Location.SourceSpan.Start - TestSetup.Usings.Length, reported.Location.SourceSpan.Length)
            .Should().NotBeEmpty();

        // The analyzer says the same thing at the same place (it runs in the IDE and dotnet format).
        Diagnostic fromAnalyzer = AnalyzerDiagnostics(run.Output).Single(d => d.Id == id);
        fromAnalyzer.GetMessage().Should().Be(reported.GetMessage());
        fromAnalyzer.Location.SourceSpan.Should().Be(reported.Location.SourceSpan);

        // Nothing was generated for it that could add errors of its own.
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Should().OnlyContain(d => d.Location.SourceTree!.FilePath == "Source0.cs", "generated code must not add errors");
    }

    [Fact]
    public void An_instance_partial_method_gets_no_generated_body()
    {
        GeneratorRun run = TestCompilation.Run(TestSetup.Usings + """
            [ForeignBoundary("rtest")]
            internal static partial class Lib
            {
                public partial int Add(int a, int b);
                public static partial int Sub(int a, int b);
            }
            """);

        run.Sources.Single().Value.Should().Contain(" Sub(").And.NotContain(" Add(");
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Should().OnlyContain(d => d.Location.SourceTree!.FilePath == "Source0.cs");
    }

    public static TheoryData<string> NotTheGeneratorsToReport => new()
    {
        // Valid.
        """[ForeignBoundary("rtest")] internal static partial class Lib { public static partial int Add(int a, int b); }""",
        // Both parts written by hand: the compiler is happy, so the analyzer runs and reports BND1002 itself.
        """[ForeignBoundary("rtest")] internal static partial class Lib { public static partial int Add(int a, int b); public static partial int Add(int a, int b) => a + b; }""",
        // A class problem without partial methods leaves no compiler error.
        """[ForeignBoundary("rtest")] internal partial class Lib { }""",
        // Other declaration problems: the generator writes a body that throws, so only the analyzer reports.
        """[ForeignBoundary("rtest")] internal static partial class Lib { public static partial System.Collections.Generic.List<int> Bad(); }""",
    };

    [Theory]
    [MemberData(nameof(NotTheGeneratorsToReport))]
    public void Declarations_the_compiler_accepts_get_nothing_from_the_generator(string source)
    {
        TestCompilation.Run(TestSetup.Usings + source).GeneratorDiagnostics.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Design_time_builds_leave_them_to_the_analyzers(string source, string id, string text)
    {
        _ = (id, text);
        CSharpCompilation compilation = TestCompilation.Create(TestSetup.Usings + source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new BoundaryGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions,
            optionsProvider: new OneGlobalOption(BoundaryGenerator.DesignTimeBuildOption, "true"));

        driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);

        diagnostics.Should().BeEmpty();
    }

    private static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
        => compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    private sealed class OneGlobalOption(string key, string value) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(key, value);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(string.Empty, string.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(string.Empty, string.Empty);
    }

    private sealed class Options(string key, string value) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string name, [NotNullWhen(true)] out string? found)
        {
            found = name == key ? value : null;
            return found is not null;
        }
    }
}
