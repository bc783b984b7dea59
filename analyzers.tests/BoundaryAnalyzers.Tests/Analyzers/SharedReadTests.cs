using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Boundary.Analyzers.Analyzers;
using Boundary.Analyzers.Analyzers.Contracts;
using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.Analyzers.Analyzers.Versioning;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>
/// The declaration, handle, contract and shipped-ABI analyzers share one read of a boundary class per compilation
/// (<see cref="BoundaryReads"/>): together, in any order and concurrently, they report exactly what each reports alone.
/// </summary>
public class SharedReadTests
{
    private const string Source = """
        using Boundary;

        [ForeignHandle(Release = "geo_index_close")]
        public sealed partial class GeoIndex;

        [ForeignBoundary("geo")]
        internal static partial class Geo
        {
            public static partial GeoIndex IndexNew(uint capacity);
            [ForeignFunction("geo_index_close")] public static partial int Close([Consumed] GeoIndex index);
            public static partial long Count(GeoIndex index);
            public static partial double Distance(double lat, double lon);
            public static partial void Sum(System.Collections.Generic.List<int> values);
            public static partial void Keep([Consumed] int value);
        }
        """;

    private const string Header = """
        #include <stdint.h>
        void* geo_index_new(uint32_t capacity);
        int32_t geo_index_close(void* index);
        int32_t geo_count(void* index);
        void geo_forgotten(void);
        """;

    private const string Shipped = """
        void* geo_index_new(uint32_t);
        int32_t geo_count(void*);
        """;

    private static DiagnosticAnalyzer[] Analyzers() =>
    [
        new BoundaryDeclarationAnalyzer(),
        new HandleDeclarationAnalyzer(),
        new ContractAnalyzer(),
        new ShippedAbiAnalyzer(),
    ];

    [Fact]
    public async Task Together_the_analyzers_report_what_each_reports_alone()
    {
        var alone = new List<string>();
        foreach (DiagnosticAnalyzer analyzer in Analyzers())
        {
            alone.AddRange(await RunAsync(TestCompilation.Run(Source).Output, concurrent: false, analyzer));
        }

        alone.Should().Contain(d => d.StartsWith("BND1003", StringComparison.Ordinal)).And.Contain(d => d.StartsWith("BND1008", StringComparison.Ordinal))
            .And.Contain(d => d.StartsWith("BND1014", StringComparison.Ordinal)).And.Contain(d => d.StartsWith("BND4003", StringComparison.Ordinal))
            .And.Contain(d => d.StartsWith("BND4007", StringComparison.Ordinal)).And.Contain(d => d.StartsWith("BND4101", StringComparison.Ordinal))
            .And.Contain(d => d.StartsWith("BND4102", StringComparison.Ordinal), "the source has a problem for each analyzer");

        Compilation shared = TestCompilation.Run(Source).Output;
        (await RunAsync(shared, concurrent: true, Analyzers())).Should().BeEquivalentTo(alone);
        (await RunAsync(shared, concurrent: false, Analyzers().Reverse().ToArray())).Should().BeEquivalentTo(alone, "a second run over the same compilation reuses its reads");

        // A command-line build reads each boundary at its symbol end, an editor as soon as it is declared: the same result.
        (await RunAsync(TestCompilation.Run(Source).Output, concurrent: true, CommandLineBuild, Analyzers())).Should().BeEquivalentTo(alone);
        (await RunAsync(TestCompilation.Run(Source).Output, concurrent: false, Editor, Analyzers())).Should().BeEquivalentTo(alone);
    }

    [Fact]
    public async Task An_editor_analysing_one_file_gets_the_boundary_diagnostics_of_that_file()
    {
        // The IDE analyses the open document (a semantic analysis scoped to its file), where no symbol-end action runs:
        // there the boundary is read when it is declared (BoundaryReads.OnBoundary), also for a class split over files.
        const string more = """
            internal static partial class Geo
            {
                public static partial void Table(System.Collections.Generic.Dictionary<int, int> values);
            }
            """;
        Compilation compilation = TestCompilation.Run(Source, more).Output;
        List<string> full = (await RunAsync(compilation, concurrent: false, CommandLineBuild, Analyzers())).ToList();
        string[] fromSymbolEnds = ["BND1003", "BND1008", "BND4003", "BND4101", "BND4102"];
        List<string> expected = full.Where(d => fromSymbolEnds.Any(id => d.StartsWith(id, StringComparison.Ordinal)) && d.Contains("Source", StringComparison.Ordinal)).ToList();
        expected.Should().Contain(d => d.Contains("Source1.cs", StringComparison.Ordinal), "the second part of the class has its own problem");

        var perDocument = new List<string>();
        CompilationWithAnalyzers analysis = WithAnalyzers(compilation, concurrent: false, Editor, Analyzers());
        foreach (SyntaxTree tree in compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith("Source", StringComparison.Ordinal)))
        {
            ImmutableArray<Diagnostic> diagnostics = await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
            perDocument.AddRange(Describe(diagnostics.Where(d => d.Location.SourceTree == tree)));
        }

        perDocument.Where(d => fromSymbolEnds.Any(id => d.StartsWith(id, StringComparison.Ordinal))).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void A_cancelled_read_is_not_kept()
    {
        Compilation compilation = TestCompilation.Run(Source).Output;
        INamedTypeSymbol geo = compilation.GetTypeByMetadataName("Geo")!;

        Action cancelled = () => BoundaryReads.Get(geo, compilation, new CancellationToken(canceled: true));
        cancelled.Should().Throw<OperationCanceledException>();

        BoundaryRead read = BoundaryReads.Get(geo, compilation, CancellationToken.None);
        read.Model!.Functions.Should().HaveCount(6);
        read.Problems.Select(p => p.Id).Should().Contain("BND1003");
        BoundaryReads.Get(geo, compilation, CancellationToken.None).Should().BeSameAs(read);
    }

    /// <summary>The project options of a command-line build: the package's DesignTimeBuild property, empty.</summary>
    private static readonly Options CommandLineBuild = new(new() { ["build_property.DesignTimeBuild"] = "" });

    /// <summary>The project options an editor (or dotnet format) analyses with: from a design-time build.</summary>
    private static readonly Options Editor = new(new() { ["build_property.DesignTimeBuild"] = "true" });

    private static Task<IEnumerable<string>> RunAsync(Compilation compilation, bool concurrent, params DiagnosticAnalyzer[] analyzers)
        => RunAsync(compilation, concurrent, Options.Empty, analyzers);

    private static async Task<IEnumerable<string>> RunAsync(Compilation compilation, bool concurrent, Options project, params DiagnosticAnalyzer[] analyzers)
        => Describe(await WithAnalyzers(compilation, concurrent, project, analyzers).GetAnalyzerDiagnosticsAsync());

    private static CompilationWithAnalyzers WithAnalyzers(Compilation compilation, bool concurrent, Options project, params DiagnosticAnalyzer[] analyzers)
    {
        var header = new MemoryText("/0/geo.h", Header);
        var shipped = new MemoryText("/0/BoundaryAbi.Shipped.txt", Shipped);
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(header, shipped), new Provider(header.Path, project));
        return compilation.WithAnalyzers(analyzers.ToImmutableArray(), new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrent, logAnalyzerExecutionTime: false));
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics)
    {
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
        return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(",", d.Properties.OrderBy(p => p.Key))}").ToList();
    }

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Provider(string headerPath, Options project) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => project;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == headerPath
            ? new Options(new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.BoundaryContract"] = "c-header",
                ["build_metadata.AdditionalFiles.BoundaryLibrary"] = "geo",
            })
            : Options.Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
