using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// Correlated conditions on an unchanged <c>bool</c> (issue 13, item 8): two tests of the same local or parameter are
/// understood together, so nothing is reported on a path that cannot run; a bool that may change between the tests
/// (assigned, passed by ref or out, aliased, written by a lambda) is not trusted, so a real mistake is still reported.
/// </summary>
public class CorrelatedConditionTests
{
    [Fact]
    public Task The_measured_case_seal_or_dispose_is_silent()
        => Expect("""
            static class P
            {
                static long F(bool seal)
                {
                    var builder = Lib.New();
                    long result = 0;
                    if (seal)
                    {
                        using var v = Lib.Seal(builder);
                        result = Lib.Use(v);
                    }

                    if (!seal) builder.Dispose();
                    return result;
                }
            }
            """);

    [Theory]
    [InlineData("if (seal) Lib.Consume(h); if (!seal) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (seal == false) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (false == seal) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (seal != true) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (seal is false) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (seal is not true) h.Dispose();")]
    [InlineData("if (seal is true) Lib.Consume(h); if (!seal) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); if (seal) { } else h.Dispose();")]
    [InlineData("if (!seal) h.Dispose(); if (seal) Lib.Consume(h);")]
    [InlineData("if (seal) Lib.Consume(h); long n = seal ? 0 : Lib.Use(h); if (!seal) h.Dispose();")]
    [InlineData("if (seal && other) Lib.Consume(h); if (!seal || !other) h.Dispose();")]
    [InlineData("if (seal || other) Lib.Consume(h); if (!seal && !other) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); else if (other) h.Dispose(); if (!seal && !other) h.Dispose();")]
    [InlineData("var copy = seal; if (copy) Lib.Consume(h); if (!seal) h.Dispose();")]
    [InlineData("bool keep = !seal; if (seal) Lib.Consume(h); if (keep) h.Dispose();")]
    [InlineData("bool done = false; if (seal) { Lib.Consume(h); done = true; } if (!done) h.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); Action a = () => Console.WriteLine(seal); a(); if (!seal) h.Dispose();")]
    public Task Tests_of_the_same_unchanged_bool_are_understood_together(string body)
        => Expect($$"""
            static class P
            {
                static void F(bool seal, bool other)
                {
                    var h = Lib.New();
                    {{body}}
                }
            }
            """);

    [Fact]
    public Task A_loop_that_sets_a_flag_once_is_understood()
        => Expect("""
            static class P
            {
                static void F(int n)
                {
                    var h = Lib.New();
                    bool moved = false;
                    for (int i = 0; i < n; i++)
                    {
                        if (!moved && i == 3) { Lib.Consume(h); moved = true; }
                        if (!moved) Lib.Use(h);
                    }

                    if (!moved) h.Dispose();
                }
            }
            """);

    [Fact]
    public Task An_ownership_flag_read_in_a_finally_is_understood()
        => Expect("""
            static class P
            {
                static long F()
                {
                    var builder = Lib.New();
                    bool sealedIt = false;
                    try
                    {
                        Lib.Use(builder);
                        using var v = Lib.Seal(builder);
                        sealedIt = true;
                        return Lib.Use(v);
                    }
                    finally
                    {
                        if (!sealedIt) builder.Dispose();
                    }
                }

                static void G(bool keep)
                {
                    var {|BND2001:h = Lib.New()|};
                    bool done = false;
                    try
                    {
                        if (keep) { Lib.Consume(h); done = true; }
                    }
                    finally
                    {
                        if (done) Console.WriteLine(); // 'h' leaks when 'keep' is false
                    }
                }
            }
            """);

    [Fact]
    public Task Locals_lambda_and_local_function_parameters_and_loop_flags_are_followed_too()
        => Expect("""
            static class P
            {
                static void F(int mode)
                {
                    bool seal = mode > 2;
                    var h = Lib.New();
                    if (seal) Lib.Consume(h);
                    if (!seal) h.Dispose();
                    Action<bool> a = flag => { var g = Lib.New(); if (flag) Lib.Consume(g); if (!flag) g.Dispose(); };
                    a(true);
                    Local(false);

                    static void Local(bool keep)
                    {
                        var k = Lib.New();
                        if (keep) Lib.Consume(k);
                        if (keep is false) k.Dispose();
                    }
                }

                static void Each(bool[] flags)
                {
                    foreach (bool seal in flags)
                    {
                        var h = Lib.New();
                        if (seal) Lib.Consume(h);
                        if (!seal) h.Dispose();
                    }
                }

                static void Loop()
                {
                    var h = Lib.New();
                    bool done = false;
                    while (!done)
                    {
                        Lib.Use(h);
                        if (Environment.TickCount > 0) { Lib.Consume(h); done = true; }
                    }
                }
            }
            """);

