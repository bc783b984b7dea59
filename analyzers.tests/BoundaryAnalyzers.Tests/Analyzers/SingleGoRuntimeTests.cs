using Boundary.Analyzers.Analyzers.Runtime;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Runtime.SingleGoRuntimeAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND5001: the boundaries and handles of one program may use only one Go library (one Go runtime per process).</summary>
public class SingleGoRuntimeTests
{
    // ---------------------------------------------------------------- what it reports

    [Fact]
    public Task Reports_every_Go_boundary_when_two_Go_libraries_are_used() => Verify.VerifyAsync(
        """
        [ForeignBoundary({|BND5001:"stats"|}, Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial double Mean();
        }

        [ForeignBoundary({|BND5001:"kv"|}, Language = ForeignLanguage.Go)]
        internal static partial class Kv
        {
            public static partial long Count();
        }

        [ForeignBoundary({|BND5001:"stats"|}, Language = ForeignLanguage.Go, EntryPointPrefix = "stats_more_")]
        internal static partial class MoreStats
        {
            public static partial double Median();
        }
        """);

    [Fact]
    public Task Reports_a_handle_that_names_a_second_Go_library() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "kv_store_free", Library = {|BND5001:"kv"|}, Language = ForeignLanguage.Go)]
        public sealed partial class Store;

        [ForeignBoundary({|BND5001:"stats"|}, Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial double Mean();
        }
        """);

    [Fact]
    public Task Reports_the_library_argument_however_it_is_written() => Verify.VerifyAsync(
        """
        internal static class Names
        {
            public const string Kv = "kv";
        }

        [ForeignBoundary(library: {|BND5001:"stats"|}, Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial double Mean();
        }

        [ForeignBoundary({|BND5001:Names.Kv|}, Language = ForeignLanguage.Go)]
        internal static partial class Kv
        {
            public static partial long Count();
        }

        internal static partial class Outer
        {
            [ForeignBoundary({|BND5001:"cache"|}, Language = (ForeignLanguage)1)]
            internal static partial class Cache
            {
                public static partial long Hits();
            }
        }
        """);

    [Fact]
    public async Task The_message_names_both_libraries_says_why_and_what_to_do()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + """
            namespace App;

            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class Stats
            {
                public static partial double Mean();
            }

            [ForeignHandle(Release = "kv_store_free", Library = "kv", Language = ForeignLanguage.Go)]
            public sealed partial class Store;
            """,
            new SingleGoRuntimeAnalyzer());

        diagnostics.Select(d => d.GetMessage()).Should().BeEquivalentTo(
            "Boundary 'App.Stats' uses Go library 'stats', but handle type 'App.Store' uses Go library 'kv': a process can host only one Go runtime, and a second Go library's runtime would crash or corrupt the first; build the Go packages into one c-shared library, or host one of the libraries in a separate process",
            "Handle type 'App.Store' uses Go library 'kv', but boundary 'App.Stats' uses Go library 'stats': a process can host only one Go runtime, and a second Go library's runtime would crash or corrupt the first; build the Go packages into one c-shared library, or host one of the libraries in a separate process");
    }

    [Fact]
    public async Task A_third_library_is_named_in_every_message()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + """
            [ForeignBoundary("b", Language = ForeignLanguage.Go)] internal static partial class B { public static partial void F(); }
            [ForeignBoundary("a", Language = ForeignLanguage.Go)] internal static partial class A { public static partial void F(); }
            [ForeignBoundary("c", Language = ForeignLanguage.Go)] internal static partial class C { public static partial void F(); }
            """,
            new SingleGoRuntimeAnalyzer());

        diagnostics.Should().HaveCount(3);
        diagnostics.Select(d => d.GetMessage()).Should().Contain(m => m.StartsWith(
            "Boundary 'B' uses Go library 'b', but boundary 'A' uses Go library 'a', and boundary 'C' uses Go library 'c':", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reports_a_Go_library_that_differs_from_one_a_referenced_assembly_uses()
    {
        MetadataReference library = Reference("GoLib", """
            namespace GoLib;

            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class Stats
            {
                public static partial double Mean();
            }
            """);

        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticsAsync(library, """
            [ForeignBoundary("kv", Language = ForeignLanguage.Go)]
            internal static partial class Kv
            {
                public static partial long Count();
            }
            """);

        diagnostics.Should().ContainSingle().Which.GetMessage().Should().StartWith(
            "Boundary 'Kv' uses Go library 'kv', but boundary 'GoLib.Stats' in assembly 'GoLib' uses Go library 'stats':");
    }

    // ---------------------------------------------------------------- what it must not report

    [Fact]
    public Task One_Go_library_on_several_boundaries_and_handles_is_fine() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "stats_acc_free", Library = "stats", Language = ForeignLanguage.Go)]
        public sealed partial class Accumulator;

        [ForeignHandle(Release = "stats_window_free")]
        public sealed partial class Window;

        [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial Accumulator New();
            public static partial Window Last(Accumulator acc, int n);
        }

        [ForeignBoundary("stats", Language = ForeignLanguage.Go, ErrorShape = ForeignErrorShape.GoError)]
        internal static partial class CheckedStats
        {
            public static partial double Percentile(Accumulator acc, double p);
        }
        """);

    [Fact]
    public Task Rust_libraries_never_count() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "geo_index_free", Library = "geo")]
        public sealed partial class GeoIndex;

        [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial double Mean();
        }

        [ForeignBoundary("geo")]
        internal static partial class Geo
        {
            public static partial GeoIndex IndexNew();
        }

        [ForeignBoundary("text", Language = ForeignLanguage.Rust)]
        internal static partial class Text
        {
            public static partial int Length(string s);
        }
        """);

    [Fact]
    public async Task Two_names_for_one_file_are_two_libraries_to_the_runtime_and_the_message_says_so()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + """
            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class A { public static partial void F(); }

            [ForeignBoundary("libstats.so", Language = ForeignLanguage.Go)]
            internal static partial class B { public static partial void F(); }

            [ForeignBoundary("Stats", Language = ForeignLanguage.Go)]
            internal static partial class C { public static partial void F(); }
            """,
            new SingleGoRuntimeAnalyzer());

        diagnostics.Should().HaveCount(3);
        diagnostics.Select(d => d.GetMessage()).Should().Contain(
            "Boundary 'A' uses Go library 'stats', but boundary 'C' uses Go library 'Stats' (another name for the same file, but the run-time check tells Go libraries apart by name: use one name everywhere), and boundary 'B' uses Go library 'libstats.so' (another name for the same file, but the run-time check tells Go libraries apart by name: use one name everywhere): a process can host only one Go runtime, and a second Go library's runtime would crash or corrupt the first; build the Go packages into one c-shared library, or host one of the libraries in a separate process");
    }

    [Fact]
    public async Task A_referenced_assembly_with_the_same_Go_library_or_a_Rust_one_is_fine()
    {
        MetadataReference library = Reference("GoLib", """
            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class Stats { public static partial double Mean(); }

            [ForeignBoundary("geo")]
            public static partial class Geo { public static partial double Distance(double a, double b); }
            """);

        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticsAsync(library, """
            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class MoreStats { public static partial double Median(); }

            [ForeignBoundary("text")]
            internal static partial class Text { public static partial int Length(string s); }
            """);

        diagnostics.Should().BeEmpty();
    }

    [Fact]
    public async Task Two_Go_libraries_in_references_alone_have_no_place_here_to_report()
    {
        MetadataReference stats = Reference("StatsLib", """
            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class Stats { public static partial double Mean(); }
            """);
        MetadataReference kv = Reference("KvLib", """
            [ForeignBoundary("kv", Language = ForeignLanguage.Go)]
            internal static partial class Kv { public static partial long Count(); }
            """);

        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticsAsync([stats, kv], """
            [ForeignBoundary("geo")]
            internal static partial class Geo { public static partial double Distance(double a, double b); }
            """);

        diagnostics.Should().BeEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A library compiled (with the generator) under <paramref name="name"/>, as a metadata reference.</summary>
    private static MetadataReference Reference(string name, string source)
    {
        Compilation compilation = TestCompilation.Run(TestSetup.Usings + source).Output.WithAssemblyName(name);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        result.Success.Should().BeTrue(string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(MetadataReference reference, string source)
        => DiagnosticsAsync([reference], source);

    private static async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(MetadataReference[] references, string source)
    {
        CSharpCompilation compilation = TestCompilation.Create(TestSetup.Usings + source).AddReferences(references);
        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        var all = await output.WithAnalyzers([new SingleGoRuntimeAnalyzer()]).GetAllDiagnosticsAsync();
        all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("BND", StringComparison.Ordinal)).Should().BeEmpty();
        return all.Where(d => d.Id.StartsWith("BND", StringComparison.Ordinal)).ToList();
    }
}
