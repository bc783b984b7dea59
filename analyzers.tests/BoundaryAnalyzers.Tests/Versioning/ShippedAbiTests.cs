using Boundary.Analyzers.Analyzers.Versioning;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Model;
using Boundary.CodeFixes.Versioning;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace BoundaryAnalyzers.Tests.Versioning;

/// <summary>
/// BND4101/BND4102 against BoundaryAbi.Shipped.txt: a recorded signature that still matches is silent (parameter names do
/// not count), a changed one warns, an unrecorded one is info, and the fix records them — one at a time or all at once.
/// Without the file nothing is reported.
/// </summary>
public class ShippedAbiTests
{
    private const string Boundary = """
        [ForeignHandle(Release = "geo_index_free")]
        public sealed partial class GeoIndex;

        [ForeignBoundary("geo")]
        internal static partial class Geo
        {
            public static partial GeoIndex IndexNew(uint capacity);
            public static partial long {|#0:Count|}(GeoIndex index);
            public static partial double {|#1:Distance|}(double lat, double lon);
        }
        """;

    private const string Shipped = """
        # geo's native ABI, 2.x
        void* geo_index_new(uint32_t);
        int32_t geo_count(void*);
        """;

    [Fact]
    public async Task Matching_signatures_are_silent_and_changed_or_new_ones_are_reported()
    {
        var test = NewTest(Boundary, Shipped, fixedShipped: null);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("BND4101", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Geo.Count", "int64_t geo_count(void*);", "BoundaryAbi.Shipped.txt", "int32_t geo_count(void*);"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("BND4102", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1)
            .WithArguments("Geo.Distance", "double geo_distance(double, double);", "BoundaryAbi.Shipped.txt"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Without_the_file_nothing_is_reported()
    {
        var test = NewTest(Boundary.Replace("{|#0:Count|}", "Count").Replace("{|#1:Distance|}", "Distance"), shipped: null, fixedShipped: null);
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_records_every_signature_in_one_edit_keeping_comments_and_symbol_order()
    {
        var test = NewTest(Boundary, Shipped, """
            # geo's native ABI, 2.x
            int64_t geo_count(void*);
            double geo_distance(double, double);
            void* geo_index_new(uint32_t);

            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("BND4101", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Geo.Count", "int64_t geo_count(void*);", "BoundaryAbi.Shipped.txt", "int32_t geo_count(void*);"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("BND4102", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1)
            .WithArguments("Geo.Distance", "double geo_distance(double, double);", "BoundaryAbi.Shipped.txt"));
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("int32_t  geo_count( void* ) ;  # comment", "geo_count")]
    [InlineData("void (*)(void*) geo_handler(int32_t);", "geo_handler")]
    [InlineData("# only a comment", null)]
    public void Reads_the_symbol_of_a_recorded_line(string line, string? symbol)
        => ShippedAbi.SymbolOf(ShippedAbi.Normalize(line)).Should().Be(symbol);

    [Theory]
    [InlineData("int32_t geo_count(void*);", "int32_t geo_count(void*);")]
    [InlineData("int32_t geo_count(void*); # since 2.0", "int32_t geo_count(void*);")]
    [InlineData("\tint32_t\tgeo_count(void*);", "int32_t geo_count(void*);")]
    [InlineData("int32_t  geo_count(void*);", "int32_t geo_count(void*);")]
    [InlineData(" int32_t geo_count(void*);", "int32_t geo_count(void*);")]
    [InlineData("int32_t geo_count(void*);\v", "int32_t geo_count(void*);")]
    [InlineData("#", "")]
    [InlineData("", "")]
    public void Normalizes_a_line_whether_or_not_it_is_already_normal(string line, string normalized)
        => ShippedAbi.Normalize(line).Should().Be(normalized);

    [Fact]
    public void A_signature_matches_its_recorded_form_without_building_it()
    {
        NativeSignature signature = new("geo_get", CType.Int32, new[]
        {
            new NativeParameter("index", CType.Void.PointerTo()),
            new NativeParameter("done", CType.FunctionPointer(CType.Void, CType.Void.PointerTo(), CType.Int32)),
            new NativeParameter("name", CType.Char.PointerTo(toConst: true)),
        }.ToEquatableArray());
        string recorded = signature.TypesOnly();

        recorded.Should().Be("int32_t geo_get(void*, void (*)(void*, int32_t), const char*);");
        signature.HasTypesOnly(recorded).Should().BeTrue();
        signature.HasTypesOnly(recorded.Replace("int32_t)", "int64_t)")).Should().BeFalse();
        signature.HasTypesOnly(recorded.TrimEnd(';')).Should().BeFalse();
        signature.HasTypesOnly(recorded + " ").Should().BeFalse();
        new NativeSignature("geo_reset", CType.Void, default).HasTypesOnly("void geo_reset(void);").Should().BeTrue();
    }

    [Fact]
    public void Parameter_names_never_reach_the_recorded_form()
    {
        string recorded = ShippedAbi.Record("", new[] { "int32_t geo_count(void*);" });
        recorded.Should().Be("int32_t geo_count(void*);\n");
        ShippedAbi.Parse(SourceText.From(recorded)).Find("geo_count").Should().Be("int32_t geo_count(void*);");
    }

    private static CodeFixTest<DefaultVerifier> NewTest(string source, string? shipped, string? fixedShipped)
    {
        var test = new ShippedAbiTest
        {
            TestCode = TestSetup.Usings + source,
        };
        if (shipped is not null)
        {
            test.TestState.AdditionalFiles.Add(("BoundaryAbi.Shipped.txt", shipped));
        }

        if (fixedShipped is not null)
        {
            test.FixedState.AdditionalFiles.Add(("BoundaryAbi.Shipped.txt", fixedShipped));
            test.FixedCode = TestSetup.Usings + source.Replace("{|#0:Count|}", "Count").Replace("{|#1:Distance|}", "Distance");
        }

        return test;
    }

    private sealed class ShippedAbiTest : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<ShippedAbiAnalyzer, ShippedAbiFixer, DefaultVerifier>
    {
        public ShippedAbiTest()
        {
            ReferenceAssemblies = TestSetup.References;
            TestSetup.Configure(TestState);
            TestSetup.ConfigureFixed(FixedState);
            SolutionTransforms.Add(TestSetup.Transform);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(Boundary.Analyzers.Generation.BoundaryGenerator)];
    }
}
