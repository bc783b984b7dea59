namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// The two corpora of the ownership rules. Valid programs are realistic correct uses that must produce no
/// diagnostic; every mistake is marked <c>{|BNDxxxx:...|}</c> at the exact span that must be reported, and nothing
/// else may be.
/// </summary>
internal static class OwnershipCorpus
{
    public const string Declarations = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Boundary;

        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial H New();
            public static partial H? TryNew();
            public static partial long Use(H h);
            public static partial long Merge(H into, [Consumed] H from);
            public static partial void Consume([Consumed] H h);
            [return: Borrowed] public static partial H Shared();
            [return: Borrowed] public static partial H Child(H parent);
            public static partial NativeBuffer<int> Data();
            public static partial long Sum(ReadOnlySpan<int> values);
        }

        """;

    public static readonly (string Name, string Code)[] Valid =
    [
        ("using declaration", """
            static class P { static long F() { using var h = Lib.New(); return Lib.Use(h); } }
            """),
        ("using statement with early return", """
            static class P
            {
                static long F(bool stop)
                {
                    using (H h = Lib.New())
                    {
                        if (stop) return 0;
                        return Lib.Use(h);
                    }
                }
            }
            """),
        ("try/finally Dispose", """
            static class P { static long F() { H h = Lib.New(); try { return Lib.Use(h); } finally { h.Dispose(); } } }
            """),
        ("disposed on every branch", """
            static class P
            {
                static void F(int mode)
                {
                    var h = Lib.New();
                    if (mode == 0) { Lib.Use(h); h.Dispose(); return; }
                    else if (mode == 1) { h.Dispose(); }
                    else { Lib.Consume(h); }
                }
            }
            """),
        ("returned to the caller", """
            static class P
            {
                static H Create() { var h = Lib.New(); Lib.Use(h); return h; }
                static H CreateDirect() => Lib.New();
                static long Caller() { using var h = Create(); return Lib.Use(h); }
            }
            """),
        ("owned by a disposable class", """
            sealed class Owner : IDisposable
            {
                private readonly H handle;
                public Owner() { handle = Lib.New(); }
                public long Value => Lib.Use(handle);
                public void Dispose() => handle.Dispose();
            }
            static class P { static void F() { var h = Lib.New(); var o = new Holder(h); o.Dispose(); } }
            sealed class Holder(H h) : IDisposable { public void Dispose() => h.Dispose(); }
            """),
        ("stored in a collection owned by a disposable", """
            sealed class Pool : IDisposable
            {
                private readonly List<H> items = new();
                public void Grow() { var h = Lib.New(); items.Add(h); }
                public void Dispose() { foreach (H h in items) h.Dispose(); items.Clear(); }
            }
            """),
        ("moved exactly once", """
            static class P
            {
                static long F() { using var into = Lib.New(); var from = Lib.New(); return Lib.Merge(into, from); }
                static void G() { Lib.Consume(Lib.New()); }
                static void UsingThenConsume() { using var h = Lib.New(); Lib.Use(h); Lib.Consume(h); }
            }
            """),
        ("conditional disposal with a nullable handle", """
            static class P
            {
                static long F()
                {
                    H? h = Lib.TryNew();
                    try { return h is null ? 0 : Lib.Use(h); }
                    finally { h?.Dispose(); }
                }
            }
            """),
        ("using in loops", """
            static class P
            {
                static long F(int n)
                {
                    long total = 0;
                    for (int i = 0; i < n; i++) { using var h = Lib.New(); total += Lib.Use(h); }
                    while (total < 100) { using (var h = Lib.New()) { total += Lib.Use(h); } }
                    return total;
                }
            }
            """),
        ("async method with using", """
            static class P
            {
                static async Task<long> F()
                {
                    using var h = Lib.New();
                    await Task.Yield();
                    return Lib.Use(h);
                }
            }
            """),
        ("lambdas and local functions that own what they create", """
            static class P
            {
                static Func<long> F() => () => { using var h = Lib.New(); return Lib.Use(h); };
                static long G() { return Local(); long Local() { using var h = Lib.New(); return Lib.Use(h); } }
                static Action Keep() { var h = Lib.New(); return () => Lib.Use(h); }
            }
            """),
        ("borrowed returns are not owned", """
            static class P { static long F() { var shared = Lib.Shared(); return Lib.Use(shared) + Lib.Use(Lib.Shared()); } }
            """),
        ("native buffers in using", """
            static class P
            {
                static long F() { using var data = Lib.Data(); return Lib.Sum(data.Span); }
                static int[] G() { using (NativeBuffer<int> data = Lib.Data()) { return data.ToArray(); } }
            }
            """),
        ("borrowed views used while their owner lives", """
            static class P
            {
                static long F()
                {
                    using var data = Lib.Data();
                    ReadOnlySpan<int> view = data.Span;
                    long sum = Lib.Sum(view);
                    using var parent = Lib.New();
                    var child = Lib.Child(parent);
                    return sum + Lib.Use(child);
                }

                static int G()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    int first = view.Length > 0 ? view[0] : 0;
                    data.Dispose();
                    return first;
                }
            }
            """),
        ("handed to helpers that own it", """
            static class P
            {
                static void F() { var h = Lib.New(); Register(h); }
                static void Register(H h) => Registry.Add(h);
                static readonly List<H> Registry = new();
            }
            """),
    ];

    public static readonly (string Name, string Code)[] Mistakes =
    [
        ("never disposed", """
            static class P { static long F() { var {|BND2001:h = Lib.New()|}; return Lib.Use(h); } }
            """),
        ("disposed on one branch only", """
            static class P { static void F(bool b) { var {|BND2001:h = Lib.New()|}; if (b) h.Dispose(); } }
            """),
        ("leaked by an early return", """
            static class P { static void F(bool stop) { var {|BND2001:h = Lib.New()|}; if (stop) return; h.Dispose(); } }
            """),
        ("discarded result", """
            static class P { static void F() { {|BND2001:Lib.New()|}; _ = {|BND2001:Lib.Data()|}; } }
            """),
        ("lent to a borrowing call and lost", """
            static class P { static long F() => Lib.Use({|BND2001:Lib.New()|}); }
            """),
        ("used only for a member and lost", """
            static class P { static int F() => {|BND2001:Lib.Data()|}.Length; }
            """),
        ("use after consume", """
            static class P { static long F() { var h = Lib.New(); Lib.Consume(h); return Lib.Use({|BND2002:h|}); } }
            """),
        ("consumed twice", """
            static class P { static void F() { var h = Lib.New(); Lib.Consume(h); Lib.Consume({|BND2002:h|}); } }
            """),
        ("disposed after consume", """
            static class P { static void F() { var h = Lib.New(); Lib.Consume(h); {|BND2002:h|}.Dispose(); } }
            """),
        ("use on a path that follows the move", """
            static class P
            {
                static long F(bool b)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (b) Lib.Consume(h);
                    return Lib.Use({|BND2002:h|});
                }
            }
            """),
        ("disposed twice", """
            static class P { static void F() { var h = Lib.New(); Lib.Use(h); h.Dispose(); {|BND2005:h.Dispose()|}; } }
            """),
        ("created in a loop, never disposed", """
            static class P { static long F(int n) { long t = 0; for (int i = 0; i < n; i++) { var {|BND2001:h = Lib.New()|}; t += Lib.Use(h); } return t; } }
            """),
        ("native buffer not disposed", """
            static class P { static long F() { var {|BND2001:data = Lib.Data()|}; return Lib.Sum(data.Span); } }
            """),
        ("leak inside a lambda", """
            static class P { static Func<long> F() => () => { var {|BND2001:h = Lib.New()|}; return Lib.Use(h); }; }
            """),
        ("leak in an async method", """
            static class P { static async Task<long> F() { var {|BND2001:h = Lib.New()|}; await Task.Yield(); return Lib.Use(h); } }
            """),
        ("span used after its buffer is disposed", """
            static class P
            {
                static int F()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    data.Dispose();
                    return {|BND2003:view|}.Length;
                }
            }
            """),
        ("borrowed child used after its parent is consumed", """
            static class P
            {
                static long F()
                {
                    var parent = Lib.New();
                    var child = Lib.Child(parent);
                    Lib.Consume(parent);
                    return Lib.Use({|BND2003:child|});
                }
            }
            """),
        ("borrowed child escapes its parent", """
            sealed class Cache
            {
                private H? last;
                public H Keep()
                {
                    using var parent = Lib.New();
                    var child = Lib.Child(parent);
                    last = {|BND2003:child|};
                    return {|BND2003:child|};
                }
            }
            """),
        ("try without finally", """
            static class P { static long F() { var {|BND2001:h = Lib.New()|}; try { return Lib.Use(h); } catch (Exception) { return -1; } } }
            """),
    ];
}
