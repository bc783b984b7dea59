using Boundary.Analyzers.Analyzers.Runtime;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fix = BoundaryAnalyzers.Tests.Infrastructure.CodeFixVerifier<Boundary.Analyzers.Analyzers.Runtime.BlockingCallInAsyncAnalyzer, Boundary.CodeFixes.Runtime.AwaitAsyncVersionFixer>;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Runtime.BlockingCallInAsyncAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND5003: a synchronous boundary call in an async function whose boundary declares an async version, and the fix that awaits it.</summary>
public class BlockingCallInAsyncTests
{
    /// <summary>Async versions (Build, Describe, Flush, Open, Lookup, Either) and look-alikes that are not (the rest).</summary>
    private const string Geo = """
        [ForeignHandle(Release = "geo_index_free")]
        public sealed partial class GeoIndex;

        [ForeignBoundary("geo", Cancel = "geo_cancel")]
        internal static partial class Geo
        {
            public static partial int Build(int size);
            public static partial Task<int> BuildAsync(int size);

            public static partial string Describe(int id);
            public static partial Task<string> DescribeAsync(int id, System.Threading.CancellationToken cancellationToken);

            public static partial void Flush();
            public static partial ValueTask FlushAsync();

            public static partial GeoIndex Open(string path);
            public static partial ValueTask<GeoIndex> OpenAsync(string path, System.Threading.CancellationToken token);

            public static partial long Lookup(GeoIndex index, string key, int flags = 0);
            public static partial Task<long> LookupAsync(GeoIndex index, string key, int flags = 0, System.Threading.CancellationToken cancellationToken = default);

            public static partial int Either(int x);
            public static partial Task<int> EitherAsync(int x);
            public static partial Task<int> EitherAsync(int x, System.Threading.CancellationToken cancellationToken);

            public static partial long Count(int size);
            public static partial Task<int> CountAsync(int size);                 // another result type

            public static partial int Scale(int x);
            public static partial Task<int> ScaleAsync(long x);                   // another parameter type

            public static partial int Mix(int a, long b);
            public static partial Task<int> MixAsync(long b, int a);              // another order

            public static partial void Reset();
            public static partial Task ResetAsync(int hard);                      // a parameter that is no token

            public static partial void Drop([Consumed] GeoIndex index);
            public static partial Task DropAsync(GeoIndex index);                 // another ownership

            public static partial int Size();
            public static partial int SizeAsync();                                // no task

            public static partial int Pick(int x);
            private static partial Task<int> PickAsync(int x);                    // not visible to callers
        }

        [ForeignBoundary("other")]
        internal static partial class Other
        {
            public static partial int Build(int size);                            // Geo.BuildAsync is not its version
        }

        static class Plain
        {
            public static int Build(int size) => size;
            public static Task<int> BuildAsync(int size) => Task.FromResult(size);  // not a boundary
        }

        """;

    private const string Usings = "using System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    // ---------------------------------------------------------------- what it reports

    [Fact]
    public Task Reports_each_call_with_an_async_version_in_async_methods() => Verify.VerifyAsync(Usings + Geo + """
        static class P
        {
            static async Task<int> Method(int size)
            {
                int built = {|BND5003:Geo.Build(size)|};
                {|BND5003:Geo.Flush()|};
                string text = {|BND5003:Geo.Describe(built)|};
                using GeoIndex index = {|BND5003:Geo.Open(text)|};
                long found = {|BND5003:Geo.Lookup(index, "k")|};
                await Task.Yield();
                return built + (int)found + {|BND5003:Geo.Either(1)|} + {|BND5003:Geo.Describe(2)|}.Length;
            }

            static async void Handler() => {|BND5003:Geo.Flush()|};

            static async IAsyncEnumerable<int> Stream()
            {
                yield return {|BND5003:Geo.Build(1)|};
                await Task.Yield();
            }

            static async Task TryCatchFinally()
            {
                try { {|BND5003:Geo.Flush()|}; }
                catch (InvalidOperationException) { {|BND5003:Geo.Flush()|}; }
                finally { {|BND5003:Geo.Flush()|}; }
                await Task.Yield();
            }

            static async Task<int> FirstQueryCollection() => (from x in new[] { {|BND5003:Geo.Build(1)|} } select x).Sum();
        }
        """);