    [Fact]
    public Task One_branch_that_really_leaks_is_still_reported()
        => Expect("""
            static class P
            {
                static void F(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    if (!seal) Lib.Use(h);
                }

                static void G(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    if (seal) {|BND2002:h|}.Dispose();
                }

                static void K(bool seal)
                {
                    var h = Lib.New();
                    if (seal) Lib.Consume(h);
                    seal = false;
                    if (!seal) {|BND2002:h|}.Dispose(); // every path runs it now, also the one that consumed 'h'
                }
            }
            """);

    [Theory]
    [InlineData("if (seal) Lib.Consume(h); seal = Flip(); if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); seal = other; if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); seal ^= true; if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); Set(ref seal); if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); Reset(out seal); if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("ref bool alias = ref seal; if (seal) Lib.Consume(h); alias = false; if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("Action clear = () => seal = false; if (seal) Lib.Consume(h); clear(); if (!seal) {|BND2002:h|}.Dispose();")]
    [InlineData("if (seal) Lib.Consume(h); Clear(); if (!seal) {|BND2002:h|}.Dispose(); void Clear() => seal = false;")]
    [InlineData("if (seal) Lib.Consume(h); (seal, other) = (false, true); if (!seal) {|BND2002:h|}.Dispose();")]
    public Task A_bool_that_may_change_between_the_tests_is_not_trusted(string body)
        => Expect($$"""
            static class P
            {
                static bool Flip() => Environment.TickCount % 2 == 0;
                static void Set(ref bool b) => b = !b;
                static void Reset(out bool b) => b = false;
                static void F(bool seal, bool other)
                {
                    var {|BND2001:h = Lib.New()|};
                    {{body}}
                }
            }
            """);

    [Fact]
    public Task A_foreach_flag_is_new_each_iteration()
        => Expect("""
            static class P
            {
                static void F(bool[] flags)
                {
                    var {|BND2001:h = Lib.New()|};
                    foreach (bool seal in flags)
                    {
                        if (seal) Lib.Consume({|BND2002:h|});
                        if (!seal) Lib.Use({|BND2002:h|});
                    }
                }
            }
            """);

    [Fact]
    public Task A_known_constant_makes_the_other_branch_impossible()
        => Expect("""
            static class P
            {
                static void F()
                {
                    bool dispose = true;
                    var h = Lib.New();
                    if (dispose) h.Dispose();
                }
            }
            """);

    [Fact]
    public Task Flags_tested_once_each_are_forgotten_and_do_not_crowd_out_the_correlated_one()
        => Expect("""
            static class P
            {
                static void F(bool a, bool b, bool c, bool d, bool e, bool f, bool g, bool seal)
                {
                    var h = Lib.New();
                    if (a) Lib.Use(h);
                    if (b) Lib.Use(h);
                    if (c) Lib.Use(h);
                    if (seal) Lib.Consume(h);
                    if (d) Console.WriteLine();
                    if (e) Console.WriteLine();
                    if (f) Console.WriteLine();
                    if (g) Console.WriteLine();
                    if (!seal) h.Dispose();
                }
            }
            """);

    [Fact]
    public Task Too_many_live_combinations_fall_back_to_the_plain_merge()
        => Expect("""
            static class P
            {
                static void F(bool a, bool b, bool c, bool d, bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    int n = 0;
                    if (a) n++;
                    if (b) n++;
                    if (c) n++;
                    if (d) n++;
                    if (seal) Lib.Consume(h);
                    if (!seal) {|BND2002:h|}.Dispose(); // 32 combinations: past the cap, the flags are forgotten
                    if (a && b && c && d) n--;
                }
            }
            """);

    [Fact]
    public Task Twenty_flags_tested_twice_stay_bounded()
    {
        var flags = Enumerable.Range(0, 20).Select(i => $"f{i}").ToList();
        string parameters = string.Join(", ", flags.Select(f => $"bool {f}"));
        string tests = string.Join("\n", flags.Select(f => $"if ({f}) n++;"));
        return Expect($$"""
            static class P
            {
                static void F({{parameters}})
                {
                    var {|BND2001:h = Lib.New()|};
                    int n = 0;
                    {{tests}}
                    if (f0) Lib.Consume(h);
                    {{tests}}
                    if (!f0) {|BND2002:h|}.Dispose();
                    {{tests}}
                }
            }
            """);
    }

    // The state itself

    [Fact]
    public void An_edge_that_contradicts_every_path_is_unreachable_and_a_join_keeps_paths_apart()
    {
        var state = new OwnershipState(1, 1);
        OwnershipState whenTrue = state.Assume(0, true);
        whenTrue[0] = Fate.Moved;
        OwnershipState whenFalse = state.Assume(0, false);
        whenFalse[0] = Fate.Live;
        OwnershipState joined = whenTrue.Union(whenFalse);

        joined.FacetCount.Should().Be(2);
        joined[0].Should().Be(Fate.Moved | Fate.Live);
        joined.Assume(0, false)[0].Should().Be(Fate.Live);
        whenTrue.Assume(0, false).IsUnreachable.Should().BeTrue();
        joined.Forget([true]).FacetCount.Should().Be(1);
        joined.Forget([true])[0].Should().Be(Fate.Moved | Fate.Live);
    }

    [Fact]
    public void Past_the_cap_the_state_forgets_the_bools_for_good()
    {
        var state = new OwnershipState(1, 5);
        for (int flag = 0; flag < 5; flag++)
        {
            state = state.Assume(flag, true).Union(state.Assume(flag, false));
        }

        state.IsCollapsed.Should().BeTrue();
        state.FacetCount.Should().Be(1);
        state.Assume(0, true).Should().BeSameAs(state, "a collapsed state no longer tells paths apart");
        state.Clone().UnionWith(new OwnershipState(1, 5).Assume(1, true)).Should().BeFalse();
    }

    [Fact]
    public void Copying_an_unknown_flag_splits_the_paths_so_both_stay_correlated()
    {
        var state = new OwnershipState(1, 2);
        state.Assign(1, new BoolValue(Known.Unknown, Source: 0, Negated: true));

        state.FacetCount.Should().Be(2);
        OwnershipState copyTrue = state.Assume(1, true);
        copyTrue.Assume(0, true).IsUnreachable.Should().BeTrue();
        copyTrue.Assume(0, false).IsUnreachable.Should().BeFalse();
    }

    public static TheoryData<string> BrokenInputs() => new()
    {
        "static class P { static void F(bool b) { var h = Lib.New(); if (b is) h.Dispose(); if (!b) Lib.Consume(h) } }",
        "static class P { static void F(bool b) { var h = Lib.New(); if (b == ) h.Dispose(); if (Missing) Lib.Consume(h); } }",
        "static class P { static void F() { var h = Lib.New(); bool x = ; if (x) h.Dispose(); if (!x) Lib.Consume(h); } }",
        "static class P { static void F(bool b) { var h = Lib.New(); if (b = ) h.Dispose(); ref bool r = ref ; if (r) Lib.Consume(h); } }",
        "static class P { static void F(bool b) { var h = Lib.New(); if (b is true or false) h.Dispose(); (b, ) = (true, 1); if (b) Lib.Consume(h); } }",
        "static class P { static void F(bool b) { var h = Lib.New(); switch (b) { case true: Lib.Consume(h); break; } if (!b) h.Dispose(); } }",
        "static class P { static void F(bool b, bool b) { var h = Lib.New(); if (b) Lib.Consume(h); if (!b) h.Dispose(); } }",
        "static class P { static void F(bool? b) { var h = Lib.New(); if (b == true) Lib.Consume(h); if (b != true) h.Dispose(); if (b ?? false) { } } }",
        "static class P { static void F(dynamic b) { var h = Lib.New(); if (b) Lib.Consume(h); if (!b) h.Dispose(); } }",
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task Broken_code_near_correlated_conditions_never_makes_the_analyzer_throw(string code)
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(OwnershipCorpus.Declarations + code, new OwnershipAnalyzer());
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
    }

    private static async Task<IReadOnlyList<Diagnostic>> Expect(string marked)
    {
        (string source, List<(string Id, int Start, int Length)> expected) = OwnershipCorpusTests.Parse(OwnershipCorpus.Declarations + marked);
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, new OwnershipAnalyzer());
        diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).Should().BeEquivalentTo(
            expected, "exactly the marked spans must be reported:\n" + string.Join("\n", diagnostics));
        return diagnostics;
    }
}
