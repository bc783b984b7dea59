using Boundary.Analyzers.Analyzers.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// What each precision behaviour of the ownership rules reports, and what it must not: conditional disposal
/// (<c>h?.Dispose()</c>), catch handlers, stores into fields of types that never dispose them, overwritten locals,
/// null-excluding patterns, and captures found by symbol. Sources use the corpus declarations; marks are
/// <c>{|BNDxxxx:...|}</c> and nothing unmarked may be reported (compiler warnings included).
/// </summary>
public class OwnershipPrecisionTests
{
    // h?.Dispose()

    [Fact]
    public Task Conditional_dispose_releases_the_handle()
        => Expect("""
            static class P
            {
                static void F() { var h = Lib.New(); Lib.Use(h); h?.Dispose(); }
                static void G() { var h = Lib.TryNew(); h?.Dispose(); }
                static void K() { var h = Lib.New(); using (h) { Lib.Use(h); } }
            }
            """);

    [Fact]
    public async Task Conditional_dispose_on_one_path_only_is_a_leak_and_twice_is_a_double_dispose()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            static class P
            {
                static void F(bool b) { var {|BND2001:h = Lib.New()|}; if (b) h?.Dispose(); }
                static void G() { var h = Lib.New(); h.Dispose(); {|BND2005:h?.Dispose()|}; }
                static void K() { var h = Lib.New(); Lib.Consume(h); {|BND2002:h|}?.Dispose(); }
            }
            """);
        diagnostics.Single(d => d.Id == "BND2005").GetMessage().Should().Be(
            "'h' is already disposed on every path that reaches this call: remove the second Dispose");
    }

    [Fact]
    public Task A_finally_is_judged_path_by_path_so_a_Dispose_there_after_one_in_the_try_is_a_double_dispose()
        => Expect("""
            static class P
            {
                static void EarlyReturn(bool early)
                {
                    var h = Lib.New();
                    try
                    {
                        if (early) return;
                        Lib.Use(h);
                        h.Dispose();
                    }
                    finally
                    {
                        {|BND2005:h.Dispose()|};
                    }
                }

                static void LeftDisposed(bool b)
                {
                    var h = Lib.New();
                    try
                    {
                        if (b) h.Dispose();
                    }
                    finally
                    {
                        {|BND2005:h?.Dispose()|}; // runs for each way out of the try: after 'h.Dispose()' it is the second
                    }
                }

                static void Merged(bool b)
                {
                    var h = Lib.New();
                    try
                    {
                        if (b) h.Dispose();
                        Console.WriteLine();
                    }
                    finally
                    {
                        h?.Dispose(); // one way out, on which 'h' may be disposed or not: not reported
                    }
                }