    [Fact]
    public Task Reports_in_async_lambdas_anonymous_methods_and_local_functions() => Verify.VerifyAsync(Usings + Geo + """
        static class P
        {
            static void Functions()
            {
                Func<Task<int>> lambda = async () => {|BND5003:Geo.Build(1)|};
                Func<int, Task> anonymous = async delegate (int x) { {|BND5003:Geo.Flush()|}; await Task.Yield(); };
                async Task Local() { {|BND5003:Geo.Flush()|}; await Task.Yield(); }
                _ = Local();
            }

            static async Task Nested()
            {
                Func<int> sync = () => Geo.Build(1);                    // synchronous: runs where its caller runs it
                Func<Task> inner = async () => { {|BND5003:Geo.Flush()|}; await Task.Yield(); };
                await inner();
                sync();
            }
        }
        """);

    [Fact]
    public Task Reports_unqualified_calls_through_using_static() => Verify.VerifyAsync("using static Geo;\n" + Usings + Geo + """
        static class P
        {
            static async Task<int> M() => {|BND5003:Build(1)|} + await BuildAsync(2);
        }
        """);

    [Fact]
    public async Task Message_names_both_functions_and_the_kind_of_function()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticsAsync(Usings + Geo + """
            static class P
            {
                static async Task M()
                {
                    Geo.Flush();
                    Func<Task<int>> lambda = async () => Geo.Build(1);
                    async Task<string> Local() => Geo.Describe(1);
                    await Local();
                }
            }
            """);

