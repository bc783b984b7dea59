using System.Collections.Immutable;
using Boundary.Analyzers.Generation;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// What the generator writes for handle concurrency (docs/design/handle-concurrency.md): every handle derives from the
/// runtime's ForeignSafeHandle, a move claims and drains, and <c>ThreadSafe = false</c> reaches every stub that passes
/// the handle — also when the handle type comes from another assembly.
/// </summary>
public class HandleConcurrencyTests
{
    private const string Declarations = """
        using Boundary;
        [ForeignHandle(Release = "lib_shared_free")]
        public sealed partial class Shared;

        [ForeignHandle(Release = "lib_solo_free", ThreadSafe = false)]
        public sealed partial class Solo;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial Solo SoloNew();
            public static partial long SharedUse(Shared handle);
            public static partial long SoloUse(Solo handle);
            public static partial long SoloShare([Retained] Solo handle);
            public static partial long SoloFinish([Consumed] Solo handle);
            public static partial long SharedFinish([Consumed] Shared handle);
            public static partial long SoloBoth(Solo a, Solo? b);
            public static partial long SoloAndShared(Solo a, Shared b);
        }
        """;

    [Fact]
    public void ThreadSafe_false_serializes_every_call_that_lends_the_handle_and_the_default_does_not()
    {
        GeneratorRun run = TestCompilation.Run(Declarations);

        run.GeneratorDiagnostics.Should().BeEmpty();
        run.CompilationProblems.Should().BeEmpty();
        string Body(string name) => run.Stub("Lib.Boundary", name);

        Body("SharedUse").Should().Contain("handle.DangerousBorrow(ref __handle_addRef);").And.Contain("if (__handle_addRef) handle.DangerousRelease();")
            .And.NotContain("Exclusive", "the default is concurrent calls, like a [LibraryImport] SafeHandle");
        foreach (string serialized in new[] { "SoloUse", "SoloShare" })
        {
            Body(serialized).Should().Contain("handle.DangerousBorrowExclusive(ref __handle_addRef);")
                .And.Contain("if (__handle_addRef) handle.DangerousReturnExclusive();");
        }

        foreach (string move in new[] { "SoloFinish", "SharedFinish" })
        {
            Body(move).Should().Contain($"nint __handle_native = handle.DangerousMoveToNative(\"lib!lib_{(move == "SoloFinish" ? "solo" : "shared")}_finish\");")
                .And.NotContain("Exclusive", "a move never holds the lock: it waits for every call instead")
                .And.NotContain("finally", "a move holds nothing when it returns or throws, and nothing can fail after it")
                .And.NotContain("SetHandleAsInvalid");
        }

        Body("SoloBoth").Should().Contain("ForeignSafeHandle.ThrowIfSameHandle(a, b, \"a\", \"b\", \"lib!lib_solo_both\", moved: false);",
            "one call cannot use a serialized handle twice; saying so beats a re-entrancy exception from halfway through");
        Body("SoloAndShared").Should().NotContain("ThrowIfSameHandle", "two different handle types are never the same object");
        run.Sources.Single(s => s.Key.EndsWith("Solo.Handle.g.cs", StringComparison.Ordinal)).Value
            .Should().Contain(": global::Boundary.Interop.ForeignSafeHandle").And.Contain("base(ownsHandle: true, threadSafe: false)");
        run.Sources.Single(s => s.Key.EndsWith("Shared.Handle.g.cs", StringComparison.Ordinal)).Value
            .Should().Contain("base(ownsHandle: true, threadSafe: true)");
    }

