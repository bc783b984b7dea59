using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.CodeFixes.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer,
    Boundary.CodeFixes.Declarations.BoundaryClassShapeFixer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1001: a boundary class must be a non-generic static partial class inside partial types.</summary>
public class BoundaryClassShapeTests
{
    [Fact]
    public Task Reports_a_class_that_is_not_static_and_fixes_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal partial class {|BND1001:Lib|}
        {
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
        }
        """);

    [Fact]
    public Task Reports_a_class_that_is_not_partial_and_fixes_it() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static class {|BND1001:Lib|}
        {
        }
        """,
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
        }
        """);

    [Fact]
    public Task Reports_a_non_partial_container_and_makes_it_partial() => Verify.VerifyAsync(
        """
        internal class Outer
        {
            [ForeignBoundary("lib")]
            internal static partial class {|BND1001:Lib|}
            {
            }
        }
        """,
        """
        internal partial class Outer
        {
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
            }
        }
        """);

    [Fact]
    public Task Reports_a_generic_class_without_a_fix() => AnalyzerVerifier<BoundaryDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class {|BND1001:Lib|}<T>
        {
        }
        """);

    [Fact]
    public Task Accepts_valid_boundary_classes_including_nested_ones_and_ignores_other_classes() => AnalyzerVerifier<BoundaryDeclarationAnalyzer>.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial int AddI32(int a, int b);
        }

        internal static partial class Outer
        {
            [ForeignBoundary("other", Language = ForeignLanguage.Go)]
            private static partial class Inner
            {
                internal static partial void Noop();
            }
        }

        internal class NotABoundary
        {
        }
        """);
}
