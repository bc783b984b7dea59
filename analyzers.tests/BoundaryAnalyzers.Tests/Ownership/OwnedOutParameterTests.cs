using System.Collections.Immutable;
using Boundary;
using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.CodeFixes.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// An owned handle or buffer a boundary function writes through an out parameter is a creation, like an owned
/// result: the variable it writes is tracked (BND2001, BND2002, BND2005), a discard leaks, a [Borrowed] out parameter
/// owns nothing. The facts come from the symbol, so a boundary in a referenced assembly counts the same.
/// </summary>
public class OwnedOutParameterTests
{
    private const string Lib = """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Open(string name, out H h, int flags);
            public static partial bool TryOpen(string name, out H? h);
            public static partial void Peek(H parent, [Borrowed] out H view);
            public static partial void Count(out int count);
            public static partial long Use(H h);
            public static partial void Consume([Consumed] H h);
        }

        """;

    [Fact]
    public void Call_facts_list_the_owned_out_parameters_only()
    {
        CSharpCompilation compilation = TestCompilation.Create(TestSetup.Usings + Lib);
        var facts = new OwnershipFacts(compilation);
        INamedTypeSymbol lib = compilation.GetTypeByMetadataName("Lib")!;
        CallFacts For(string name) => facts.For(lib.GetMembers(name).OfType<IMethodSymbol>().Single());

        For("Open").OwnedOutParameters.Should().Equal(1);
        For("TryOpen").OwnedOutParameters.Should().Equal(1);
        For("Peek").OwnedOutParameters.Should().BeEmpty("a [Borrowed] out parameter hands out nothing to release");
        For("Count").OwnedOutParameters.Should().BeEmpty();
        For("Open").Matters.Should().BeTrue();
        For("Use").Matters.Should().BeFalse();
    }

    [Fact]
    public async Task Messages_name_the_out_parameter()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + Lib + """
            static class P
            {
                static long Leak() { Lib.Open("a", out var db, 0); return Lib.Use(db); }
                static void Discard() { Lib.Open("b", out _, 0); }
                static void Borrowed(H parent) { Lib.Peek(parent, out var view); Lib.Use(view); }
            }
            """,
            new OwnershipAnalyzer());

        diagnostics.Select(d => d.GetMessage()).Should().BeEquivalentTo(
            "'db' owns the native H returned by 'Open' through out parameter 'h', which is not disposed on every path: dispose it ('using'), return it, store it in an owner, or pass it to a [Consumed] parameter",
            "The native H returned by 'Open' through out parameter 'h' is owned by the caller but is discarded: keep it in a 'using' variable, or pass it to a [Consumed] parameter");
    }

    [Fact]
    public async Task A_boundary_declared_in_a_referenced_assembly_hands_out_owned_values_the_same_way()
    {
        // The library is compiled on its own, without the generator: its boundary functions have bodies, its handle
        // is an ordinary SafeHandle. Only the attributes tell the analyzer what the caller owns.
        CSharpCompilation library = TestCompilation.Create(TestSetup.Usings + """
            [ForeignHandle(Release = "db_free")]
            public sealed class Db : SafeHandle
            {
                public Db() : base(0, true) { }
                public override bool IsInvalid => handle == 0;
                protected override bool ReleaseHandle() => true;
            }

            [ForeignBoundary("db")]
            public static class Sql
            {
                public static void Open(string name, out Db db, int flags) => db = new Db();
                public static int Prepare(Db db, string sql, out Db statement) { statement = new Db(); return 0; }
                public static void Shared([Borrowed] out Db db) => db = new Db();
            }
            """).WithAssemblyName("SqlLibrary");
        using var image = new MemoryStream();
        library.Emit(image).Success.Should().BeTrue();
        MetadataReference reference = MetadataReference.CreateFromImage(image.ToArray());

        string source = TestSetup.Usings + """
            static class P
            {
                static long F()
                {
                    Sql.Open("a", out var db, 0);
                    using (db)
                    {
                        int rc = Sql.Prepare(db, "select 1", out Db statement);
                        Sql.Shared(out var shared);
                        return rc + (shared.IsInvalid ? 0 : 1) + (statement.IsInvalid ? 0 : 1);
                    }
                }
            }
            """;
        Compilation caller = TestCompilation.Create(source).AddReferences(reference);
        caller.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        ImmutableArray<Diagnostic> diagnostics = await caller.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new OwnershipAnalyzer())).GetAnalyzerDiagnosticsAsync();

        Diagnostic leak = diagnostics.Should().ContainSingle().Subject;
        leak.Id.Should().Be("BND2001");
        source.Substring(leak.Location.SourceSpan.Start, leak.Location.SourceSpan.Length).Should().Be("out Db statement");
    }

    [Fact]
    public Task The_finally_fix_disposes_an_out_variable_and_Fix_All_nests_one_try_per_variable()
        => FixVerifier<OwnershipAnalyzer, DisposeInFinallyFixer>.VerifyAsync(
            Lib + """
            static class P
            {
                static long F()
                {
                    Lib.Open("a", {|BND2001:out var first|}, 0);
                    bool found = Lib.TryOpen("b", {|BND2001:out var second|});
                    return Lib.Use(first) + (found && second is not null ? Lib.Use(second) : 0);
                }
            }
            """,
            Lib + """
            static class P
            {
                static long F()
                {
                    Lib.Open("a", out var first, 0);
                    try
                    {
                        bool found = Lib.TryOpen("b", out var second);
                        try
                        {
                            return Lib.Use(first) + (found && second is not null ? Lib.Use(second) : 0);
                        }
                        finally
                        {
                            second?.Dispose();
                        }
                    }
                    finally
                    {
                        first.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task Using_var_is_not_offered_for_an_out_variable()
        => FixVerifier<OwnershipAnalyzer, UsingDeclarationFixer>.VerifyAsync(
            Lib + """
            static class P { static long F() { Lib.Open("a", {|BND2001:out var db|}, 0); return Lib.Use(db); } }
            """,
            Lib + """
            static class P { static long F() { Lib.Open("a", {|BND2001:out var db|}, 0); return Lib.Use(db); } }
            """);

    [Fact]
    public Task Use_after_a_move_and_a_second_dispose_of_an_out_variable_are_reported_and_removed()
        => FixVerifier<OwnershipAnalyzer, RemoveDuplicateReleaseFixer>.VerifyAsync(
            Lib + """
            static class P
            {
                static void Moved() { Lib.Open("a", out var db, 0); Lib.Consume(db); {|BND2002:db|}.Dispose(); }
                static void Twice() { Lib.Open("a", out H db, 0); db.Close(); {|BND2005:db.Dispose()|}; }
            }
            """,
            Lib + """
            static class P
            {
                static void Moved() { Lib.Open("a", out var db, 0); Lib.Consume(db); }
                static void Twice() { Lib.Open("a", out H db, 0); db.Close(); }
            }
            """);
}
