using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// Names are text the generator writes into C# string literals and XML comments: a library, export, release or cancel
/// name with a quote, a backslash, a line break, a tab, a control character or XML markup must still give code that
/// compiles (the fuzzing of issue 13 found CS1010/CS1003/CS1009 here).
/// </summary>
public class NameEscapingTests
{
    [Theory]
    [InlineData("we\\\"ird")]
    [InlineData("back\\\\slash")]
    [InlineData("tab\\tbed")]
    [InlineData("bell\\u0007")]
    [InlineData("<xml & stuff>")]
    [InlineData("unicode\\u2028separator")]
    public void Odd_names_still_compile(string name)
    {
        GeneratorRun run = TestCompilation.Run($$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Boundary;

            [ForeignHandle(Release = "{{name}}_free")]
            public sealed partial class H;

            [ForeignErrors]
            public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("{{name}}", Errors = typeof(E), Cancel = "{{name}}_cancel", StringFree = "{{name}}_sf", LastError = "{{name}}_le", AbiVersion = "1.0", AbiVersionFunction = "{{name}}_v")]
            internal static partial class Lib
            {
                [ForeignFunction("{{name}}_f")] public static partial string F(H h, Func<int, int> map);
                [ForeignFunction("{{name}}_a")] public static partial Task<string> A(string s, CancellationToken ct);
                [ForeignFunction("{{name}}_n", ErrorShape = ForeignErrorShape.NullOrSentinel)] public static partial H N();
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
    }
}

/// <summary>Types the language allows but the generator must not trip over (issue 13's fuzzing found CS8785 here).</summary>
public class OddTypeDeclarationTests
{
    [Fact]
    public void A_type_with_the_attribute_on_two_partial_declarations_is_generated_once()
    {
        GeneratorRun run = TestCompilation.Run(
            """
            using Boundary;
            [ForeignHandle(Release = "lib_h_free")]
            public sealed partial class H;
            [ForeignBoundary("lib")]
            internal static partial class Lib { public static partial H Make(); }
            """,
            """
            using Boundary;
            [ForeignHandle(Release = "lib_h_free")]
            public sealed partial class H;
            [ForeignBoundary("lib")]
            internal static partial class Lib { public static partial int Count(); }
            """);

        run.GeneratorDiagnostics.Should().BeEmpty("the generator must not throw (CS8785)");
        run.Sources.Keys.Count(k => k.Contains("Lib.Boundary")).Should().Be(1);
        run.Sources.Keys.Count(k => k.Contains("H.Handle")).Should().Be(1);
    }

    [Fact]
    public void Two_types_of_one_name_get_distinct_files()
    {
        GeneratorRun run = TestCompilation.Run(
            """
            using Boundary;
            [ForeignBoundary("a")]
            internal static partial class Lib { public static partial int Count(); }
            """,
            """
            using Boundary;
            [ForeignBoundary("b")]
            internal static partial class Lib { public static partial int Size(); }
            """);

        run.GeneratorDiagnostics.Should().BeEmpty("the generator must not throw (CS8785)");
    }

    [Fact]
    public void File_local_types_are_refused_with_a_declaration_error_not_a_generator_crash()
    {
        GeneratorRun run = TestCompilation.Run(
            """
            using Boundary;
            [ForeignHandle(Release = "lib_h_free")]
            file sealed partial class H;
            [ForeignBoundary("lib")]
            file static partial class Lib { public static partial int Count(); }
            """);

        run.GeneratorDiagnostics.Should().NotContain(d => d.Id == "CS8785", "the generator must not throw");
        run.GeneratorDiagnostics.Should().ContainSingle(d => d.Id == "BND1001", "the class is left with CS8795, which hides analyzers on the command line");
        run.Sources.Should().BeEmpty("a file-local type cannot span the generated file");
    }
}

/// <summary>Names no loader or linker can use are declaration errors (BND1001 for the library, BND1002 for an export).</summary>
public class UnusableNameTests
{
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("\"li\\0b\"")]
    [InlineData("\"li\\nb\"")]
    [InlineData("null")]
    public Task An_unusable_library_name_is_BND1001(string library) => AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>.VerifyAsync(
        $$"""
        [{|BND1001:ForeignBoundary({{library}})|}]
        internal static partial class Lib
        {
            public static partial int {|CS8795:Count|}();
        }
        """);

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"lib_\\0count\"")]
    [InlineData("\"lib_\\rcount\"")]
    public Task An_unusable_export_name_is_BND1002(string export) => AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>.VerifyAsync(
        $$"""
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction({{export}})] public static partial int {|BND1002:Count|}();
            public static partial int Size();
        }
        """);
}

/// <summary>BND1001/BND1006 say why a file-local boundary or handle type gets no generated part.</summary>
public class FileLocalTypeTests
{
    [Fact]
    public Task A_file_local_boundary_is_BND1001() => AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        file static partial class {|BND1001:Lib|}
        {
            public static partial int {|CS8795:Count|}();
        }
        """);

    [Fact]
    public Task A_file_local_handle_is_BND1006() => AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.HandleDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        file sealed partial class {|BND1006:H|};
        """);
}
