using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// <see cref="PlainBodies"/>: the bodies it proves have nothing to report (so the analyzer builds no flow graph for
/// them) and the ones it leaves to the flow analysis. Whether a proof is ever wrong is checked everywhere the analyzer
/// runs in these tests (<see cref="OwnershipAnalyzer.CheckProofs"/>) and, over the corpora, here.
/// </summary>
public class PlainBodyProofTests(ITestOutputHelper output)
{
    /// <summary>Correct bodies written the plain way: each method of each must be proven.</summary>
    public static readonly TheoryData<string, string> Plain = new()
    {
        { "using declaration", "static long F() { using var h = Lib.New(); return Lib.Use(h); }" },
        { "using statement with an early return", "static long F(bool stop) { using (H h = Lib.New()) { if (stop) return 0; return Lib.Use(h); } }" },
        { "try/finally Dispose", "static long F() { H h = Lib.New(); try { return Lib.Use(h); } finally { h.Dispose(); } }" },
        { "disposed or moved on every branch", "static void F(int mode) { var h = Lib.New(); if (mode == 0) { Lib.Use(h); h.Dispose(); return; } else if (mode == 1) { h.Dispose(); } else { Lib.Consume(h); } }" },
        { "moved once, the other one using", "static long F() { using var into = Lib.New(); var from = Lib.New(); return Lib.Merge(into, from); }" },
        { "using in loops", "static long F(int n) { long t = 0; for (int i = 0; i < n; i++) { using var h = Lib.New(); t += Lib.Use(h); } while (t < 100) { using (var h = Lib.New()) { t += Lib.Use(h); } } do { using var h = Lib.New(); t += Lib.Use(h); } while (t < 200); return t; }" },
        { "disposed in the loop it is created in, with break and continue", "static long F(int n) { long t = 0; for (int i = 0; i < n; i++) { var h = Lib.New(); if (i == 3) { h.Dispose(); continue; } t += Lib.Use(h); h.Dispose(); if (t > 10) break; } return t; }" },
        { "foreach and lock around owned values", "static readonly object Gate = new(); static long F(int[] xs) { long t = 0; foreach (int x in xs) { lock (Gate) { var h = Lib.New(); try { t += Lib.Use(h) + x; } finally { h.Dispose(); } } } return t; }" },
        { "returned to the caller", "static H F() { var h = Lib.New(); Lib.Use(h); return h; }" },
        { "created straight into a return or a [Consumed] parameter", "static H F() => Lib.New(); static void G() { Lib.Consume(Lib.New()); }" },
        { "a buffer lent as a span, copied to an array", "static long F() { using var data = Lib.Data(); int[] copy = data.ToArray(); return Lib.Sum(data.Span) + copy.Length; }" },
        { "a using-declared handle moved once, or disposed by hand", "static void F() { using var h = Lib.New(); Lib.Use(h); Lib.Consume(h); } static void G(bool x) { using var h = Lib.New(); if (x) Lib.Consume(h); else h.Dispose(); }" },
        { "a buffer read down to a number", "static int F() { using var data = Lib.Data(); return data.Span.Length * 2 + (int)Lib.Use(Lib.Shared()); }" },
        { "the analyzer-cost benchmark's caller", """
            static long F(int x, bool flag)
            {
                using var a = Lib.New();
                var b = Lib.New();
                long total = Lib.Use(a);
                try
                {
                    for (var i = 0; i < x; i++) { total += Lib.Use(b); }
                    using var data = Lib.Data();
                    total += data.Span.Length;
                }
                finally
                {
                    if (flag) Lib.Consume(b); else b.Dispose();
                }
                unsafe
                {
                    byte* block = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(16);
                    Lib.KeepBytes(block, 16);
                }
                return total;
            }
            """ },
    };

