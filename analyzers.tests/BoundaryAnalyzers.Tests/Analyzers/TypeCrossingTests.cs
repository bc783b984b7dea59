using Boundary.Analyzers.Analyzers.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1003 (a type that cannot cross) and BND1005 (a struct that is not blittable).</summary>
public class TypeCrossingTests
{
    [Theory]
    [InlineData("char", "use 'ushort' for a UTF-16 code unit or 'uint' for a Rust 'char'")]
    [InlineData("decimal", "use 'double'")]
    [InlineData("object", "declare a [ForeignHandle] type")]
    [InlineData("int[]", "declare 'ReadOnlySpan<int>'")]
    [InlineData("ReadOnlySpan<bool>", "use 'byte' elements")]
    [InlineData("Span<char>", "pass a 'string'")]
    [InlineData("NativeBuffer<int>", "pass its contents as 'ReadOnlySpan<int>'")]
    [InlineData("int?", "pass the value and a separate 'bool'")]
    [InlineData("(int, int)", "declare a [StructLayout(LayoutKind.Sequential)] struct")]
    [InlineData("Func<object>", "a callback returns nothing, a blittable value, bool or a string")]
    [InlineData("Action<object>", "of callback 'value'")]
    [InlineData("System.Threading.Tasks.Task<int>", "pass a delegate native code calls when it is done")]
    [InlineData("DateTime", "pass 'long' ticks")]
    [InlineData("SafeFileHandleLike", "declare a [ForeignHandle] type instead")]
    [InlineData("System.Collections.Generic.List<int>", "as a parameter: pass 'ReadOnlySpan<int>' (or 'Span<int>' if native code fills it)")]
    [InlineData("System.Collections.Generic.IEnumerable<long>", "pass 'ReadOnlySpan<long>'")]
    [InlineData("System.Collections.Generic.Dictionary<int, int>", "pass 'ReadOnlySpan<System.Collections.Generic.KeyValuePair<int, int>>'")]
    [InlineData("System.Threading.Tasks.ValueTask", "return a task from a boundary function whose native side completes through a callback")]
    public Task Reports_a_parameter_type_that_cannot_cross_and_names_the_alternative(string type, string alternative) => VerifyWithMessage(
        $$"""
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Take({|#0:{{type}}|} value);
        }

        internal sealed class SafeFileHandleLike : SafeHandle
        {
            public SafeFileHandleLike() : base(IntPtr.Zero, true) { }
            public override bool IsInvalid => handle == IntPtr.Zero;
            protected override bool ReleaseHandle() => true;
        }
        """,
        "BND1003",
        alternative);

    [Theory]
    [InlineData("System.Collections.Generic.List<int>", "as a result: return 'NativeBuffer<int>' for an array native code allocates")]
    [InlineData("System.Collections.Generic.IReadOnlyList<double>", "return 'NativeBuffer<double>'")]
    [InlineData("Func<int>", "cannot be handed out by native code: a delegate is a managed object")]
    [InlineData("Action", "or take the delegate as a parameter")]
    public Task Reports_a_result_type_that_cannot_cross_and_names_the_alternative(string type, string alternative) => VerifyWithMessage(
        $$"""
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial {|#0:{{type}}|} Give();
        }
        """,
        "BND1003",
        alternative);

    [Fact]
    public Task Reports_an_out_delegate_with_the_callback_alternative() => VerifyWithMessage(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Give(out {|#0:Action<int>|} callback);
        }
        """,
        "BND1003",
        "'System.Action<int>' cannot be handed out by native code");

    [Theory]
    [InlineData("long*[]", "its elements are pointers ('long*'), which cannot be a type argument: declare 'nint' elements and convert each")]
    [InlineData("delegate* unmanaged<int, void>[]", "its elements are pointers ('delegate* unmanaged<int, void>')")]
    public Task Reports_an_array_of_pointers_returned(string type, string message) => VerifyWithMessage(
        $$"""
        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial {|#0:{{type}}|} Many();
        }
        """,
        "BND1003",
        message);

    [Fact]
    public Task Reports_an_array_of_pointers_handed_out_through_out_and_writes_no_stub_for_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial void Many(out {|BND1003:void*[]|} items);
            public static partial void Fine(out nint[] items);
        }
        """);

    [Fact]
    public Task Reports_an_unsupported_return_type() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial {|BND1003:System.Collections.Generic.List<int>|} Describe();
            public static partial {|BND1003:NativeBuffer<bool>|} Flags();
            public static partial {|BND1003:int[,]|} Grid();
        }
        """);

    [Fact]
    public Task Reports_strings_passed_by_ref_or_in_but_not_out() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Read(out string text);
            public static partial void ReadBorrowed([Borrowed] out string? text);
            public static partial void Update(ref {|BND1003:string|} text);
            public static partial void Look(in {|BND1003:string|} text);
        }
        """);

    [Fact]
    public Task Reports_a_handle_passed_by_ref_or_in_but_not_out() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial H New();
            public static partial void Open(out H handle);
            public static partial void Peek([Borrowed] out H? handle);
            public static partial void Swap(ref {|BND1003:H|} handle);
            public static partial void Look(in {|BND1003:H|} handle);
        }
        """);

    [Fact]
    public Task Reports_a_non_blittable_struct_naming_the_field() => VerifyWithMessage(
        """
        public struct Flags
        {
            public int Count;
            public bool Enabled;
        }

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Set({|#0:Flags|} flags);
        }
        """,
        "BND1005",
        "field 'Enabled' is a 'bool', whose native size depends on the marshalling mode: use 'byte' (0 or 1)");

    [Fact]
    public Task Reports_auto_layout_and_nested_non_blittable_structs() => Verify.VerifyAsync(
        """
        [StructLayout(LayoutKind.Auto)]
        public struct Auto { public int A; }

        public struct Inner { public string Name; }
        public struct Outer { public Inner Inner; public int X; }

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void A({|BND1005:Auto|} a);
            public static partial {|BND1005:Outer|} B(ref {|BND1005:Outer|} o);
        }
        """);

    [Fact]
    public Task Accepts_every_supported_type_and_passing_mode() => Verify.VerifyAsync(
        """
        public enum Color : byte { Red, Green }

        [StructLayout(LayoutKind.Sequential)]
        public struct Point { public double X, Y; }

        [StructLayout(LayoutKind.Sequential)]
        public struct Line { public Point A, B; public Color C; public nint Tag; }

        [StructLayout(LayoutKind.Explicit)]
        public struct Union { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; }

        public unsafe struct Fixed { public fixed byte Bytes[16]; public int* Pointer; }

        public readonly record struct Pair(int A, long B);

        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial sbyte A(byte a, short b, ushort c, int d, uint e, long f, ulong g, nint h, nuint i, float j, double k);
            public static partial bool B(bool a, Color c, Point p, Line l, Union u, Fixed f, Pair pair);
            public static partial void C(out int a, ref long b, in Point c, out bool d, ref bool e, ref Line f);
            public static partial int* D(int* p, delegate* unmanaged<int, int> callback, void* raw);
            public static partial H E(H borrowed, [Consumed] H consumed, [Borrowed] H explicitlyBorrowed, H? maybe);
            [return: Borrowed] public static partial H F();
            public static partial H? G();
            public static partial void H();
            public static partial long I(string text, string? maybe);
        }
        """);

    private static Task VerifyWithMessage(string source, string id, string messagePart)
        => MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(source, id, messagePart);
}
