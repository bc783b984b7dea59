using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.CodeFixes.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// The analyzer and every ownership code fix agree: a fix is offered only where the analyzer reports its diagnostic,
/// applying it removes that diagnostic and adds none (no compile error either), and where the analyzer sees a value
/// handed on no fix disposes it. Run over the mistakes corpus and the snippets below, which name the fixes each must
/// get.
/// </summary>
public class OwnershipAgreementTests(ITestOutputHelper output)
{
    private const string UsingFix = "Dispose '{0}' with 'using var'";
    private const string FinallyFix = "Dispose '{0}' in a 'finally' block";

    private static readonly CodeFixProvider[] Fixers = [new UsingDeclarationFixer(), new DisposeInFinallyFixer(), new RemoveDuplicateReleaseFixer(), new KeepDelegateAliveFixer()];

    /// <summary>Snippets (corpus declarations in scope) and the titles of every fix their diagnostics get, in source order.</summary>
    public static readonly (string Name, string Code, string[] Fixes)[] Snippets =
    [
        ("a pattern variable aliases the handle and is handed on (the analyzer sees a hand-on, so no fix disposes it)", """
            static class P
            {
                static void Keep(object o) => GC.KeepAlive(o);
                static void F(bool flag) { var {|BND2001:h = Lib.New()|}; if (flag && h is { } o) Keep(o); }
            }
            """, []),
        ("handed to a helper on one path", """
            static class P
            {
                static readonly List<H> Kept = new();
                static void F(bool keep) { var {|BND2001:h = Lib.New()|}; if (keep) Kept.Add(h); }
            }
            """, []),
        ("moved on one path", """
            static class P { static void F(bool b) { var {|BND2001:h = Lib.New()|}; if (b) Lib.Consume(h); } }
            """, []),
        ("only used", """
            static class P { static long F() { var {|BND2001:h = Lib.New()|}; return Lib.Use(h); } }
            """, [UsingFix.F("h"), FinallyFix.F("h")]),
        ("released by 'using (h)' on one path", """
            static class P { static void F(bool stop) { var {|BND2001:h = Lib.New()|}; if (stop) return; using (h) { Lib.Use(h); } } }
            """, [UsingFix.F("h"), FinallyFix.F("h")]),
        ("an assignment to a local declared earlier", """
            static class P { static long F() { H? h = null; long n = 1; {|BND2001:h = Lib.New()|}; return n + Lib.Use(h); } }
            """, [FinallyFix.F("h")]),
        ("an assignment in a loop that drops the previous iteration's value", """
            static class P { static long F(int n) { H h; long t = 0; for (int i = 0; i < n; i++) { {|BND2001:h = Lib.New()|}; t += Lib.Use(h); } return t; } }
            """, [FinallyFix.F("h")]),
        ("an assignment that drops an older value: disposing the new one would not help", """
            static class P { static void F() { var h = Lib.New(); Lib.Use(h); {|BND2001:h = Lib.New()|}; h.Dispose(); } }
            """, []),
        ("an owned out variable", """
            static class P { static long F() { Lib.Open("db", {|BND2001:out var db|}, 0); return Lib.Use(db); } }
            """, [FinallyFix.F("db")]),
        ("an owned out variable of a declared type, in a declaration statement", """
            static class P { static long F(H db) { int rc = Lib.Prepare(db, "select 1", {|BND2001:out H statement|}); return rc + Lib.Use(statement); } }
            """, [FinallyFix.F("statement")]),
        ("an owned out argument into a local declared earlier", """
            static class P { static long F() { H db; long n = 1; Lib.Open("db", {|BND2001:out db|}, 0); return n + Lib.Use(db); } }
            """, [FinallyFix.F("db")]),
        ("an owned out variable that may be null", """
            static class P { static long F() { bool found = Lib.TryOpen("db", {|BND2001:out var h|}); return found && h is not null ? Lib.Use(h) : 0; } }
            """, [FinallyFix.F("h")]),
        ("an owned out buffer in a loop", """
            static class P { static long F(int n) { long t = 0; for (int i = 0; i < n; i++) { Lib.Fill({|BND2001:out var data|}); t += Lib.Sum(data.Span); } return t; } }
            """, [FinallyFix.F("data")]),
        ("an owned out variable handed on on one path", """
            static class P { static H? F(bool keep) { Lib.Open("db", {|BND2001:out var db|}, 0); if (keep) return db; Lib.Use(db); return null; } }
            """, []),
        ("an owned out variable written in a condition", """
            static class P { static long F() { if (!Lib.TryOpen("db", {|BND2001:out var h|}) || h is null) return 0; return Lib.Use(h); } }
            """, []),
        ("an owned out variable overwriting a live one", """
            static class P { static void F() { var h = Lib.New(); Lib.Use(h); Lib.Open("db", {|BND2001:out h|}, 0); h.Dispose(); } }
            """, []),
        ("an owned out value discarded", """
            static class P { static void F() { Lib.Open("db", {|BND2001:out _|}, 0); } }
            """, []),
        ("an owned out variable disposed twice, and used after a move", """
            static class P
            {
                static void Twice() { Lib.Open("db", out var db, 0); db.Dispose(); {|BND2005:db.Dispose()|}; }
                static void Moved() { Lib.Open("db", out var db, 0); Lib.Consume(db); {|BND2002:db|}.Dispose(); }
            }
            """, ["Remove 'db.Dispose()': it is released already", "Remove 'db.Dispose()': it is released already"]),
        ("a release after moves on both branches", """
            static class P { static void F(bool b) { var h = Lib.New(); if (b) { Lib.Consume(h); } else { Lib.Consume(h); } {|BND2002:h|}?.Dispose(); } }
            """, ["Remove 'h?.Dispose()': it is released already"]),
        ("a release after a move on one branch only", """
            static class P { static void F(bool b) { var h = Lib.New(); if (b) Lib.Consume(h); {|BND2002:h|}.Dispose(); } }
            """, []),
        ("a duplicate move, and a use after a move that is not one", """
            static class P
            {
                static void Twice() { var h = Lib.New(); Lib.Consume(h); Lib.Consume({|BND2002:h|}); }
                static long Use() { var h = Lib.New(); Lib.Consume(h); Lib.Use({|BND2002:h|}); return 0; }
            }
            """, ["Remove the duplicate 'Lib.Consume(h)'"]),
    ];

