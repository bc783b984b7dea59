using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.CodeFixes.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1015: the six length types, on a boundary or on a parameter that passes a length; nothing else.</summary>
public class LengthTypeTests
{
    [Theory]
    [InlineData("int")]
    [InlineData("uint")]
    [InlineData("long")]
    [InlineData("ulong")]
    [InlineData("nint")]
    [InlineData("nuint")]
    [InlineData("IntPtr")]
    [InlineData("System.UInt64")]
    public Task Accepts_each_length_type_on_the_boundary_and_on_every_parameter_with_a_length(string type) => Verify.VerifyAsync(
        $$"""
        [ForeignBoundary("a", LengthType = typeof({{type}}))]
        internal static unsafe partial class A
        {
            public static partial long Sum(ReadOnlySpan<long> values, [LengthType(typeof({{type}}))] Span<byte> scratch);
            public static partial int Len([LengthType(typeof({{type}}))] string text, string? other);
            public static partial void Read([LengthType(typeof({{type}}))] out NativeBuffer<byte> data, [LengthType(typeof({{type}}))] out int[] copy);
            public static partial void View([Borrowed] [LengthType(typeof({{type}}))] out ReadOnlySpan<int> items);
        }
        """);

    [Fact]
    public Task Reports_a_type_that_is_not_a_length_type() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a", {|BND1015:LengthType = typeof(short)|})]
        internal static unsafe partial class A
        {
            public static partial long Sum([LengthType({|BND1015:typeof(byte)|})] ReadOnlySpan<long> values);
            public static partial long Len([LengthType({|BND1015:typeof(string)|})] string text);
        }

        [ForeignBoundary("b", {|BND1015:LengthType = typeof(double)|})]
        internal static partial class B
        {
        }
        """);

    [Fact]
    public Task Reports_LengthType_on_parameters_that_pass_no_length() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            public static partial int Scale([{|BND1015:LengthType(typeof(int))|}] int x);
            public static partial void Name([{|BND1015:LengthType(typeof(int))|}] out string name);
            public static partial void Raw([{|BND1015:LengthType(typeof(int))|}] byte* data, nuint length);
            public static partial NativeBuffer<byte> Bytes(uint n);
            [BufferFree] private static partial void Free(byte* ptr, [{|BND1015:LengthType(typeof(int))|}] nuint len);
        }

        [ForeignBoundary("b", Strings = ForeignStrings.NulTerminated)]
        internal static partial class B
        {
            public static partial int Len([{|BND1015:LengthType(typeof(int))|}] string text);
        }
        """);

    [Fact]
    public void An_invalid_boundary_length_type_makes_functions_that_pass_a_length_throw_instead_of_passing_size_t()
    {
        GeneratorRun run = TestCompilation.Run("""
            using System;
            using Boundary;
            [ForeignBoundary("a", LengthType = typeof(short))]
            internal static unsafe partial class A
            {
                public static partial long Sum(ReadOnlySpan<long> values);
                public static partial long Own([LengthType(typeof(int))] ReadOnlySpan<long> values);
                public static partial int Plain(int x);
                public static partial NativeBuffer<byte> Bytes();
                [BufferFree] private static partial void Free(byte* ptr, short len);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        string[] lines = run.Sources.Single(s => s.Key.Contains("A.Boundary")).Value.Split('\n');
        lines.Single(l => l.Contains(" Sum(")).Should().Contain("=> throw new global::System.NotSupportedException(\"LengthType 'short' of boundary 'A' is not a length type");
        lines.Single(l => l.Contains(" Free(")).Should().Contain("=> throw new global::System.NotSupportedException(");
        lines.Single(l => l.Contains(" Bytes(")).Should().Contain("=> throw new global::System.NotSupportedException(");
        run.Stub("A.Boundary", "Own").Should().Contain("__PInvoke", "its own length type is valid");
        run.Stub("A.Boundary", "Plain").Should().Contain("__PInvoke");
    }

    [Fact]
    public Task An_invalid_boundary_length_type_is_reported_once_not_again_on_the_free_function() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a", {|BND1015:LengthType = typeof(short)|})]
        internal static unsafe partial class A
        {
            public static partial NativeBuffer<byte> Bytes();
            [BufferFree] private static partial void Free(byte* ptr, short len);
        }
        """);

    [Fact]
    public async Task The_message_lists_the_choices()
        => await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("a", {|#0:LengthType = typeof(short)|})]
            internal static partial class A
            {
            }
            """,
            "BND1015",
            "LengthType 'short' of boundary 'A' is not a length type: use 'int', 'uint', 'long', 'ulong', 'nint' or 'nuint' (the default, size_t)");

    [Fact]
    public async Task A_NUL_terminated_string_has_no_length()
        => await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("a", Strings = ForeignStrings.NulTerminated)]
            internal static partial class A
            {
                public static partial int Len([{|#0:LengthType(typeof(int))|}] string text);
            }
            """,
            "BND1015",
            "[LengthType] on 'text' has no effect: the boundary's strings are NUL-terminated");

    [Fact]
    public Task Fix_removes_LengthType_where_no_length_crosses_with_Fix_All()
        => CodeFixVerifier<BoundaryDeclarationAnalyzer, LengthTypeFixer>.VerifyAsync(
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                public static partial int Scale([{|BND1015:LengthType(typeof(int))|}] int x, [LengthType(typeof(int))] ReadOnlySpan<byte> data);
                public static partial void Name([Borrowed, {|BND1015:LengthType(typeof(long))|}] out string name);
            }
            """,
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                public static partial int Scale(int x, [LengthType(typeof(int))] ReadOnlySpan<byte> data);
                public static partial void Name([Borrowed] out string name);
            }
            """);
}
