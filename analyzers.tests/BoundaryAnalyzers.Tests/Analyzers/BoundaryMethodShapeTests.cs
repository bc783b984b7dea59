using Boundary.Analyzers.Analyzers.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer,
    Boundary.CodeFixes.Declarations.BoundaryMethodShapeFixer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1002: a boundary function is a static partial method without a body.</summary>
public class BoundaryMethodShapeTests
{
    [Fact]
    public Task Reports_a_method_that_is_not_partial_and_fixes_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static int {|BND1002:{|CS0501:AddI32|}|}(int a, int b);
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int AddI32(int a, int b);
        }
        """);

    [Fact]
    public Task Reports_a_partial_method_with_a_body_and_removes_the_body() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int {|BND1002:{|CS0759:AddI32|}|}(int a, int b) => a + b;
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int AddI32(int a, int b);
        }
        """);

    [Fact]
    public Task Reports_a_ForeignFunction_with_a_body_and_fixes_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction("lib_add")]
            public static int {|BND1002:Add|}(int a, int b)
            {
                return a + b;
            }
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction("lib_add")]
            public static partial int Add(int a, int b);
        }
        """);

    [Fact]
    public Task Reports_a_hand_written_implementing_part_and_removes_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int {|BND1002:AddI32|}(int a, int b);

            public static partial int AddI32(int a, int b) => a + b;

            public static int Twice(int a) => AddI32(a, a);
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int AddI32(int a, int b);

            public static int Twice(int a) => AddI32(a, a);
        }
        """);

    [Fact]
    public Task Offers_no_fix_for_an_unusable_export_name() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction(" ")]
            public static partial int {|BND1002:Blank|}(int a, int b);
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction(" ")]
            public static partial int {|BND1002:Blank|}(int a, int b);
        }
        """);

    [Fact]
    public Task Reports_a_generic_function_without_a_fix() => AnalyzerVerifier<BoundaryDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void {|BND1002:{|CS8795:Echo|}|}<T>(T value);
        }
        """);

    [Fact]
    public Task Leaves_helper_methods_with_bodies_and_extern_methods_alone() => AnalyzerVerifier<BoundaryDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int AddI32(int a, int b);

            public static int Twice(int a) => AddI32(a, a);

            [DllImport("lib")]
            public static extern int lib_raw(int a);
        }
        """);
}
