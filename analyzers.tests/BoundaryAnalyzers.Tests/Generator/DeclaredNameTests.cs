using System.Collections.Immutable;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// The export names a declaration gives besides its library and functions (StringFree, ErrorFree, LastError,
/// AbiVersionFunction, BufferFree, Cancel; a handle's Release, ErrorMessage, Library): an empty one or one with a NUL
/// made the generated <c>[DllImport]</c> fail to compile (CS0599/CS0591, found by the mutation fuzz test), a blank one or
/// one with a line break names no symbol. Each is now a declaration error, and the generated code still compiles.
/// </summary>
public class DeclaredNameTests
{
    public static TheoryData<string, string, string> UnusableNames()
    {
        var data = new TheoryData<string, string, string>();
        string[] names = ["\"\"", "\" \"", "\"lib_\\0free\"", "\"lib_\\nfree\""];
        foreach (string name in names)
        {
            data.Add("BND1001", name, $$"""[ForeignBoundary("lib", StringFree = {{name}})] internal static partial class Lib { public static partial string Name(); }""");
            data.Add("BND1001", name, $$"""[ForeignErrors] public enum E { Ok = 0, Bad = 1 } [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.OutError, ErrorFree = {{name}})] internal static partial class Lib { public static partial int F(); }""");
            data.Add("BND1001", name, $$"""[ForeignBoundary("lib", AbiVersion = "1.0", AbiVersionFunction = {{name}})] internal static partial class Lib { public static partial int F(); }""");
            data.Add("BND1012", name, $$"""[ForeignBoundary("lib", BufferFree = {{name}})] internal static partial class Lib { public static partial NativeBuffer<byte> Data(); }""");
            data.Add("BND1016", name, $$"""[ForeignBoundary("lib", Cancel = {{name}})] internal static partial class Lib { public static partial Task<int> F(CancellationToken ct); }""");
            data.Add("BND1004", name, $$"""[ForeignHandle(Release = {{name}})] public sealed partial class H; [ForeignBoundary("lib")] internal static partial class Lib { public static partial H Make(); }""");
            data.Add("BND1013", name, $$"""[ForeignHandle(Release = "h_free", ErrorMessage = {{name}})] public sealed partial class H; [ForeignErrors] public enum E { Ok = 0, Bad = 1 } [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)] internal static partial class Lib { public static partial E Make(out H h); public static partial E Use(H h); }""");
            if (name != "\"\"")
            {
                // An empty LastError declares that the library has none.
                data.Add("BND1001", name, $$"""[ForeignErrors] public enum E { Ok = 0, Bad = 1 } [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode, LastError = {{name}})] internal static partial class Lib { public static partial E F(); }""");

                // An empty function Cancel means none: BND1016 reports the missing cancel export instead.
                data.Add("BND1016", name, $$"""[ForeignBoundary("lib")] internal static partial class Lib { [ForeignFunction(Cancel = {{name}})] public static partial Task<int> F(CancellationToken ct); }""");
            }
        }

        // A blank handle Library names none (the boundary's library is used); a NUL or line break is an error.
        data.Add("BND1007", "\"li\\0b\"", """[ForeignHandle(Release = "h_free", Library = "li\0b")] public sealed partial class H; [ForeignBoundary("lib")] internal static partial class Lib { public static partial H Make(); }""");
        data.Add("BND1007", "\"li\\nb\"", """[ForeignHandle(Release = "h_free", Library = "li\nb")] public sealed partial class H; [ForeignBoundary("lib")] internal static partial class Lib { public static partial H Make(); }""");
        return data;
    }