    /// <summary>Correct bodies the proof leaves to the flow analysis: it only follows the plain shapes.</summary>
    public static readonly TheoryData<string, string> LeftToTheFlowAnalysis = new()
    {
        { "correlated conditions on a bool", "static void F(bool seal) { var b = Lib.New(); if (seal) { using var v = Lib.Seal(b); Lib.Use(v); } if (!seal) b.Dispose(); }" },
        { "a conditional expression with an owned value", "static long F(bool x) { using var h = Lib.New(); return x ? Lib.Use(h) : 0; }" },
        { "a lambda", "static long F() { using var h = Lib.New(); Func<long> f = () => 1; return Lib.Use(h) + f(); }" },
        { "a catch", "static long F() { using var h = Lib.New(); try { return Lib.Use(h); } catch (InvalidOperationException) { return 0; } }" },
        { "a switch", "static long F(int m) { var h = Lib.New(); switch (m) { case 0: h.Dispose(); break; default: Lib.Consume(h); break; } return 0; }" },
        { "stored in a field", "static H? Kept; static void F() { Kept = Lib.New(); }" },
        { "a using-declared handle returned", "static H F() { using var h = Lib.New(); return h; }" },
        { "a using-declared handle used after it moved", "static void F() { using var h = Lib.New(); Lib.Consume(h); Lib.Use(h); }" },
        { "returned from inside a try whose finally disposes it", "static H F() { var h = Lib.New(); try { return h; } finally { h.Dispose(); } }" },
        { "a nullable handle disposed with ?.", "static long F() { H? h = Lib.TryNew(); try { return h is null ? 0 : Lib.Use(h); } finally { h?.Dispose(); } }" },
        { "a throw while nothing is owned", "static long F(int x) { if (x < 0) throw new ArgumentException(); using var h = Lib.New(); return Lib.Use(h); }" },
        { "a span kept in a local", "static long F() { using var data = Lib.Data(); ReadOnlySpan<int> s = data.Span; return Lib.Sum(s); }" },
    };

    /// <summary>
    /// Shapes near the edge of what the proof follows, mistakes and correct code mixed: whatever it decides, a body it
    /// vouches for must be one the flow analysis reports nothing in.
    /// </summary>
    public static readonly TheoryData<string, string> NearTheEdge = new()
    {
        { "moved in a try whose finally disposes", "static void F() { var h = Lib.New(); try { Lib.Consume(h); } finally { h.Dispose(); } }" },
        { "disposed in an inner finally and again in the outer one", "static void F() { var h = Lib.New(); try { try { Lib.Use(h); } finally { h.Dispose(); } } finally { h.Dispose(); } }" },
        { "returned through two finally blocks, the outer one disposing", "static long F() { var h = Lib.New(); try { try { return Lib.Use(h); } finally { Lib.Use(Lib.Shared()); } } finally { h.Dispose(); } }" },
        { "disposed twice in a loop", "static void F(int n) { var h = Lib.New(); for (int i = 0; i < n; i++) { h.Dispose(); } }" },
        { "a continue that skips the dispose", "static void F(int n) { for (int i = 0; i < n; i++) { var h = Lib.New(); if (i == 1) continue; h.Dispose(); } }" },
        { "a break that skips the dispose", "static void F(int n) { for (int i = 0; i < n; i++) { var h = Lib.New(); if (i == 1) break; h.Dispose(); } }" },
        { "disposed only when leaving an endless loop", "static void F(bool x) { var h = Lib.New(); while (true) { Lib.Use(h); if (x) { h.Dispose(); break; } } }" },
        { "used after a dispose on one branch", "static void F(bool x) { var h = Lib.New(); if (x) h.Dispose(); Lib.Use(h); h.Dispose(); }" },
        { "moved twice in one call", "static void F() { var h = Lib.New(); using var into = Lib.New(); Lib.Merge(into, h); Lib.Consume(h); }" },
        { "a do loop that disposes after", "static void F(bool x) { var h = Lib.New(); do { Lib.Use(h); } while (x); h.Dispose(); }" },
        { "a lock on the owned handle", "static void F() { var h = Lib.New(); lock (h) { Lib.Use(h); } h.Dispose(); }" },
        { "a buffer's span handed to a [Retained] parameter", "static unsafe void F() { using var data = Lib.Data(); fixed (int* p = data.Span) { Lib.KeepBytes((byte*)p, 4); } }" },
        { "a buffer's length as a pointer to a [Retained] parameter", "static unsafe void F() { using var data = Lib.Data(); Lib.KeepBytes((byte*)data.Span.Length, 4); }" },
        { "returned after a dispose", "static H F() { var h = Lib.New(); h.Dispose(); return h; }" },
        { "declared again in a loop while still owned", "static void F(int n) { for (int i = 0; i < n; i++) { var h = Lib.New(); Lib.Use(h); } }" },
        { "a using handle also disposed by hand", "static void F() { using var h = Lib.New(); h.Dispose(); }" },
        { "an async method that disposes after an await", "static async Task<long> F(Task t) { var h = Lib.New(); await t; long n = Lib.Use(h); h.Dispose(); return n; }" },
    };