    /// <summary>Code the analyzer does not judge (it reports nothing there, right or wrong): no fix may act on it either.</summary>
    private static readonly (string Name, string Code)[] Unjudged =
    [
        ("a lambda in a field initializer", """
            sealed class C
            {
                private readonly Func<long> measure = () => { var h = Lib.New(); return Lib.Use(h); };
                public long Run() => measure();
            }
            """),
        ("a local captured by a lambda", """
            static class P { static Func<long> F() { var h = Lib.New(); Lib.Use(h); return () => Lib.Use(h); } }
            """),
    ];

    public static TheoryData<string> SnippetNames => new(Snippets.Select(s => s.Name));

    [Fact]
    public async Task Every_fix_removes_its_diagnostic_and_adds_none()
    {
        int diagnostics = 0, offered = 0;
        var problems = new List<string>();
        foreach ((string name, string code) in OwnershipCorpus.Mistakes.Concat(Snippets.Select(s => (s.Name, s.Code))))
        {
            (string source, _) = OwnershipCorpusTests.Parse(OwnershipCorpus.Declarations + code);
            FixSession session = await FixSession.OpenAsync(source);
            diagnostics += session.Diagnostics.Count;
            foreach (Diagnostic diagnostic in session.Diagnostics)
            {
                foreach (CodeFixProvider fixer in Fixers)
                {
                    foreach (CodeAction action in await session.FixesAsync(fixer, diagnostic))
                    {
                        offered++;
                        problems.AddRange(await Judge(name, session, diagnostic, action));
                    }
                }
            }
        }

        output.WriteLine($"{diagnostics} diagnostics, {offered} fixes offered and applied");
        problems.Should().BeEmpty();
        offered.Should().BeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(SnippetNames))]
    public async Task Each_snippet_gets_exactly_the_fixes_a_user_would_expect(string name)
    {
        (_, string code, string[] expected) = Snippets.Single(s => s.Name == name);
        (string source, List<(string Id, int Start, int Length)> marked) = OwnershipCorpusTests.Parse(OwnershipCorpus.Declarations + code);
        FixSession session = await FixSession.OpenAsync(source);
        session.Diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).Should().BeEquivalentTo(marked);

        var titles = new List<string>();
        foreach (Diagnostic diagnostic in session.Diagnostics)
        {
            foreach (CodeFixProvider fixer in Fixers)
            {
                titles.AddRange((await session.FixesAsync(fixer, diagnostic)).Select(a => a.Title));
            }
        }

        titles.Should().Equal(expected);
    }

    [Fact]
    public async Task The_analyzer_and_the_fixes_see_a_pattern_variable_take_the_handle()
    {
        string source = OwnershipCorpus.Declarations + """
            static class P
            {
                static void Keep(object o) => GC.KeepAlive(o);
                static void F(bool flag) { var h = Lib.New(); if (flag && h is { } o) Keep(o); }
            }
            """;
        FixSession session = await FixSession.OpenAsync(source);
        Diagnostic leak = session.Diagnostics.Should().ContainSingle().Subject;
        leak.Id.Should().Be("BND2001", "on the path where 'flag' is false, 'h' is never released");

        SyntaxNode root = (await session.Document.GetSyntaxRootAsync())!;
        SemanticModel model = (await session.Document.GetSemanticModelAsync())!;
        var declarator = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(d => d.Identifier.ValueText == "h");
        var local = (ILocalSymbol)model.GetDeclaredSymbol(declarator)!;
        OwnershipQuery view = OwnershipQuery.ForLocal(local, model.GetOperation(declarator)!, new OwnershipFacts(model.Compilation), default)!;
        view.References.Should().ContainSingle(r => r.Effect == Effect.HandOn && r.Reference.Parent is IIsPatternOperation, "'o' may own the handle after the pattern");
        view.OnlyKept.Should().BeFalse();

        foreach (CodeFixProvider fixer in Fixers)
        {
            (await session.FixesAsync(fixer, leak)).Should().BeEmpty($"{fixer.GetType().Name} must not dispose what the analyzer sees handed on");
        }
    }

    [Fact]
    public async Task No_fix_is_offered_where_the_analyzer_reports_nothing()
    {
        // Every place a diagnostic could be, every id each fixer fixes: the analyzer reports none of them here.
        int asked = 0;
        var problems = new List<string>();
        foreach ((string name, string code) in OwnershipCorpus.Valid.Concat(Unjudged))
        {
            FixSession session = await FixSession.OpenAsync(OwnershipCorpus.Declarations + code);
            session.Diagnostics.Should().BeEmpty(name);
            SyntaxNode root = (await session.Document.GetSyntaxRootAsync())!;
            IEnumerable<SyntaxNode> places = root.DescendantNodes().Where(n => n is VariableDeclaratorSyntax or AssignmentExpressionSyntax or ArgumentSyntax
                or IdentifierNameSyntax or InvocationExpressionSyntax or ConditionalAccessExpressionSyntax or IsPatternExpressionSyntax);
            foreach (SyntaxNode place in places)
            {
                foreach (CodeFixProvider fixer in Fixers)
                {
                    foreach (string id in fixer.FixableDiagnosticIds)
                    {
                        asked++;
                        Diagnostic fabricated = await session.Fabricate(id, place.Span);
                        foreach (CodeAction action in await session.FixesAsync(fixer, fabricated))
                        {
                            problems.Add($"{name}: {fixer.GetType().Name} offers '{action.Title}' for a {id} the analyzer does not report at '{place}'");
                        }
                    }
                }
            }
        }

        output.WriteLine($"{asked} fabricated diagnostics on the valid corpus");
        problems.Should().BeEmpty();
    }

    /// <summary>What is wrong with the document once <paramref name="action"/> is applied for <paramref name="fixedOne"/>.</summary>
    private static async Task<IEnumerable<string>> Judge(string name, FixSession session, Diagnostic fixedOne, CodeAction action)
    {
        string source = await session.ApplyAsync(action);
        FixSession after = await FixSession.OpenAsync(source);
        var problems = new List<string>();
        problems.AddRange(after.Errors.Except(session.Errors, MessageComparer.Instance).Select(e => $"{name}: '{action.Title}' adds a compile error: {e.GetMessage()}"));

        // Diagnostics are compared by rule and message (they name the local and what it owns), since positions move.
        var remaining = session.Diagnostics.Select(Key).ToList();
        remaining.Remove(Key(fixedOne)).Should().BeTrue();
        foreach (Diagnostic diagnostic in after.Diagnostics)
        {
            if (!remaining.Remove(Key(diagnostic)))
            {
                problems.Add($"{name}: '{action.Title}' for {fixedOne.Id} at '{Text(fixedOne)}' leaves or adds {diagnostic.Id}: {diagnostic.GetMessage()}");
            }
        }

        return problems.Distinct();
    }

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage();

    private static string Text(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private sealed class MessageComparer : IEqualityComparer<Diagnostic>
    {
        public static readonly MessageComparer Instance = new();

        public bool Equals(Diagnostic? x, Diagnostic? y) => x?.Id == y?.Id && x?.GetMessage() == y?.GetMessage();

        public int GetHashCode(Diagnostic obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

internal static class TitleFormat
{
    public static string F(this string format, string local) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, local);
}
