using Boundary.Analyzers.Analyzers.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// BND2003 for raw pointers into returned native memory (issue 13, item 8): a pointer derived from an owned
/// <c>NativeBuffer</c> or handle — <c>fixed</c>, <c>Unsafe.AsPointer</c>, <c>&amp;span[i]</c>, <c>DangerousGetHandle()</c>,
/// casts and arithmetic — is a borrowed view of its owner: used after the owner is released, or escaping a method that
/// releases it, it is reported; used while the owner lives, compared, or leaving together with its owner, it is not.
/// </summary>
public class PointerViewTests
{
    private const string Usings = "using System.Runtime.CompilerServices;\n";

    [Fact]
    public async Task A_pointer_used_after_its_buffer_is_disposed_is_reported()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            static unsafe class P
            {
                static int AsPointer()
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(data.Span));
                    data.Dispose();
                    return *{|BND2003:p|};
                }

                static int ThroughAView()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    int* p = (int*)Unsafe.AsPointer(ref view[0]);
                    int* q = p + 1;
                    nint address = (nint)q;
                    data.Dispose();
                    return {|BND2003:q|}[0] + *(int*){|BND2003:address|};
                }

                static void Fixed()
                {
                    var data = Lib.Data();
                    fixed (int* p = data.Span)
                    {
                        data.Dispose();
                        {|BND2003:p|}[0] = 1;
                    }
                }

                static void FixedAddress()
                {
                    var data = Lib.Data();
                    fixed (int* p = &data.Span[0])
                    {
                        int* kept = p;
                        data.Dispose();
                        *{|BND2003:kept|} = 1;
                    }
                }

                static long Handle()
                {
                    var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    h.Dispose();
                    return (long){|BND2003:raw|};
                }

                static int FixedView()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    fixed (int* p = view)
                    {
                        int* q = (int*)Unsafe.AsPointer(ref view.GetPinnableReference());
                        IntPtr boxed = new IntPtr(q);
                        data.Dispose();
                        return *{|BND2003:p|} + *(int*){|BND2003:boxed|};
                    }
                }

                static void Walk(int n)
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref data.Span[0]);
                    while (n-- > 0) *p++ = 0;
                    p += 2;
                    data.Dispose();
                    *{|BND2003:p|} = 1;
                }

                static long Consumed()
                {
                    var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    Lib.Consume(h);
                    return {|BND2003:raw|}.ToInt64();
                }
            }
            """);
        diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First().GetMessage().Should().Be(
            "'p' points into native memory owned by 'data', which is disposed or moved on a path that reaches this use: use it before 'data' is released (a raw pointer does not keep its owner alive)");
    }

    [Fact]
    public async Task A_pointer_that_escapes_a_method_releasing_its_owner_is_reported()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect("""
            sealed unsafe class Cache
            {
                private int* last;

                public int* Keep()
                {
                    using var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref data.Span[0]);
                    last = {|BND2003:p|};
                    return {|BND2003:p|};
                }

                public nint Raw()
                {
                    using var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    return {|BND2003:raw|};
                }
            }
            """);
        diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First().GetMessage().Should().Be(
            "'p' points into native memory owned by 'data' but escapes (stored or returned) while this method releases 'data': it dangles once 'data' is released; keep the owner instead, or copy the data");
    }

    [Fact]
    public Task Pointers_used_while_their_owner_lives_compared_or_leaving_with_it_are_not_reported()
        => Expect("""
            sealed unsafe class Reader : IDisposable
            {
                private readonly NativeBuffer<int> buffer;
                private readonly int* start;

                public Reader()
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(data.Span));
                    buffer = data; // the owner leaves with the pointer
                    start = p;
                }

                public int First => *start;

                public void Dispose() => buffer.Dispose();
            }

            static unsafe class P
            {
                static int Sum()
                {
                    using var data = Lib.Data();
                    int total = 0;
                    fixed (int* p = data.Span)
                    {
                        for (int* q = p; q < p + data.Span.Length; q++) total += *q;
                    }

                    return total;
                }

                static bool Compare()
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref data.Span[0]);
                    data.Dispose();
                    return p != null;
                }

                static long Handle()
                {
                    using var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    return (long)raw;
                }

                static int Reassigned(int* other)
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref data.Span[0]);
                    int first = *p;
                    p = other; // no longer into 'data' on every path: not followed
                    data.Dispose();
                    return first + *p;
                }

                static int NotOwned(NativeBuffer<int> borrowed)
                {
                    int* p = (int*)Unsafe.AsPointer(ref borrowed.Span[0]);
                    borrowed.Dispose();
                    return *p; // the parameter's owner is the caller: nothing to follow here
                }
            }
            """);

    [Fact]
    public Task A_pointer_after_a_release_on_an_impossible_path_is_not_reported()
        => Expect("""
            static unsafe class P
            {
                static int F(bool early)
                {
                    var data = Lib.Data();
                    int* p = (int*)Unsafe.AsPointer(ref data.Span[0]);
                    if (early) data.Dispose();
                    int value = early ? 0 : *p;
                    if (!early) data.Dispose();
                    return value;
                }
            }
            """);

    [Fact]
    public async Task A_pointer_native_code_keeps_is_judged_by_its_owner_not_as_managed_memory()
    {
        IReadOnlyList<Diagnostic> diagnostics = await Expect(
            """
            sealed unsafe class Holder : IDisposable
            {
                private readonly NativeBuffer<int> data;

                public Holder()
                {
                    var d = Lib.Data();
                    Lib.KeepBytes((byte*)Unsafe.AsPointer(ref d.Span[0]), 4); // the owner is kept as long as the holder
                    data = d;
                }

                public void Dispose() { Lib.ClearRetained(); data.Dispose(); }
            }

            static unsafe class P
            {
                static void Inline()
                {
                    using var data = Lib.Data();
                    Lib.KeepBytes({|BND2003:(byte*)Unsafe.AsPointer(ref data.Span[0])|}, 4);
                }

                static void Fixed()
                {
                    var data = Lib.Data();
                    fixed (int* p = data.Span)
                    {
                        Lib.KeepBytes((byte*){|BND2003:p|}, 4);
                    }

                    data.Dispose();
                }

                static void Managed()
                {
                    int[] managed = new int[4];
                    Lib.KeepBytes({|BND2004:(byte*)Unsafe.AsPointer(ref managed[0])|}, 4);
                }
            }
            """,
            new OwnershipAnalyzer(),
            new RetainedArgumentAnalyzer());
        diagnostics.Single(d => d.GetMessage().StartsWith("'(byte*)", StringComparison.Ordinal)).GetMessage().Should().Be(
            "'(byte*)Unsafe.AsPointer(ref data.Span[0])' points into native memory owned by 'data', and 'KeepBytes' keeps it after it returns, but this method releases 'data': native code would read freed memory; keep 'data' alive (in an owner) until native code lets go, or hand native code its own copy");
    }

    public static TheoryData<string> BrokenInputs() => new()
    {
        "static unsafe class P { static int F() { var data = Lib.Data(); int* p = (int*)Unsafe.AsPointer(ref ); data.Dispose(); return *p; } }",
        "static unsafe class P { static void F() { var data = Lib.Data(); fixed (int* p = ) { data.Dispose(); p[0] = 1; } } }",
        "static unsafe class P { static void F() { var data = Lib.Data(); fixed (int* p = data.Missing) { data.Dispose(); p[0] = 1; } } }",
        "static unsafe class P { static long F() { var h = Lib.New(); nint raw = h.DangerousGetHandle(1); h.Dispose(); return raw; } }",
        "static unsafe class P { static void F() { var data = Lib.Data(); fixed (int* p = &data.Span[]) { int* q = p + ; data.Dispose(); *q = 1; } } }",
        "static unsafe class P { static void F() { var data = Lib.Data(); int* p = (int*)Unsafe.AsPointer(ref data.Span[0]); int** pp = &p; data.Dispose(); **pp = 1; } }",
        "static unsafe class P { static void F() { var data = Lib.Data(); var p = Unsafe.AsPointer(ref MemoryMarshal.GetReference(data)); data.Dispose(); } }",
        "static class P { static void F() { var data = Lib.Data(); int* p = (int*)Unsafe.AsPointer(ref data.Span[0]); data.Dispose(); p[0] = 1; } }",
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task Broken_code_near_pointers_never_makes_the_analyzer_throw(string code)
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(Usings + OwnershipCorpus.Declarations + code, new OwnershipAnalyzer());
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
    }

    private static async Task<IReadOnlyList<Diagnostic>> Expect(string marked, params Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer[] analyzers)
    {
        (string source, List<(string Id, int Start, int Length)> expected) = OwnershipCorpusTests.Parse(Usings + OwnershipCorpus.Declarations + marked);
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, analyzers.Length > 0 ? analyzers : [new OwnershipAnalyzer()]);
        diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).Should().BeEquivalentTo(
            expected, "exactly the marked spans must be reported:\n" + string.Join("\n", diagnostics));
        return diagnostics;
    }
}
