using Boundary.Analyzers.Analyzers.Contracts;
using Boundary.Analyzers.Generation;
using Boundary.CodeFixes.Contracts;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace BoundaryAnalyzers.Tests.Contracts;

/// <summary>
/// The contract fixes, single and Fix All, through the testing framework's workspace with the generator in the
/// compilation. The contract reaches the analyzer as the MSBuild side passes it: an <c>AdditionalFiles</c> item whose
/// metadata a global AnalyzerConfig carries in a section for the file (<c>build_metadata.AdditionalFiles.*</c>).
/// </summary>
public class ContractFixTests
{
    internal static void AddContract(SolutionState state, string path, string kind, string library, string text)
    {
        state.AdditionalFiles.Add((path, text));
        state.AnalyzerConfigFiles.Add(("/.globalconfig", $"""
            is_global = true

            [{path}]
            build_metadata.AdditionalFiles.BoundaryContract = {kind}
            build_metadata.AdditionalFiles.BoundaryLibrary = {library}
            """));
    }

    internal sealed class Test<TFix> : CSharpCodeFixTest<ContractAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public Test(string source, string? fixedSource, string path, string kind, string contract)
        {
            ReferenceAssemblies = TestSetup.References;
            TestSetup.Configure(TestState);
            TestSetup.ConfigureFixed(FixedState);
            SolutionTransforms.Add(TestSetup.Transform);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            TestCode = TestSetup.Usings + source;
            if (fixedSource is not null)
            {
                FixedCode = TestSetup.Usings + fixedSource;
            }

            AddContract(TestState, path, kind, "geo", contract);
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(BoundaryGenerator)];

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.CSharp12);
    }

    [Fact]
    public Task BND4003_changes_parameter_and_return_types_to_the_native_ones_one_by_one_and_all_at_once()
        => new Test<NativeTypeFixer>(
            """
            [ForeignBoundary("geo")]
            internal static partial class Geo
            {
                public static partial {|BND4003:int|} Count(nint index);
                public static partial void Scale({|BND4003:float|} factor, {|BND4003:int|} id, short level);
                public static partial {|BND4003:uint|} Mask({|BND4003:long|} bits);
            }
            """,
            """
            [ForeignBoundary("geo")]
            internal static partial class Geo
            {
                public static partial long Count(nint index);
                public static partial void Scale(double factor, ulong id, short level);
                public static partial ushort Mask(ulong bits);
            }
            """,
            "/0/lib.rs",
            "rust-source",
            """
            #[no_mangle] pub extern "C" fn geo_count(index: *const Index) -> i64 { 0 }
            #[no_mangle] pub extern "C" fn geo_scale(factor: f64, id: u64, level: i16) {}
            #[no_mangle] pub extern "C" fn geo_mask(bits: u64) -> u16 { 0 }
            """).RunAsync();

    [Fact]
    public Task BND4003_has_no_fix_for_pointer_levels_or_structs()
    {
        var test = new Test<NativeTypeFixer>(
            """
            [ForeignBoundary("geo")]
            internal static unsafe partial class Geo
            {
                public static partial void Fill({|BND4003:int*|} values, nuint count);
            }
            """,
            null,
            "/0/geo.h",
            "c-header",
            "void geo_fill(int64_t* values, size_t count);");
        return test.RunAsync();
    }

    private const string Exports = """
        #[no_mangle] pub extern "C" fn geo_count(index: *const Index) -> u64 { 0 }
        #[no_mangle] pub extern "C" fn geo_total(values: *const f64, values_len: usize) -> f64 { 0.0 }
        #[no_mangle] pub extern "C" fn geo_id_of(index: *mut Index, out: *mut u64) -> i32 { 0 }
        #[no_mangle] pub extern "C" fn geo_Sum(a: i32, b: i32) -> i32 { a + b }
        #[no_mangle] pub extern "C" fn geo_visit(f: Option<unsafe extern "C" fn(u64, *mut c_void)>, user_data: *mut c_void) {}
        #[no_mangle] pub extern "C" fn geo_center(p: Point) -> f64 { 0.0 }
        #[repr(C)] pub struct Point { pub x: f64, pub y: f64 }
        """;

    [Fact]
    public Task BND4007_declares_each_export_and_leaves_structs_by_value_and_callbacks()
    {
        var test = new Test<DeclareExportFixer>(
            """
            [ForeignBoundary("geo")]
            internal static partial class {|#0:Geo|}
            {
                public static partial void Noop();
            }
            """,
            """
            [ForeignBoundary("geo")]
            internal static partial class {|#0:Geo|}
            {
                public static partial void Noop();
                [ForeignFunction("geo_Sum")] public static partial int Sum(int a, int b);
                public static partial ulong Count(nint index);
                public static partial int IdOf(nint index, nint @out);
                public static partial double Total(nint values, nuint valuesLen);
            }
            """,
            "/0/lib.rs",
            "rust-source",
            Exports + "\n#[no_mangle] pub extern \"C\" fn geo_noop() {}");
        for (int i = 0; i < 6; i++)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult("BND4007", DiagnosticSeverity.Info).WithLocation(0));
        }

        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("BND4007", DiagnosticSeverity.Info).WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("BND4007", DiagnosticSeverity.Info).WithLocation(0));
        // BND4007 is reported at the end of the compilation (it needs every boundary's names): a non-local diagnostic,
        // which dotnet format and a full build compute before fixing; the IDE offers the fix with full-solution analysis.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        test.NumberOfIncrementalIterations = 4;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