    [Theory]
    [MemberData(nameof(NearTheEdge))]
    public void Never_vouches_for_a_body_the_flow_analysis_reports_in(string name, string method)
    {
        string source = OwnershipCorpus.Declarations + "static class P\n{\n" + method + "\n}\n";
        Compilation compilation = TestCompilation.Run(source).Output;
        (int proven, int bodies, List<string> wrong) = PlainBodyAgreement.Check(compilation, compilation.SyntaxTrees.First());
        output.WriteLine($"{name}: {proven} of {bodies} proven");
        wrong.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Plain))]
    public void Proves_plain_bodies(string name, string method)
        => Proofs(method).Should().AllSatisfy(p => p.Proven.Should().BeTrue($"'{name}' is plain ({p.Method})"));

    [Theory]
    [MemberData(nameof(LeftToTheFlowAnalysis))]
    public void Leaves_the_rest_to_the_flow_analysis(string name, string method)
        => Proofs(method).Should().AllSatisfy(p => p.Proven.Should().BeFalse($"'{name}' needs the flow analysis ({p.Method})"));

    [Fact]
    public void Never_proves_a_body_the_flow_analysis_reports_in_the_corpora()
    {
        var wrong = new List<string>();
        foreach ((string label, (string Name, string Code)[] programs) in new[]
        {
            ("valid", OwnershipCorpus.Valid),
            ("mistakes", OwnershipCorpus.Mistakes),
            ("agreement snippets", OwnershipAgreementTests.Snippets.Select(s => (s.Name, s.Code)).ToArray()),
        })
        {
            int proven = 0, bodies = 0;
            foreach ((string name, string code) in programs)
            {
                (string source, _) = OwnershipCorpusTests.Parse(OwnershipCorpus.Declarations + code);
                Compilation compilation = TestCompilation.Run(source).Output;
                (int p, int b, List<string> w) = PlainBodyAgreement.Check(compilation, compilation.SyntaxTrees.First());
                proven += p;
                bodies += b;
                wrong.AddRange(w.Select(x => $"{label} '{name}': {x}"));
            }

            output.WriteLine($"{label}: {programs.Length} programs, {bodies} bodies that call a function handing out or taking ownership, {proven} of them proven plain");
            if (label == "valid")
            {
                // The valid corpus collects the hard correct cases (fields, aliases, patterns, views, catch): few are plain.
                proven.Should().BeGreaterThanOrEqualTo(12, "the plain ones among them are proven");
            }
        }

        wrong.Should().BeEmpty();
    }

    [Fact]
    public async Task Gives_up_on_an_expression_thousands_of_operands_deep_without_overflowing_the_stack()
    {
        // Generated code can hold such an expression; the walks are recursive and must stop before the stack does.
        string sum = string.Join(" + ", Enumerable.Repeat("Lib.Use(h)", 12000));
        string method = $"static long F() {{ using var h = Lib.New(); byte* p = null; Lib.KeepBytes(p + {sum}, 1); return {sum}; }}";
        Proofs("unsafe " + method).Should().AllSatisfy(p => p.Proven.Should().BeFalse());

        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            OwnershipCorpus.Declarations + "static unsafe class P\n{\n" + method + "\n}\n", new OwnershipAnalyzer(), new RetainedArgumentAnalyzer());
        diagnostics.Where(d => d.Id == "AD0001").Should().BeEmpty();
    }

    private static List<(string Method, bool Proven)> Proofs(string method)
    {
        string source = OwnershipCorpus.Declarations + "static class P\n{\n" + method + "\n}\n";
        Compilation compilation = TestCompilation.Run(source).Output;
        SyntaxTree tree = compilation.SyntaxTrees.First();
        SemanticModel model = compilation.GetSemanticModel(tree);
        var facts = new OwnershipFacts(compilation);
        var results = new List<(string, bool)>();
        foreach (MethodDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Parent is ClassDeclarationSyntax { Identifier.Text: "P" }))
        {
            results.Add((declaration.Identifier.Text, PlainBodies.NothingToReport(model.GetOperation(declaration)!, facts, CancellationToken.None)));
        }

        results.Should().NotBeEmpty();
        return results;
    }
}
