using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.CodeFixes.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1012: a [BufferFree] method is the free function every stub calls, so it must be callable as declared and fit every buffer it frees.</summary>
public class BufferFreeTests
{
    [Fact]
    public Task Accepts_each_arity_with_typed_or_void_pointers_and_the_boundary_length_type() => Verify.VerifyAsync(
        """
        [StructLayout(LayoutKind.Sequential)]
        public struct P { public double X, Y; }

        [ForeignErrors] public enum E { Ok = 0, Bad = 1 }

        [ForeignBoundary("a", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static unsafe partial class A
        {
            public static partial NativeBuffer<byte> Bytes(uint n);
            public static partial void Out(uint n, out NativeBuffer<byte> data, out byte[] copy);
            [return: Borrowed] public static partial ReadOnlySpan<int> Static();
            [return: Borrowed] public static partial long[] StaticCopy();
            public static partial void View([Borrowed] out ReadOnlySpan<P> points);
            [BufferFree] private static partial void BytesFree(byte* ptr);
        }

        [ForeignBoundary("b")]
        internal static unsafe partial class B
        {
            public static partial NativeBuffer<P> Points(int n);
            public static partial P[] Copy(int n);
            [BufferFree] [ForeignFunction("b_points_free")] internal static partial void Free(P* ptr, nuint len);
        }

        [ForeignBoundary("c", Language = ForeignLanguage.Go, LengthType = typeof(long))]
        internal static unsafe partial class C
        {
            public static partial NativeBuffer<uint> Words(int n);
            public static partial void Bytes(int n, out NativeBuffer<byte> data);
            [BufferFree] [ForeignFunction(ErrorShape = ForeignErrorShape.None)] private static partial void Free(void* ptr, long len, long cap);
        }

        [ForeignBoundary("d", LengthType = typeof(int))]
        internal static unsafe partial class D
        {
            [BufferFree] public static partial void Free(void* ptr, int len, int cap);
        }

        [ForeignBoundary("e")]
        internal static unsafe partial class NoFreeFunction
        {
            public static partial NativeBuffer<byte> Bytes(uint n);
            public static partial byte[] Copy(uint n);
        }
        """);