                static void Plain(bool early)
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
            }
            """);

    [Fact]
    public Task Close_releases_a_handle_like_Dispose()
        => Expect("""
            static class P { static void F() { var h = Lib.New(); Lib.Use(h); h.Close(); } }
            """);

    // Overwritten locals

    [Fact]
    public async Task Overwriting_a_live_local_is_reported_at_the_assignment()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            static class P
            {
                static void F()
                {
                    var h = Lib.New();
                    Lib.Use(h);
                    {|BND2001:h = Lib.New()|};
                    h.Dispose();
                }
            }
            """);
        diagnostics.Single().GetMessage().Should().Be(
            "'h' is assigned a new value while it still owns the native H returned by 'New' (on at least one path), so that value leaks: dispose it first, or hand it on");
    }

    [Fact]
    public Task Overwriting_with_null_or_from_a_branch_that_kept_it_is_reported()
        => Expect("""
            static class P
            {
                static void F() { H? h = Lib.New(); Lib.Use(h); {|BND2001:h = null|}; }
                static void G(bool b) { var h = Lib.New(); if (b) h.Dispose(); {|BND2001:h = Lib.New()|}; h.Dispose(); }
            }
            """);

    [Fact]
    public Task Assigning_after_the_old_value_was_released_or_handed_on_is_fine()
        => Expect("""
            static class P
            {
                static readonly List<H> Kept = new();
                static void Disposed() { var h = Lib.New(); h.Dispose(); h = Lib.New(); h.Dispose(); }
                static void Consumed() { var h = Lib.New(); Lib.Consume(h); h = Lib.New(); h.Dispose(); }
                static void HandedOn() { var h = Lib.New(); Kept.Add(h); h = Lib.New(); h.Dispose(); }
                static void WhenNull() { var h = Lib.TryNew(); if (h == null) h = Lib.New(); h.Dispose(); }
                static void Coalescing() { var h = Lib.TryNew(); h ??= Lib.New(); h.Dispose(); }
                static void Nothing() { H? h = null; h = Lib.New(); h.Dispose(); }
            }
            """);

    [Fact]
    public async Task A_loop_that_comes_back_to_a_declaration_with_the_last_value_owned_is_the_usual_leak()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            static class P
            {
                static void F()
                {
                    while (true)
                    {
                        var {|BND2001:h = Lib.New()|};
                        if (Lib.Use(h) > 0) { h.Dispose(); return; }
                    }
                }
            }
            """);
        diagnostics.Single().GetMessage().Should().StartWith("'h' owns the native H returned by 'New', which is not disposed on every path");
    }

    // Null-excluding patterns and null tests

    [Fact]
    public Task Pattern_bound_handles_are_owned_where_the_pattern_matches()
        => Expect("""
            static class P
            {
                static long F() { if (Lib.TryNew() is { } h) { using (h) return Lib.Use(h); } return 0; }
                static long G() { if (Lib.TryNew() is not H h) return 0; long n = Lib.Use(h); h.Dispose(); return n; }
                static long K() { if ({|BND2001:Lib.TryNew() is { } h|}) return Lib.Use(h); return 0; }
                static long M() { long n = 0; while (Lib.TryNew() is { } h) { using (h) n += Lib.Use(h); } return n; }
                static long N() { long n = 0; while ({|BND2001:Lib.TryNew() is { } h|}) n += Lib.Use(h); return n; }
            }
            """);

    [Fact]
    public Task Null_tests_in_every_form_clear_the_null_path()
        => Expect("""
            static class P
            {
                static void A() { var h = Lib.TryNew(); if (h is not null) h.Dispose(); }
                static void B() { var h = Lib.TryNew(); if (h is { }) h.Dispose(); }
                static void C() { var h = Lib.TryNew(); if (h is H) h.Dispose(); }
                static void D() { var h = Lib.TryNew(); if (null != h) h.Dispose(); }
                static void E() { var h = Lib.TryNew(); if (h is null) return; h.Dispose(); }
            }
            """);

    [Fact]
    public Task A_property_pattern_does_not_prove_null()
        => Expect("""
            static class P { static void F() { var {|BND2001:h = Lib.TryNew()|}; if (h is { IsInvalid: false }) h.Dispose(); } }
            """);

    // Switch

    [Fact]
    public Task Owned_results_chosen_by_a_conditional_or_a_switch_expression_are_tracked()
        => Expect("""
            static class P
            {
                static void F(bool b) { var {|BND2001:h = b ? Lib.New() : Lib.TryNew()|}; Lib.Use(h!); }
                static void G(int m) { H {|BND2001:h = m switch { 0 => Lib.New(), _ => Lib.New() }|}; Lib.Use(h); }
                static void K(bool b) { using var h = b ? Lib.New() : Lib.TryNew(); }
                static void M(bool b, H borrowed) { var h = b ? Lib.New() : borrowed; Lib.Use(h); }
            }
            """);

    // Catch handlers

    [Fact]
    public Task A_catch_handler_is_analyzed_for_what_it_creates_discards_and_uses()
        => Expect("""
            static class P
            {
                static long F()
                {
                    try { return Other(); }
                    catch (InvalidOperationException)
                    {
                        var {|BND2001:h = Lib.New()|};
                        {|BND2001:Lib.Data()|};
                        return Lib.Use(h);
                    }
                }

                static long G()
                {
                    var h = Lib.New();
                    h.Dispose();
                    try { return Other(); }
                    catch (InvalidOperationException) { {|BND2005:h.Dispose()|}; return 0; }
                }

                static long View()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    data.Dispose();
                    try { return Other(); }
                    catch (InvalidOperationException) { return {|BND2003:view|}.Length; }
                }

                static long ViewReleasedInTry()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    try { long n = Other() + view.Length; data.Dispose(); return n; }
                    catch (InvalidOperationException) { return view.Length; }
                }

                static long Other() => 1;
            }
            """);

    [Fact]
    public async Task A_handle_live_through_the_whole_try_leaks_when_the_catch_returns()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            static class P
            {
                static long F()
                {
                    var {|BND2001:h = Lib.New()|};
                    try { Other(); }
                    catch (InvalidOperationException) { return -1; }
                    long n = Lib.Use(h);
                    h.Dispose();
                    return n;
                }

                static void Other() { }
            }
            """);
        diagnostics.Single().GetMessage().Should().Contain("not disposed on every path");
    }

    [Fact]
    public Task The_exception_path_itself_is_not_judged()
        => Expect("""
            static class P
            {
                static long DisposedInTry()
                {
                    var h = Lib.New();
                    try { long n = Lib.Use(h); h.Dispose(); return n; }
                    catch (InvalidOperationException) { return -1; }
                }

                static long CreatedInTry()
                {
                    H? h = null;
                    try { h = Lib.New(); return Lib.Use(h); }
                    catch (InvalidOperationException) { return -1; }
                    finally { h?.Dispose(); }
                }

                static H ReturnedFromTry()
                {
                    var h = Lib.New();
                    try { Lib.Use(h); return h; }
                    catch { h.Dispose(); throw; }
                }

                static void MovedInTry()
                {
                    var h = Lib.New();
                    try { Lib.Use(h); Lib.Consume(h); Other(); }
                    catch { h.Dispose(); throw; }
                }

                static void NestedFinally()
                {
                    var h = Lib.New();
                    try { try { Lib.Use(h); } finally { h.Dispose(); } }
                    catch (InvalidOperationException) { }
                }

                static long InALoop(int tries)
                {
                    for (int i = 0; i < tries; i++)
                    {
                        H? h = null;
                        try { h = Lib.New(); return Lib.Use(h); }
                        catch (InvalidOperationException) { continue; }
                        finally { h?.Dispose(); }
                    }

                    return -1;
                }

                static void Other() { }
            }
            """);

    // Stores into fields and properties

    [Fact]
    public async Task A_store_into_a_type_that_is_not_IDisposable_names_the_type_and_the_field()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            sealed class Session
            {
                private H? handle;
                public void Open() { var h = Lib.New(); {|BND2001:handle = h|}; }
                public void Reopen() { {|BND2001:handle = Lib.New()|}; }
            }
            """);
        diagnostics.Select(d => d.GetMessage()).Should().BeEquivalentTo(
            "'h', which owns the native H returned by 'New', is stored in 'Session.handle', but 'Session' is not IDisposable and never disposes 'handle': make 'Session' IDisposable and dispose 'handle' in Dispose",
            "The native H returned by 'New' is stored in 'Session.handle', but 'Session' is not IDisposable and never disposes 'handle': make 'Session' IDisposable and dispose 'handle' in Dispose");
    }

    [Fact]
    public async Task A_store_into_a_field_that_Dispose_forgets_is_reported_and_so_are_collection_elements()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            sealed class Pair : IDisposable
            {
                private readonly H first = Lib.New();
                private readonly H {|BND2001:second = Lib.New()|};
                private readonly List<H> extra = new();
                public void Add() => {|BND2001:extra.Add(Lib.New())|};
                public void Dispose() { first.Dispose(); extra.Clear(); }
            }
            """);
        diagnostics.Select(d => d.GetMessage()).Should().BeEquivalentTo(
            "The native H returned by 'New' is stored in 'Pair.second', but 'Pair' does not dispose 'second' when it is disposed: dispose 'second' in Dispose",
            "The native H returned by 'New' is added to 'Pair.extra', but 'Pair' does not dispose the elements of 'extra' when it is disposed: dispose the elements of 'extra' in Dispose");
    }

    [Fact]
    public Task Every_way_of_disposing_a_field_counts()
        => Expect("""
            sealed class A : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() => h?.Dispose(); }
            sealed class B : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() { using (h) { } } }
            sealed class C : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() { if (h != null) Lib.Consume(h); } }
            sealed class D : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() => Interlocked.Exchange(ref h, null)?.Dispose(); }
            sealed class E : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() => Release(); private void Release() => h?.Dispose(); }
            sealed class F : IAsyncDisposable { private H? h; public void Open() => h = Lib.New(); public ValueTask DisposeAsync() { h?.Dispose(); return default; } }
            sealed class G : IDisposable { private H? h; public void Open() => h = Lib.New(); public void Dispose() => Helpers.Release(h); }
            sealed class K : IDisposable { private readonly H[] all = new H[2]; public void Open() => all[0] = Lib.New(); public void Dispose() { foreach (var h in all) h?.Dispose(); } }
            sealed class M : IDisposable { private readonly Dictionary<int, H> all = new(); public void Open() => all[1] = Lib.New(); public void Dispose() { foreach (var h in all.Values.ToList()) h.Dispose(); } }
            static class Helpers { public static void Release(IDisposable? d) => d?.Dispose(); }
            """,
            extraUsings: "using System.Linq;\nusing System.Threading;\n");

    [Fact]
    public Task A_field_that_leaves_its_type_is_not_the_type_s_to_dispose()
        => Expect("""
            sealed class Hand
            {
                private H? held;
                public void Take() => held = Lib.New();
                public H? Give() { var h = held; held = null; return h; }
            }

            sealed class Mover
            {
                private H? held;
                public void Take() => held = Lib.New();
                public void Send() { if (held != null) Lib.Consume(held); held = null; }
            }
            """);

    [Fact]
    public Task Statics_metadata_types_and_properties_with_bodies_are_not_judged()
        => Expect("""
            sealed class Holder
            {
                private static H? shared;
                private H? backing;
                public static void Init() => shared = Lib.New();
                public H? Current { get => backing; set { backing?.Dispose(); backing = value; } }
                public void Open() => Current = Lib.New();
                public void Box(System.Runtime.CompilerServices.StrongBox<H> box) => box.Value = Lib.New();
            }
            """);

    [Fact]
    public Task Types_others_may_derive_from_or_that_derived_types_dispose_are_given_the_benefit()
        => Expect("""
            public class Extensible { protected H? Handle; public void Open() => Handle = Lib.New(); }

            class Base { protected H? Handle; public void Open() => Handle = Lib.New(); }
            sealed class Derived : Base, IDisposable { public void Dispose() => Handle?.Dispose(); }

            class Open { private H? handle; public void Start() => handle = Lib.New(); protected void Stop() => handle?.Dispose(); }
            """);

    [Fact]
    public Task A_private_field_of_an_unsealed_type_that_nothing_disposes_is_reported()
        => Expect("""
            class Widget { private H? handle; public void Start() => {|BND2001:handle = Lib.New()|}; public long Use() => handle is null ? 0 : Lib.Use(handle); }
            """);

    [Fact]
    public Task Members_that_code_outside_the_type_can_reach_are_not_the_type_s_to_judge()
        => Expect("""
            sealed class Message { public H? Body { get; set; } internal H? Header; }
            sealed class Reader { public H Current { get; private set; } = Lib.New(); }
            sealed class Pipe : IDisposable { public H? Extra { get; set; } public void Dispose() { } }

            static class P
            {
                static void F(Pipe pipe)
                {
                    var message = new Message { Body = Lib.New() };
                    message.Header = Lib.New();
                    pipe.Extra = Lib.New();
                    message.Body.Dispose();
                    message.Header.Dispose();
                    pipe.Extra.Dispose();
                }
            }
            """);

    [Fact]
    public Task A_type_that_is_not_disposable_may_release_its_field_in_any_method_or_lend_it_out()
        => Expect("""
            sealed class Watcher
            {
                private H? handle;
                public void Start() => handle = Lib.New();
                public void Stop() { handle?.Dispose(); handle = null; }
            }

            sealed class Subscription
            {
                private readonly H handle = Lib.New();
                public Subscription(Action<EventHandler> subscribe) => subscribe(OnClosed);
                private void OnClosed(object? sender, EventArgs e) => handle.Dispose();
            }

            sealed class Lender
            {
                private readonly H handle = Lib.New();
                public H Handle => handle;
            }
            """);

    [Fact]
    public Task Disposal_through_an_override_or_a_chain_of_calls_counts()
        => Expect("""
            abstract class Resource : IDisposable
            {
                public void Dispose() => OnDispose();
                protected abstract void OnDispose();
            }

            sealed class Index : Resource
            {
                private readonly H handle = Lib.New();
                protected override void OnDispose() => handle.Dispose();
            }

            sealed class Deep : IDisposable
            {
                private readonly H handle = Lib.New();
                public void Dispose() => Cleanup();
                private void Cleanup() => ReleaseAll();
                private void ReleaseAll() => handle.Dispose();
            }
            """);

    [Fact]
    public Task A_nested_type_that_disposes_or_takes_a_private_field_counts()
        => Expect("""
            sealed class Outer : IDisposable
            {
                private readonly H handle = Lib.New();
                private H? spare;
                public void Open() => spare = Lib.New();
                public void Dispose() => new Closer().Run(this);

                private sealed class Closer
                {
                    public void Run(Outer outer) { outer.handle.Dispose(); Keep(outer.spare); }
                    private static void Keep(H? h) => GC.KeepAlive(h);
                }
            }
            """);

    [Fact]
    public Task Draining_a_collection_counts_and_locking_on_it_does_not()
        => Expect("""
            sealed class Queue : IDisposable
            {
                private readonly System.Collections.Concurrent.ConcurrentQueue<H> waiting = new();
                public void Add() => waiting.Enqueue(Lib.New());
                public void Dispose() { while (waiting.TryDequeue(out H? h)) h.Dispose(); }
            }

            sealed class Locked : IDisposable
            {
                private readonly List<H> items = new();
                public void Add() { lock (items) { {|BND2001:items.Add(Lib.New())|}; } }
                public void Dispose() { lock (items) { items.Clear(); } }
            }
            """);

    [Fact]
    public Task A_disposable_type_is_judged_by_its_Dispose_even_when_another_method_disposes_the_field()
        => Expect("""
            sealed class Pool : IDisposable
            {
                private H? current;
                public void Renew() { current?.Dispose(); {|BND2001:current = Lib.New()|}; }
                public void Dispose() { }
            }
            """);

    // Captures, by symbol

    [Fact]
    public Task A_local_function_parameter_named_like_a_leaked_local_no_longer_hides_the_leak()
        => Expect("""
            static class P
            {
                static long F()
                {
                    var {|BND2001:h = Lib.New()|};
                    return Measure(Lib.Shared()) + Lib.Use(h);

                    static long Measure(H h) => Lib.Use(h);
                }
            }
            """);

    [Fact]
    public Task A_lambda_assigning_a_captured_local_is_not_blamed_for_it()
        => Expect("""
            static class P
            {
                static void F()
                {
                    H? h = null;
                    Action open = () => { h = Lib.New(); };
                    open();
                    h?.Dispose();
                }
            }
            """);

    public static TheoryData<string> BrokenInputs => new()
    {
        "sealed class A { private H? h; void M() { h = Lib.New(; } public void Dispose() => h.; }",
        "sealed class A : IDisposable { private Missing m; private H? h; void M() { h = Lib.New(); m = h; } public void Dispose() { m.Dispose(); Unknown(h); } }",
        "sealed class A : IDisposable { private readonly List<H> items = new(); void M() => items.Add(Lib.New()); void IDisposable.Dispose() => items.ForEach(Missing); }",
        "partial class A { private H? h; void M() => h = Lib.New(); } partial class A : IDisposable { public partial void Dispose(); }",
        "class B : Missing { private H? h; void M() => h = Lib.New(); }",
        "struct S { private H h; public S() { h = Lib.New(); } } ref struct R { private H h; public R() { h = Lib.New(); } public void Dispose() => h.Dispose(); }",
        "static class P { static void F() { if (Lib.TryNew() is { Missing: 1 } h) h.Dispose(); if (Lib.TryNew() is Missing m) { } switch (Lib.New()) { case { } x: break; } } }",
        "static class P { static void F() { var h = Lib.New(); try { Lib.Use(h); } catch (Missing) { h = Lib.New(); } catch { goto x; } x: h?.Dispose(); } }",
        "static class P { static void F() { H h; try { h = Lib.New(); } catch { } finally { } h.Dispose(); var g = h ?? Lib.New(); g = g?.Missing ?? Lib.New(); } }",
        "static class P { static void F() { var h = Lib.New(); Action a = () => { var h2 = h; Func<H> f = () => h2 = Lib.New(); }; void L() { h = Lib.New(); } } }",
        "class G<T> where T : IDisposable { private H? h; private T? t; void M() { h = Lib.New(); } ~G() { t?.Dispose(); } }",
        "sealed record R(H Handle) : IDisposable { private H? extra = Lib.New(); public void Dispose() => Handle.Dispose(); } record struct Q(int X) { private H? h; void M() => h = Lib.New(); }",
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task Broken_code_near_the_new_behaviours_never_makes_the_analyzer_throw(string code)
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(OwnershipCorpus.Declarations + code, new OwnershipAnalyzer());
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
    }

    /// <summary>Runs the ownership analyzer on the corpus declarations plus <paramref name="marked"/>; exactly the marked spans are reported.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> Expect(string marked, string extraUsings = "")
    {
        (string source, List<(string Id, int Start, int Length)> expected) = OwnershipCorpusTests.Parse(extraUsings + OwnershipCorpus.Declarations + marked);
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, new OwnershipAnalyzer());
        diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).Should().BeEquivalentTo(
            expected, "exactly the marked spans must be reported:\n" + string.Join("\n", diagnostics));
        return diagnostics;
    }
}
