using Boundary.Analyzers.Analyzers.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1010 and the ownership of strings, spans, buffers and arrays that native code returns.</summary>
public class ReturnedMemoryTests
{
    [Fact]
    public Task BND1010_reports_spans_returned_without_declared_ownership() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial {|BND1010:ReadOnlySpan<int>|} Primes();
            public static partial {|BND1010:Span<byte>|} Scratch();
        }
        """);

    [Fact]
    public async Task BND1010_message_offers_the_three_ownerships()
        => await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial {|#0:ReadOnlySpan<double>|} Samples();
            }
            """,
            "BND1010",
            "add [return: Borrowed] if native code keeps owning it, return 'NativeBuffer<double>' to own and free it, or 'double[]' to copy it");

    [Fact]
    public Task Accepts_every_declared_ownership_of_returned_memory() => Verify.VerifyAsync(
        """
        [StructLayout(LayoutKind.Sequential)]
        public struct P { public double X, Y; }

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial string Describe();
            public static partial string? Find(string key);
            [return: Borrowed] public static partial string Version();
            [return: Borrowed] public static partial ReadOnlySpan<int> Primes();
            [return: Borrowed] public static partial Span<P> Points();
            public static partial NativeBuffer<ulong> Ids();
            public static partial P[] Copy();
            [return: Borrowed] public static partial int[] CopyStatic();
            public static partial long Sum(ReadOnlySpan<int> values, Span<P> output);
        }
        """);

    [Fact]
    public Task A_NativeBuffer_cannot_be_borrowed_and_spans_cannot_be_passed_by_reference() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [return: Borrowed] public static partial {|BND1008:NativeBuffer<int>|} Ids();
            public static partial void Fill(ref {|BND1003:Span<int>|} values);
        }
        """);

    [Fact]
    public async Task Returned_memory_needs_unsafe_code()
    {
        IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial string Describe();
                public static partial long Sum(ReadOnlySpan<int> values);
                public static partial int Plain(int x);
            }
            """,
            allowUnsafe: false,
            new BoundaryDeclarationAnalyzer());

        diagnostics.Select(d => d.Id).Should().Equal("BND1009", "BND1009");
        diagnostics.Select(d => d.GetMessage()).Should().Contain(m => m.Contains("'Describe' reads native memory it returns"))
            .And.Contain(m => m.Contains("'Sum' pins string or span arguments"));
    }
}