    [Fact]
    public Task Reports_a_free_function_the_stubs_cannot_call_as_declared() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            [BufferFree] private static partial {|BND1012:int|} Free(byte* ptr, nuint len);
        }

        [ForeignBoundary("b")]
        internal static unsafe partial class B
        {
            [BufferFree] private static partial void {|BND1012:Free|}();
        }

        [ForeignBoundary("c")]
        internal static unsafe partial class C
        {
            [BufferFree] private static partial void {|BND1012:Free|}(byte* ptr, nuint len, nuint cap, nuint extra);
        }

        [ForeignBoundary("d")]
        internal static unsafe partial class D
        {
            [BufferFree] private static partial void Free({|BND1012:nint|} ptr, nuint len);
        }

        [ForeignBoundary("e")]
        internal static unsafe partial class E
        {
            [BufferFree] private static partial void Free(void* ptr, {|BND1012:int|} len, {|BND1012:ulong|} cap);
        }

        [ForeignBoundary("f", LengthType = typeof(long))]
        internal static unsafe partial class F
        {
            [BufferFree] private static partial void Free(void* ptr, {|BND1012:nuint|} len);
        }

        [ForeignBoundary("g")]
        internal static unsafe partial class G
        {
            [BufferFree] private static partial void Free(void* ptr, ref {|BND1012:nuint|} len);
        }
        """);

    [Fact]
    public Task Reports_an_error_shape_a_second_free_function_and_a_free_function_named_twice() => Verify.VerifyAsync(
        """
        [ForeignErrors] public enum Err { Ok = 0 }

        [ForeignBoundary("a", Errors = typeof(Err), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static unsafe partial class A
        {
            public static partial NativeBuffer<byte> Bytes(uint n);
            [BufferFree] [{|BND1012:ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)|}] private static partial void Free(byte* ptr);
        }

        [ForeignBoundary("b")]
        internal static unsafe partial class B
        {
            [BufferFree] private static partial void Free(byte* ptr, nuint len);
            [BufferFree] private static partial void {|BND1012:FreeAgain|}(byte* ptr, nuint len);
        }

        [ForeignBoundary("c", {|BND1012:BufferFree = "c_free"|})]
        internal static unsafe partial class C
        {
            public static partial NativeBuffer<byte> Bytes(uint n);
            [BufferFree] private static partial void Free(byte* ptr, nuint len);
        }
        """);

    [Fact]
    public Task Reports_owned_buffers_of_another_element_type_than_a_typed_free_function_frees_but_not_borrowed_ones() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            public static partial {|BND1012:NativeBuffer<uint>|} Words(uint n);
            public static partial void Read(uint n, out {|BND1012:NativeBuffer<int>|} data, out {|BND1012:long[]|} copy);
            public static partial {|BND1012:ushort[]|} Shorts(uint n);
            public static partial NativeBuffer<byte> Bytes(uint n);
            [return: Borrowed] public static partial uint[] StaticWords();
            [return: Borrowed] public static partial ReadOnlySpan<uint> View();
            public static partial void Peek([Borrowed] out ReadOnlySpan<int> items);
            public static partial long Sum(ReadOnlySpan<long> values);
            [BufferFree] private static partial void BytesFree(byte* ptr, nuint len);
        }
        """);

    [Fact]
    public Task A_BufferFree_method_with_a_body_is_BND1002() => Verify.VerifyAsync(
        """
        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            public static partial NativeBuffer<byte> Bytes(uint n);
            [BufferFree] private static void {|BND1002:Free|}(byte* ptr) { }
        }
        """);

    [Fact]
    public async Task The_length_message_names_the_boundary_type_and_the_LengthType_alternative()
        => await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                [BufferFree] private static partial void Free(byte* ptr, {|#0:long|} len);
            }
            """,
            "BND1012",
            "The length 'len' of buffer-free function 'Free' is 'long', but the boundary's lengths are 'nuint' (size_t): declare it 'nuint', or set LengthType = typeof(long) on [ForeignBoundary]");

    [Fact]
    public async Task The_element_message_says_what_the_free_function_frees()
        => await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                public static partial {|#0:NativeBuffer<uint>|} Words(uint n);
                [BufferFree] private static partial void BytesFree(byte* ptr, nuint len);
            }
            """,
            "BND1012",
            "'Words' hands out 'Boundary.NativeBuffer<uint>', but buffer-free function 'BytesFree' takes 'byte*': it frees 'byte' buffers, and would count this one's length in the wrong elements");

    [Fact]
    public void An_invalid_free_function_makes_every_function_handing_out_an_owned_buffer_throw_instead_of_calling_native_code()
    {
        GeneratorRun run = TestCompilation.Run("""
            using Boundary;
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                public static partial NativeBuffer<byte> Bytes(uint n);
                public static partial void Read(out byte[] data);
                [return: Borrowed] public static partial byte[] Static();
                public static partial int Plain(int x);
                [BufferFree] private static partial void Free(byte* ptr, int len);
            }
            """);

        run.CompilationProblems.Should().BeEmpty("the analyzer's BND1012 is the only error");
        string[] lines = run.Sources.Single(s => s.Key.Contains("A.Boundary")).Value.Split('\n');
        string Declaration(string name) => lines.Single(l => l.Contains($" {name}("));
        Declaration("Bytes").Should().Contain("=> throw new global::System.NotSupportedException(\"'Bytes' hands out a buffer, but its buffer-free function 'Free' is invalid: The length 'len'");
        Declaration("Read").Should().Contain("=> throw new global::System.NotSupportedException(");
        Declaration("Free").Should().Contain("=> throw new global::System.NotSupportedException(");
        run.Stub("A.Boundary", "Static").Should().Contain("__PInvoke", "a borrowed array is never freed");
        run.Stub("A.Boundary", "Plain").Should().Contain("__PInvoke");
        run.Sources.Single(s => s.Key.Contains("A.Boundary")).Value.Should().NotContain("__BoundaryBufferRelease");
    }

    [Fact]
    public Task Fix_declares_lengths_with_the_boundary_type_everywhere_with_Fix_All()
        => CodeFixVerifier<BoundaryDeclarationAnalyzer, BufferFreeFixer>.VerifyAsync(
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                [BufferFree] private static partial void Free(void* ptr, {|BND1012:int|} len, {|BND1012:ulong|} cap);
            }

            [ForeignBoundary("b", LengthType = typeof(long))]
            internal static unsafe partial class B
            {
                [BufferFree] private static partial void Free(byte* ptr, {|BND1012:System.UIntPtr|} len);
            }
            """,
            """
            [ForeignBoundary("a")]
            internal static unsafe partial class A
            {
                [BufferFree] private static partial void Free(void* ptr, nuint len, nuint cap);
            }

            [ForeignBoundary("b", LengthType = typeof(long))]
            internal static unsafe partial class B
            {
                [BufferFree] private static partial void Free(byte* ptr, long len);
            }
            """);

    [Fact]
    public Task Fix_makes_the_free_function_return_void_and_removes_the_BufferFree_name()
        => CodeFixVerifier<BoundaryDeclarationAnalyzer, BufferFreeFixer>.VerifyAsync(
            """
            [ForeignBoundary("a", EntryPointPrefix = "a_", {|BND1012:BufferFree = "a_free"|}, StringFree = "a_str_free")]
            internal static unsafe partial class A
            {
                public static partial NativeBuffer<byte> Bytes(uint n);
                [BufferFree] private static partial {|BND1012:int|} Free(byte* ptr, nuint len);
            }

            [ForeignBoundary("b", {|BND1012:BufferFree = "b_free"|})]
            internal static unsafe partial class B
            {
                [BufferFree] private static partial void Free(byte* ptr);
            }
            """,
            """
            [ForeignBoundary("a", EntryPointPrefix = "a_", StringFree = "a_str_free")]
            internal static unsafe partial class A
            {
                public static partial NativeBuffer<byte> Bytes(uint n);
                [BufferFree] private static partial void Free(byte* ptr, nuint len);
            }

            [ForeignBoundary("b")]
            internal static unsafe partial class B
            {
                [BufferFree] private static partial void Free(byte* ptr);
            }
            """);
}