        diagnostics.Select(d => d.GetMessage()).Should().Equal(
            "'Geo.Flush' blocks this async method's thread while native code works; 'Geo.FlushAsync' completes without blocking: await it",
            "'Geo.Build' blocks this async lambda's thread while native code works; 'Geo.BuildAsync' completes without blocking: await it",
            "'Geo.Describe' blocks this async local function's thread while native code works; 'Geo.DescribeAsync' completes without blocking: await it");
        diagnostics.Should().OnlyContain(d => d.Severity == DiagnosticSeverity.Info);
    }

    [Fact]
    public async Task Reports_a_boundary_declared_in_a_referenced_assembly()
    {
        MetadataReference library = Reference("GeoLib", """
            using System.Threading.Tasks;

            namespace GeoLib;

            [ForeignBoundary("geo")]
            public static partial class Geo
            {
                public static partial int Build(int size);
                public static partial Task<int> BuildAsync(int size);
                public static partial int Hidden(int size);
                internal static partial Task<int> HiddenAsync(int size);
            }
            """);

        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticsAsync(library, """
            using System.Threading.Tasks;

            static class P
            {
                static async Task<int> M() => GeoLib.Geo.Build(1) + GeoLib.Geo.Hidden(2) + await GeoLib.Geo.BuildAsync(3);
            }
            """);

        diagnostics.Should().ContainSingle().Which.GetMessage().Should().StartWith("'Geo.Build' blocks this async method's thread");
    }

    // ---------------------------------------------------------------- what it must not report

    [Fact]
    public Task Accepts_calls_without_an_async_version_or_outside_async_code() => Verify.VerifyAsync(Usings + Geo + """
        static class Q
        {
            private static readonly object Gate = new();

            static int NotAsync(int size) => Geo.Build(size);
            static Task<int> ReturnsATaskButIsNotAsync(int size) => Task.FromResult(Geo.Build(size));

            static async Task<long> NoVersion(int size, GeoIndex index)
            {
                long n = Geo.Count(size);
                n += Geo.Scale(size);
                n += Geo.Mix(1, 2);
                Geo.Reset();
                n += Geo.Size();
                n += Geo.Pick(1);
                Geo.Drop(index);
                n += await Geo.BuildAsync(size);
                n += Other.Build(size);
                n += Plain.Build(size);
                string name = nameof(Geo.Build);
                return n + name.Length;
            }

            static async Task<int> WhereNoAwaitCanStand(int size)
            {
                Func<int> sync = () => Geo.Build(1);
                int Local() => Geo.Build(2);
                Task<int> run = Task.Run(() => Geo.Build(3));
                var query = from x in new[] { 1 } select Geo.Build(x);
                int locked;
                lock (Gate) { locked = Geo.Build(4); }
                try { await Task.Yield(); } catch (Exception) when (Geo.Build(5) > 0) { }
                return sync() + Local() + await run + query.Sum() + locked;
            }
        }

        unsafe static class U
        {
            static async Task InAnUnsafeType() => Geo.Flush();
        }
        """);

    // ---------------------------------------------------------------- the fix

    [Fact]
    public Task Fix_awaits_the_async_version() => Fix.VerifyAsync(Usings + Geo + """
        static class P
        {
            static async Task<int> M(int size)
            {
                int built = {|BND5003:Geo.Build(size)|};
                {|BND5003:Geo.Flush()|}; // flushed
                return built;
            }
        }
        """, Usings + Geo + """
        static class P
        {
            static async Task<int> M(int size)
            {
                int built = await Geo.BuildAsync(size);
                await Geo.FlushAsync(); // flushed
                return built;
            }
        }
        """);

    [Fact]
    public Task Fix_passes_the_token_in_scope_or_CancellationToken_None() => Fix.VerifyAsync(Usings + Geo + """
        static class P
        {
            static async Task<string> WithToken(int id, CancellationToken cancellationToken)
            {
                Func<Task<int>> inner = async () => {|BND5003:Geo.Either(id)|};
                return {|BND5003:Geo.Describe(id)|} + await inner();
            }

            static async Task<string> WithoutToken(int id) => {|BND5003:Geo.Describe(id)|} + {|BND5003:Geo.Either(id)|};

            static async Task<string> TwoTokens(int id, CancellationToken first, CancellationToken second) => {|BND5003:Geo.Describe(id)|};

            static async Task<GeoIndex> Lambda(CancellationToken outer)
            {
                Func<CancellationToken, Task<GeoIndex>> open = async token => {|BND5003:Geo.Open("a")|};
                Func<Task<GeoIndex>> captured = async () => {|BND5003:Geo.Open("b")|};
                Func<Task<GeoIndex>> isolated = static async () => {|BND5003:Geo.Open("c")|};
                return await open(outer);
            }
        }
        """, Usings + Geo + """
        static class P
        {
            static async Task<string> WithToken(int id, CancellationToken cancellationToken)
            {
                Func<Task<int>> inner = async () => await Geo.EitherAsync(id, cancellationToken);
                return await Geo.DescribeAsync(id, cancellationToken) + await inner();
            }

            static async Task<string> WithoutToken(int id) => await Geo.DescribeAsync(id, CancellationToken.None) + await Geo.EitherAsync(id);

            static async Task<string> TwoTokens(int id, CancellationToken first, CancellationToken second) => await Geo.DescribeAsync(id, CancellationToken.None);

            static async Task<GeoIndex> Lambda(CancellationToken outer)
            {
                Func<CancellationToken, Task<GeoIndex>> open = async token => await Geo.OpenAsync("a", CancellationToken.None);
                Func<Task<GeoIndex>> captured = async () => await Geo.OpenAsync("b", outer);
                Func<Task<GeoIndex>> isolated = static async () => await Geo.OpenAsync("c", CancellationToken.None);
                return await open(outer);
            }
        }
        """);

    [Fact]
    public Task Fix_qualifies_CancellationToken_None_without_a_using() => Fix.VerifyAsync("using System.Threading.Tasks;\n" + Geo + """
        static class P
        {
            static async Task<string> M(int id) => {|BND5003:Geo.Describe(id)|};
        }
        """, "using System.Threading.Tasks;\n" + Geo + """
        static class P
        {
            static async Task<string> M(int id) => await Geo.DescribeAsync(id, System.Threading.CancellationToken.None);
        }
        """);

    [Fact]
    public Task Fix_parenthesizes_an_await_used_as_a_primary_expression() => Fix.VerifyAsync(Usings + Geo + """
        static class P
        {
            static async Task<int> M(CancellationToken token)
            {
                int length = {|BND5003:Geo.Describe(1)|}.Length + ({|BND5003:Geo.Describe(2)|}).Length;
                char first = {|BND5003:Geo.Describe(3)|}[0];
                string? maybe = {|BND5003:Geo.Describe(4)|}?.Trim();
                int sum = -{|BND5003:Geo.Build(5)|} + {|BND5003:Geo.Build(6)|} * 2;
                return length + first + maybe!.Length + sum + {|BND5003:Geo.Describe(7)|}!.Length;
            }
        }
        """, Usings + Geo + """
        static class P
        {
            static async Task<int> M(CancellationToken token)
            {
                int length = (await Geo.DescribeAsync(1, token)).Length + (await Geo.DescribeAsync(2, token)).Length;
                char first = (await Geo.DescribeAsync(3, token))[0];
                string? maybe = (await Geo.DescribeAsync(4, token))?.Trim();
                int sum = -await Geo.BuildAsync(5) + await Geo.BuildAsync(6) * 2;
                return length + first + maybe!.Length + sum + (await Geo.DescribeAsync(7, token))!.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_names_the_token_after_named_or_omitted_arguments() => Fix.VerifyAsync(Usings + Geo + """
        static class P
        {
            static async Task<long> M(GeoIndex index, CancellationToken ct)
                => {|BND5003:Geo.Lookup(index, "a")|} + {|BND5003:Geo.Lookup(key: "b", index: index)|} + {|BND5003:Geo.Lookup(index, "c", 1)|};
        }
        """, Usings + Geo + """
        static class P
        {
            static async Task<long> M(GeoIndex index, CancellationToken ct)
                => await Geo.LookupAsync(index, "a", cancellationToken: ct) + await Geo.LookupAsync(key: "b", index: index, cancellationToken: ct) + await Geo.LookupAsync(index, "c", 1, ct);
        }
        """);

    [Fact]
    public Task Fix_rewrites_unqualified_and_nested_calls() => Fix.VerifyAsync("using static Geo;\n" + Usings + Geo + """
        static class P
        {
            static async Task<int> M() => {|BND5003:Build({|BND5003:Geo.Build(1)|})|};
        }
        """, "using static Geo;\n" + Usings + Geo + """
        static class P
        {
            static async Task<int> M() => await BuildAsync(await Geo.BuildAsync(1));
        }
        """);

    // ---------------------------------------------------------------- helpers

    private static Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string source) => DiagnosticsAsync(null, source);

    /// <summary>BND diagnostics of every severity (BND5003 is a suggestion), with no compiler error besides.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(MetadataReference? reference, string source)
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = TestCompilation.Create(TestSetup.Usings + source);
        if (reference is not null)
        {
            compilation = compilation.AddReferences(reference);
        }

        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        var all = await output.WithAnalyzers([new BlockingCallInAsyncAnalyzer()]).GetAllDiagnosticsAsync();
        all.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        return all.Where(d => d.Id.StartsWith("BND", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }

    /// <summary>A library compiled (with the generator) under <paramref name="name"/>, as a metadata reference.</summary>
    private static MetadataReference Reference(string name, string source)
    {
        Compilation compilation = TestCompilation.Run(TestSetup.Usings + source).Output.WithAssemblyName(name);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        result.Success.Should().BeTrue(string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
