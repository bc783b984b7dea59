using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.CodeFixes.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>The BND2001 'Dispose() in finally' fix and the BND2002/BND2005 duplicate-removal fix, with Fix All.</summary>
public class OwnershipFixTests
{
    private const string Lib = OwnershipRuleTests.Lib;

    [Fact]
    public Task BND2001_finally_fix_wraps_the_rest_of_the_block()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static long F(int n)
                {
                    var {|BND2001:h = Lib.New()|};
                    long total = Lib.Use(h);
                    for (int i = 0; i < n; i++)
                    {
                        total += Lib.Use(h);
                    }

                    return total;
                }
            }
            """,
            """
            static class P
            {
                static long F(int n)
                {
                    var h = Lib.New();
                    try
                    {
                        long total = Lib.Use(h);
                        for (int i = 0; i < n; i++)
                        {
                            total += Lib.Use(h);
                        }

                        return total;
                    }
                    finally
                    {
                        h.Dispose();
                    }
                }
            }
            """,
            """
            static class P
            {
                static long F(int n)
                {
                    using var h = Lib.New();
                    long total = Lib.Use(h);
                    for (int i = 0; i < n; i++)
                    {
                        total += Lib.Use(h);
                    }

                    return total;
                }
            }
            """);

    [Fact]
    public Task BND2001_finally_fix_applies_to_an_assignment_where_using_cannot()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static long F()
                {
                    H? h;
                    long before = 1;
                    {|BND2001:h = Lib.New()|};
                    return before + Lib.Use(h);
                }
            }
            """,
            """
            static class P
            {
                static long F()
                {
                    H? h;
                    long before = 1;
                    h = Lib.New();
                    try
                    {
                        return before + Lib.Use(h);
                    }
                    finally
                    {
                        h.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task BND2001_finally_fix_uses_conditional_dispose_for_a_value_that_may_be_null()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static long F()
                {
                    var {|BND2001:h = Lib.Find()|};
                    if (h is null) return 0;
                    return Lib.Use(h);
                }
            }
            """,
            """
            static class P
            {
                static long F()
                {
                    var h = Lib.Find();
                    try
                    {
                        if (h is null) return 0;
                        return Lib.Use(h);
                    }
                    finally
                    {
                        h?.Dispose();
                    }
                }
            }
            """,
            """
            static class P
            {
                static long F()
                {
                    using var h = Lib.Find();
                    if (h is null) return 0;
                    return Lib.Use(h);
                }
            }
            """);

    [Fact]
    public Task BND2001_finally_Fix_All_nests_one_try_per_local_and_removes_their_Dispose_calls()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static long F(bool early)
                {
                    var {|BND2001:a = Lib.New()|};
                    var {|BND2001:b = Lib.New()|};
                    if (early) return 0;
                    long r = Lib.Use(a) + Lib.Use(b);
                    b.Dispose();
                    a.Dispose();
                    return r;
                }
            }
            """,
            """
            static class P
            {
                static long F(bool early)
                {
                    var a = Lib.New();
                    try
                    {
                        var b = Lib.New();
                        try
                        {
                            if (early) return 0;
                            long r = Lib.Use(a) + Lib.Use(b);
                            return r;
                        }
                        finally
                        {
                            b.Dispose();
                        }
                    }
                    finally
                    {
                        a.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task BND2001_finally_fix_after_an_early_return_moves_the_Dispose_into_finally_and_ends_the_try_there()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static void F(bool early)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (early)
                    {
                        return;
                    }

                    Lib.Use(h);
                    h.Dispose();
                    Console.WriteLine("done");
                }
            }
            """,
            """
            static class P
            {
                static void F(bool early)
                {
                    var h = Lib.New();
                    try
                    {
                        if (early)
                        {
                            return;
                        }

                        Lib.Use(h);
                    }
                    finally
                    {
                        h.Dispose();
                    }

                    Console.WriteLine("done");
                }
            }
            """);

    [Fact]
    public Task BND2001_using_fix_removes_the_explicit_Dispose_and_Fix_All_prefers_finally_there()
        => Fix<UsingDeclarationFixer>(
            """
            static class P
            {
                static void F(bool early)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (early) return;
                    Lib.Use(h);
                    h?.Dispose();
                }

                static long G()
                {
                    var {|BND2001:g = Lib.New()|};
                    return Lib.Use(g);
                }
            }
            """,
            """
            static class P
            {
                static void F(bool early)
                {
                    using var h = Lib.New();
                    if (early) return;
                    Lib.Use(h);
                }

                static long G()
                {
                    using var g = Lib.New();
                    return Lib.Use(g);
                }
            }
            """,
            """
            static class P
            {
                static void F(bool early)
                {
                    var h = Lib.New();
                    try
                    {
                        if (early) return;
                        Lib.Use(h);
                    }
                    finally
                    {
                        h.Dispose();
                    }
                }

                static long G()
                {
                    using var g = Lib.New();
                    return Lib.Use(g);
                }
            }
            """);

    [Fact]
    public Task BND2001_finally_fix_unwraps_a_using_statement_of_the_local()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static void F(bool stop)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (stop) return;
                    using (h)
                    {
                        Lib.Use(h);
                    }
                }
            }
            """,
            """
            static class P
            {
                static void F(bool stop)
                {
                    var h = Lib.New();
                    try
                    {
                        if (stop) return;
                        {
                            Lib.Use(h);
                        }
                    }
                    finally
                    {
                        h.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task BND2001_fixes_are_not_offered_when_a_Dispose_cannot_be_removed_on_its_own()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static void F(bool early, bool done)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (early) return;
                    Lib.Use(h);
                    if (done) h.Dispose(); else h.Close();
                }
            }
            """,
            null);

    [Fact]
    public Task BND2001_finally_fix_is_not_offered_when_the_local_is_handed_on_somewhere()
        => Fix<DisposeInFinallyFixer>(
            """
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
            null);

    [Fact]
    public Task Duplicate_move_and_Dispose_after_move_are_removed_with_Fix_All()
        => Fix<RemoveDuplicateReleaseFixer>(
            """
            static class P
            {
                static void Twice()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    Lib.Consume({|BND2002:h|});
                }

                static void DisposeAfter()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    {|BND2002:h|}.Dispose();
                }

                static void DisposedTwice()
                {
                    var h = Lib.New();
                    Lib.Use(h);
                    h.Dispose();
                    {|BND2005:h.Dispose()|};
                }
            }
            """,
            """
            static class P
            {
                static void Twice()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                }

                static void DisposeAfter()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                }

                static void DisposedTwice()
                {
                    var h = Lib.New();
                    Lib.Use(h);
                    h.Dispose();
                }
            }
            """);

    /// <summary>A one-line loop body gets the try over several lines, and every statement on its own line.</summary>
    [Fact]
    public Task BND2001_finally_fix_lays_out_a_one_line_block_again()
        => Fix<DisposeInFinallyFixer>(
            """
            static class P
            {
                static void Loop(int n)
                {
                    for (int i = 0; i < n; i++) { var {|BND2001:h = Lib.New()|}; if (i == 1) continue; /* used */ Lib.Use(h); h.Dispose(); }
                }
            }
            """,
            """
            static class P
            {
                static void Loop(int n)
                {
                    for (int i = 0; i < n; i++)
                    {
                        var h = Lib.New();
                        try
                        {
                            if (i == 1) continue; /* used */
                            Lib.Use(h);
                        }
                        finally
                        {
                            h.Dispose();
                        }
                    }
                }
            }
            """);

    /// <summary>
    /// A dispose in a finally after the handle moved in the try: with it goes the finally, and a try with no catch is
    /// unwrapped into the block around it, or left as a plain block when it declares a name (one may follow outside); a
    /// try with a catch keeps it.
    /// </summary>
    [Fact]
    public Task Dispose_in_finally_after_a_move_goes_with_its_finally_and_the_try_is_unwrapped()
        => Fix<RemoveDuplicateReleaseFixer>(
            """
            static class P
            {
                static void MovedInTry()
                {
                    var h = Lib.New();
                    // hand it over
                    try
                    {
                        Lib.Use(h);
                        Lib.Consume(h); // native code frees it
                    }
                    finally
                    {
                        {|BND2002:h|}.Dispose();
                    }

                    Lib.Consume(Lib.New());
                }

                static void Declares()
                {
                    var h = Lib.New();
                    try
                    {
                        long n = Lib.Use(h);
                        Lib.Consume(h);
                    }
                    finally
                    {
                        {|BND2002:h|}.Dispose();
                    }

                    {
                        long n = 2;
                    }
                }

                static void KeepsTheOther(H other)
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Consume(h);
                    }
                    finally
                    {
                        other.Dispose();
                        {|BND2002:h|}.Dispose();
                    }
                }

                static void KeepsTheCatch()
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Consume(h);
                    }
                    catch (InvalidOperationException)
                    {
                        throw;
                    }
                    finally
                    {
                        {|BND2002:h|}.Dispose();
                    }
                }
            }
            """,
            """
            static class P
            {
                static void MovedInTry()
                {
                    var h = Lib.New();
                    // hand it over
                    Lib.Use(h);
                    Lib.Consume(h); // native code frees it

                    Lib.Consume(Lib.New());
                }

                static void Declares()
                {
                    var h = Lib.New();
                    {
                        long n = Lib.Use(h);
                        Lib.Consume(h);
                    }

                    {
                        long n = 2;
                    }
                }

                static void KeepsTheOther(H other)
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Consume(h);
                    }
                    finally
                    {
                        other.Dispose();
                    }
                }

                static void KeepsTheCatch()
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Consume(h);
                    }
                    catch (InvalidOperationException)
                    {
                        throw;
                    }
                }
            }
            """);

    [Fact]
    public Task No_removal_when_the_earlier_move_ran_on_one_branch_only_or_the_use_is_not_a_duplicate()
        => Fix<RemoveDuplicateReleaseFixer>(
            """
            static class P
            {
                static void Branch(bool b)
                {
                    var h = Lib.New();
                    if (b) Lib.Consume(h);
                    Lib.Consume({|BND2002:h|});
                }

                static void DisposeAfterBranch(bool b)
                {
                    var h = Lib.New();
                    if (b) Lib.Consume(h);
                    {|BND2002:h|}.Dispose();
                }

                static long Different()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    return Lib.Use({|BND2002:h|});
                }
            }
            """,
            null);

    [Fact]
    public async Task Fix_All_works_as_dotnet_format_asks_for_it_whatever_the_first_diagnostic()
    {
        // dotnet format: one id at a time, the key of the first action offered for the first diagnostic it found, of any
        // id the analyzer reports — here a BND2002 that has no fix, so no key at all.
        FixSession session = await FixSession.OpenAsync(TestSetup.Usings + Lib + """
            static class P
            {
                static long Real()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    return Lib.Use(h);
                }

                static void Twice()
                {
                    var h = Lib.New();
                    Lib.Use(h);
                    h.Dispose();
                    h.Dispose();
                }

                static void Moved()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    Lib.Consume(h);
                }
            }
            """);
        session.Diagnostics.Select(d => d.Id).Should().Equal("BND2002", "BND2005", "BND2002");
        var fixer = new RemoveDuplicateReleaseFixer();
        (await session.FixesAsync(fixer, session.Diagnostics[0])).Should().BeEmpty("a use after a move is a bug, not a duplicate");

        foreach (string id in new[] { "BND2005", "BND2002" })
        {
            var context = new FixAllContext(
                session.Document, fixer, FixAllScope.Solution, null!, [id], new Diagnostics(session.Diagnostics), CancellationToken.None);
            CodeAction? action = await fixer.GetFixAllProvider().GetFixAsync(context);
            action.Should().NotBeNull($"Fix All of {id} with no equivalence key");
            string text = await session.ApplyAsync(action!);
            text.Should().Contain(id == "BND2005"
                ? "Lib.Use(h);\n        h.Dispose();\n    }"
                : "Lib.Consume(h);\n    }");
        }
    }

    /// <summary>What dotnet format hands a Fix All: every diagnostic it found, of every id.</summary>
    private sealed class Diagnostics(IReadOnlyList<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);
    }

    private static Task Fix<TFix>(string source, string? fixedSource, string? batchFixedSource = null)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
        => FixVerifier<OwnershipAnalyzer, TFix>.VerifyAsync(Lib + source, Lib + (fixedSource ?? source), batchFixedSource is null ? null : Lib + batchFixedSource);
}
