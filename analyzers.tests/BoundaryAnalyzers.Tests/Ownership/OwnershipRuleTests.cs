using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.CodeFixes.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>BND2001's code fix, and rule details the corpora do not show.</summary>
public class OwnershipRuleTests
{
    /// <summary>The boundary the ownership rule and fix tests call.</summary>
    internal const string Lib = """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial H New();
            public static partial H? Find();
            public static partial long Use(H h);
            public static partial void Consume([Consumed] H h);
        }

        """;

    [Fact]
    public Task BND2001_fix_adds_using_var_and_Fix_All_does_every_local()
        => FixVerifier<OwnershipAnalyzer, UsingDeclarationFixer>.VerifyAsync(
            Lib + """
            static class P
            {
                static long F()
                {
                    var {|BND2001:a = Lib.New()|};
                    H {|BND2001:b = Lib.New()|};
                    return Lib.Use(a) + Lib.Use(b);
                }
            }
            """,
            Lib + """
            static class P
            {
                static long F()
                {
                    using var a = Lib.New();
                    using H b = Lib.New();
                    return Lib.Use(a) + Lib.Use(b);
                }
            }
            """);

    [Fact]
    public Task BND2001_fix_is_not_offered_when_the_local_is_handed_on_on_some_path()
        => FixVerifier<OwnershipAnalyzer, UsingDeclarationFixer>.VerifyAsync(
            Lib + """
            static class P
            {
                static H? F(bool keep)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (keep) return h;
                    Lib.Use(h);
                    return null;
                }
            }
            """,
            Lib + """
            static class P
            {
                static H? F(bool keep)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (keep) return h;
                    Lib.Use(h);
                    return null;
                }
            }
            """);

    [Fact]
    public async Task Messages_name_the_local_the_type_and_the_source()
    {
        IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + Lib + """
            static class P
            {
                static void F() { var h = Lib.New(); Lib.Consume(h); Lib.Use(h); Lib.Use(Lib.New()); }
            }
            """,
            new OwnershipAnalyzer());

        diagnostics.Select(d => d.GetMessage()).Should().BeEquivalentTo(
            "'h' is used after it was passed to a [Consumed] parameter (on at least one path): native code owns it and may have freed it; .NET sees an invalid handle",
            "The native H returned by 'New' is owned by the caller but is only lent to 'Use' (a borrowed parameter) and then lost: keep it in a 'using' variable, or pass it to a [Consumed] parameter");
    }

    [Fact]
    public async Task Compilations_without_boundary_calls_are_not_analyzed_and_produce_nothing()
        => (await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + "static class P { static void F() { var s = new System.IO.MemoryStream(); s.WriteByte(1); } }",
            new OwnershipAnalyzer())).Should().BeEmpty();
}
