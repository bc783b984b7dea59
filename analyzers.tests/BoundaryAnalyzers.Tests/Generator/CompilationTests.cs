using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>Generated code compiles warning-free in the settings users run: nullable on, runtime marshalling off.</summary>
public class CompilationTests
{
    [Fact]
    public void Every_shape_compiles_without_warnings_with_runtime_marshalling_disabled()
    {
        GeneratorRun run = TestCompilation.Run(
            "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]",
            File.ReadAllText("Snapshots/AllShapes.cs"),
            File.ReadAllText("Snapshots/GoBoundary.cs"));

        run.GeneratorDiagnostics.Should().BeEmpty();
        run.CompilationProblems.Should().BeEmpty();
    }

    [Fact]
    public void Buffer_free_shapes_and_length_types_compile_without_warnings_with_runtime_marshalling_disabled_and_overflow_checked()
    {
        var compilation = TestCompilation.Create(
            "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]",
            File.ReadAllText("Snapshots/BufferShapes.cs"));
        compilation = compilation.WithOptions(compilation.Options.WithOverflowChecks(true));
        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);

        generatorDiagnostics.Should().BeEmpty();
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Should().BeEmpty();
    }

    [Fact]
    public void Span_arguments_pin_through_ForeignSpans_so_an_empty_span_is_never_null_and_lengths_take_their_declared_type()
    {
        GeneratorRun run = TestCompilation.Run("""
            using System;
            using Boundary;
            [ForeignBoundary("lib", LengthType = typeof(uint))]
            internal static unsafe partial class Lib
            {
                public static partial long Sum(ReadOnlySpan<long> values, [LengthType(typeof(int))] Span<byte> scratch, [LengthType(typeof(nuint))] ReadOnlySpan<int> more);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        string body = run.Stub("Lib.Boundary", "Sum");
        body.Should().Contain("fixed (long* __values_native = &global::Boundary.Interop.ForeignSpans.Pin(values))")
            .And.Contain("fixed (byte* __scratch_native = &global::Boundary.Interop.ForeignSpans.Pin(scratch))")
            .And.Contain("__PInvoke(__values_native, (uint)values.Length, __scratch_native, scratch.Length, __more_native, (nuint)more.Length)")
            .And.Contain("static extern long __PInvoke(long* values, uint valuesLength, byte* scratch, int scratchLength, int* more, nuint moreLength);");
    }

    [Fact]
    public void Go_stubs_prepare_the_thread_and_Rust_stubs_do_not()
    {
        GeneratorRun run = TestCompilation.Run(File.ReadAllText("Snapshots/AllShapes.cs"), File.ReadAllText("Snapshots/GoBoundary.cs"));

        string go = run.Sources.Single(s => s.Key.Contains("Kv.Boundary")).Value;
        string rust = run.Sources.Single(s => s.Key.Contains("Shapes.Boundary")).Value;
        string goHandle = run.Sources.Single(s => s.Key.Contains("Store.Handle")).Value;
        CountOf(go, "GoThread.EnsurePrepared(__BoundaryGo.Library);").Should().Be(4, "every Go stub loads its library behind the signal shim and prepares the thread, and so does the library check before it loads the library");
        go.Should().Contain("GoLibrary.Get(\"kv\", typeof(__BoundaryGo))", "the library is named once per boundary");
        goHandle.Should().Contain("GoThread.EnsurePrepared();", "releasing a Go handle calls Go too, possibly on the finalizer thread");
        rust.Should().NotContain("GoThread");
    }

    [Fact]
    public void Retained_handles_are_lent_like_borrowed_ones_and_pointer_signatures_compile_unsafe()
    {
        GeneratorRun run = TestCompilation.Run("""
            using Boundary;
            [ForeignHandle(Release = "lib_h_free")]
            public sealed partial class H;

            [ForeignBoundary("lib")]
            internal static unsafe partial class Lib
            {
                public static partial void Share([Retained] H handle);
                public static partial void Lend(H handle);
                public static partial void Keep([Retained] byte* data, nuint length);
                public static partial void OnEvent([Retained] delegate* unmanaged<nint, int, void> callback, [Retained] nint userData);
            }
            """);

        run.GeneratorDiagnostics.Should().BeEmpty();
        run.CompilationProblems.Should().BeEmpty();
        string stubs = run.Sources.Single(s => s.Key.Contains("Lib.Boundary")).Value;
        stubs.Should().Contain("unsafe partial class Lib");
        string Body(string name) => run.Stub("Lib.Boundary", name);

        Body("Share").Should().Contain("handle.DangerousBorrow(").And.NotContain("DangerousMoveToNative", "native code takes its own reference; .NET keeps and releases its handle");
        Body("Share").Replace("Share", "X").Replace("share", "x").Should().Be(Body("Lend").Replace("Lend", "X").Replace("lend", "x"));
    }

    [Fact]
    public void Invalid_functions_get_a_throwing_body_so_the_only_errors_are_the_analyzers()
    {
        GeneratorRun run = TestCompilation.Run("""
            using Boundary;
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial int Sum(int[] values);
                public static partial char First(decimal d);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        run.Sources.Single().Value.Should().Contain("throw new global::System.NotSupportedException(\"array 'int[]' cannot be a parameter");
    }

    [Theory]
    [InlineData("IndexNew", "index_new")]
    [InlineData("GetHTTPStatus", "get_http_status")]
    [InlineData("AddI32", "add_i32")]
    [InlineData("Vec3Scale", "vec3_scale")]
    [InlineData("Noop", "noop")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("IOError", "io_error")]
    public void Entry_points_are_the_snake_case_of_the_method_name(string method, string expected)
        => Boundary.Analyzers.Model.Naming.SnakeCase(method).Should().Be(expected);

    [Theory]
    [InlineData("geo", "geo_")]
    [InlineData("My-Lib", "my_lib_")]
    [InlineData("native/geo", "geo_")]
    public void The_default_prefix_is_the_sanitized_library_name(string library, string expected)
        => Boundary.Analyzers.Model.Naming.DefaultPrefix(library).Should().Be(expected);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