    [Fact]
    public void Moves_come_before_every_borrow_and_a_stub_that_fails_after_a_move_releases_what_it_moved()
    {
        GeneratorRun run = TestCompilation.Run("""
            using Boundary;
            [ForeignHandle(Release = "lib_h_free")]
            public sealed partial class H;

            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial void Join([Consumed] H a, H keep, [Consumed] H? b, string name, [Consumed] H c);
                public static partial long Finish([Consumed] H h, long extra);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        string join = run.Stub("Lib.Boundary", "Join");
        join.Should().Contain("ThrowIfSameHandle(a, keep, \"a\", \"keep\", \"lib!lib_join\", moved: true);")
            .And.Contain("ThrowIfSameHandle(a, c, \"a\", \"c\", \"lib!lib_join\", moved: true);")
            .And.Contain("ThrowIfSameHandle(b, c, \"b\", \"c\", \"lib!lib_join\", moved: true);");
        int borrowKeep = join.IndexOf("keep.DangerousBorrow(", StringComparison.Ordinal);
        foreach (string moved in new[] { "a", "b", "c" })
        {
            join.IndexOf($"{moved}.DangerousMoveToNative(\"lib!lib_join\");", StringComparison.Ordinal)
                .Should().BeInRange(0, borrowKeep, "a move waits for other calls, so it must not hold a borrow of another handle meanwhile");
            join.Should().Contain($"if (__{moved}_moving) {moved}{(moved == "b" ? "!" : "")}.DangerousReleaseAfterFailedMove();",
                "a failure after the move (borrowing keep, converting name) leaves the object to no one else");
            join.IndexOf($"__{moved}_moving = false;", StringComparison.Ordinal).Should().BeLessThan(join.IndexOf("__PInvoke(", StringComparison.Ordinal));
        }

        join.Should().NotContain("keep.DangerousReleaseAfterFailedMove", "a borrowed argument was never moved");
        run.Stub("Lib.Boundary", "Finish").Should().NotContain("_moving", "nothing can fail between the only move and the call")
            .And.NotContain("finally");
    }

    [Fact]
    public void A_handle_declared_in_another_assembly_keeps_its_ThreadSafe()
    {
        // The handles' assembly, built as a user's library would be: generator run, emitted to metadata.
        CSharpCompilation handles = TestCompilation.Create("""
            using Boundary;
            namespace Shared;
            [ForeignHandle(Release = "lib_solo_free", Library = "lib", ThreadSafe = false)]
            public sealed partial class Solo;
            [ForeignHandle(Release = "lib_plain_free", Library = "lib")]
            public sealed partial class Plain;
            """).WithAssemblyName("Handles");
        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(handles, out Compilation handlesOutput, out _);
        using var image = new MemoryStream();
        handlesOutput.Emit(image).Success.Should().BeTrue();

        CSharpCompilation user = TestCompilation.Create("""
            using Boundary;
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial long Use(Shared.Solo handle);
                public static partial long UsePlain(Shared.Plain handle);
                public static partial long Finish([Consumed] Shared.Solo handle);
            }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        GeneratorDriver driver = TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(user, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        var run = new GeneratorRun(driver, output, diagnostics);

        run.CompilationProblems.Should().BeEmpty();
        run.Sources.Should().ContainSingle("the handles' own assembly completed them; only the boundary is generated here");
        run.Stub("Lib.Boundary", "Use").Should().Contain("handle.DangerousBorrowExclusive(ref __handle_addRef);");
        run.Stub("Lib.Boundary", "UsePlain").Should().Contain("handle.DangerousBorrow(ref __handle_addRef);");
        run.Stub("Lib.Boundary", "Finish").Should().Contain("handle.DangerousMoveToNative(");
    }

    [Fact]
    public void Changing_ThreadSafe_in_another_file_regenerates_the_stubs_and_the_handle()
    {
        const string boundary = """
            using Boundary;
            [ForeignBoundary("lib")]
            internal static partial class Lib { public static partial long Use(H handle); }
            """;
        CSharpCompilation compilation = TestCompilation.Create(boundary, """[Boundary.ForeignHandle(Release = "lib_h_free")] public sealed partial class H;""");
        GeneratorDriver driver = TestCompilation.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("""[Boundary.ForeignHandle(Release = "lib_h_free", ThreadSafe = false)] public sealed partial class H;""", TestCompilation.ParseOptions, path: "Source1.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        result.TrackedSteps[BoundaryGenerator.Steps.Boundaries].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().Contain(IncrementalStepRunReason.Modified);
        result.TrackedSteps[BoundaryGenerator.Steps.Handles].SelectMany(s => s.Outputs).Select(o => o.Reason)
            .Should().Contain(IncrementalStepRunReason.Modified);
        result.GeneratedSources.Single(s => s.HintName.EndsWith("Lib.Boundary.g.cs", StringComparison.Ordinal)).SourceText.ToString()
            .Should().Contain("DangerousBorrowExclusive");
        result.GeneratedSources.Single(s => s.HintName.EndsWith("H.Handle.g.cs", StringComparison.Ordinal)).SourceText.ToString()
            .Should().Contain("threadSafe: false");
    }

    [Fact]
    public void A_handle_that_declares_SafeHandle_as_its_base_is_reported_because_the_generator_derives_it_from_ForeignSafeHandle()
    {
        GeneratorRun run = TestCompilation.Run("""
            [Boundary.ForeignHandle(Release = "lib_h_free")]
            public sealed partial class H : System.Runtime.InteropServices.SafeHandle
            {
                public H() : base(System.IntPtr.Zero, true) { }
                public override bool IsInvalid => true;
                protected override bool ReleaseHandle() => true;
            }
            """);

        run.Sources.Should().BeEmpty("a second base class could only add a compiler error to the analyzer's BND1006");
    }
}