    [Theory]
    [MemberData(nameof(UnusableNames))]
    public async Task An_unusable_name_is_a_declaration_error_and_the_generated_code_still_compiles(string id, string name, string source)
    {
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync(source);

        reported.Should().Contain(d => d.Id == id && d.Severity == DiagnosticSeverity.Error, $"{name} names no usable symbol");
        reported.Should().NotContain(d => d.Id == "AD0001");
        run.GeneratorDiagnostics.Should().NotContain(d => d.Id == "CS8785", "the generator must not throw");
        run.GeneratorDiagnostics.Where(d => d.Id != id).Should().BeEmpty("it reports at most the problem that stops the compiler, as the analyzer does");
        GeneratedErrors(run).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""[ForeignBoundary("lib", LastError = "")] internal static partial class Lib { public static partial int F(); }""")]
    [InlineData("""[ForeignBoundary("lib", EntryPointPrefix = "")] internal static partial class Lib { public static partial int F(); }""")]
    [InlineData("""[ForeignHandle(Release = "h_free", Library = " ")] public sealed partial class H; [ForeignBoundary("lib")] internal static partial class Lib { public static partial H Make(); }""")]
    [InlineData("""[ForeignBoundary("lib", StringFree = "lib_\"odd\\free", BufferFree = "tab\tfree", Cancel = "c\u00e4ncel")] internal static partial class Lib { public static partial string Name(); public static partial NativeBuffer<byte> Data(); public static partial Task<int> F(CancellationToken ct); }""")]
    public async Task Names_that_are_allowed_stay_silent_and_compile(string source)
    {
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync(source);

        reported.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
        run.CompilationProblems.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
    }

    [Fact]
    public async Task An_out_pointer_to_a_handle_or_struct_compiles()
    {
        // Unsafe.SkipInit<T*> would be CS0306: a pointer starts out null instead (issue 13's fuzzing).
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync("""
            [ForeignHandle(Release = "parser_free")]
            public sealed partial class Parser;
            public struct Point { public int X; }
            [ForeignBoundary("shapes")]
            internal static unsafe partial class Shapes
            {
                public static partial Parser New();
                public static partial void Find(out Parser* parser);
                public static partial int Locate(out Point* point, ref Point* hint);
            }
            """);

        reported.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
        run.CompilationProblems.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
    }

    [Theory]
    [InlineData("retVal")]
    [InlineData("retVal_native")]
    [InlineData("retVal0")]
    public async Task A_parameter_named_like_the_result_local_compiles(string name)
    {
        // The stub keeps the result in __retVal and a parameter's native form in __<name>_native: a parameter named
        // retVal took __retVal_native twice (CS0136, found by the mutation fuzz test).
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync($$"""
            [ForeignHandle(Release = "h_free")]
            public sealed partial class H;
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial string Greet(string {{name}});
                public static partial H Open(string {{name}}, H retVal1);
                public static partial NativeBuffer<byte> Read(ReadOnlySpan<byte> {{name}});
                public static partial long Sum(long {{name}}, string retVal_x);
                public static partial H Subscribe(H {{name}}, [Retained] Action<int> retVal0_callback);
                public static partial Task<string> Later(string {{name}});
            }
            """);

        reported.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
        run.CompilationProblems.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
    }

    [Theory]
    [InlineData("@out")]
    [InlineData("@class")]
    [InlineData("@event")]
    public async Task Parameters_named_with_keywords_compile_in_every_family(string name)
    {
        // A callback named @out was declared 'out' in the native signature (CS1001, found by the mutation fuzz test).
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync($$"""
            [ForeignHandle(Release = "h_free")]
            public sealed partial class H;
            [ForeignBoundary("lib")]
            internal static unsafe partial class Lib
            {
                public static partial H Make(string {{name}});
                public static partial long Use(H {{name}}, ReadOnlySpan<int> values);
                public static partial long Sum(ReadOnlySpan<int> {{name}});
                public static partial void Walk(Action<int> {{name}});
                public static partial void Tick([Retained] Action<int> {{name}});
                public static partial H Subscribe(H bus, [Retained] Action<int> {{name}});
                public static partial void Fill(out NativeBuffer<int> {{name}});
                public static partial void Name(out string {{name}});
                public static partial void Open(out H {{name}});
                public static partial void Raw(byte* {{name}}, nuint length);
            }
            """);

        reported.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
        run.CompilationProblems.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
    }

    [Theory]
    [InlineData("[System.Runtime.InteropServices.In] out H h")]
    [InlineData("[System.Runtime.InteropServices.Out] in long value")]
    public async Task A_direction_attribute_that_contradicts_the_modifier_is_BND1002(string parameter)
    {
        // The compiler reports [In] out (CS0036) and [Out] in only on the implementation part: the generated file.
        (GeneratorRun run, ImmutableArray<Diagnostic> reported) = await RunAsync($$"""
            [ForeignHandle(Release = "h_free")]
            public sealed partial class H;
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial H Make();
                public static partial void Open(string name, {{parameter}}, int flags);
            }
            """);

        reported.Should().Contain(d => d.Id == "BND1002" && d.GetMessage().Contains("contradicts", StringComparison.Ordinal));
        run.GeneratorDiagnostics.Should().BeEmpty("the generator must not throw (CS8785)");
    }

    private static async Task<(GeneratorRun Run, ImmutableArray<Diagnostic> Reported)> RunAsync(string source)
    {
        GeneratorRun run = TestCompilation.Run("using System; using System.Threading; using System.Threading.Tasks; using Boundary;\n" + source);
        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(Boundary.Analyzers.Generation.BoundaryGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        ImmutableArray<Diagnostic> reported = await run.Output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        return (run, reported);
    }

    private static IEnumerable<Diagnostic> GeneratedErrors(GeneratorRun run)
        => run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error
            && d.Location.SourceTree?.FilePath.Contains(Boundary.Analyzers.Reading.BoundaryReader.GeneratedPathMarker, StringComparison.Ordinal) == true);
}
