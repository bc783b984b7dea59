using Boundary.Analyzers.Analyzers.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.HandleDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1004 (no release function), BND1006 (handle shape), BND1007 (library unknown).</summary>
public class HandleDeclarationTests
{
    private const string Boundary = """

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial Counter CounterNew();
        }
        """;

    [Fact]
    public Task Reports_a_handle_without_release_and_fixes_it_with_the_conventional_name()
        => CodeFixVerifier<HandleDeclarationAnalyzer, Boundary.CodeFixes.Declarations.HandleReleaseFixer>.VerifyAsync(
            """
            [ForeignHandle]
            public sealed partial class {|BND1004:Counter|};
            """ + Boundary,
            """
            [ForeignHandle(Release = "counter_free")]
            public sealed partial class Counter;
            """ + Boundary);

    [Fact]
    public Task Uses_the_declared_library_prefix_in_the_suggested_release_name()
        => CodeFixVerifier<HandleDeclarationAnalyzer, Boundary.CodeFixes.Declarations.HandleReleaseFixer>.VerifyAsync(
            """
            [ForeignHandle(Library = "geo")]
            public sealed partial class {|BND1004:GeoIndex|};
            """,
            """
            [ForeignHandle(Library = "geo", Release = "geo_geo_index_free")]
            public sealed partial class GeoIndex;
            """);

    [Fact]
    public Task Reports_a_handle_that_is_not_sealed_and_fixes_it()
        => CodeFixVerifier<HandleDeclarationAnalyzer, Boundary.CodeFixes.Declarations.HandleTypeShapeFixer>.VerifyAsync(
            """
            [ForeignHandle(Release = "lib_counter_free")]
            public partial class {|BND1006:Counter|};
            """ + Boundary,
            """
            [ForeignHandle(Release = "lib_counter_free")]
            public sealed partial class Counter;
            """ + Boundary);

    [Fact]
    public Task Reports_a_handle_with_its_own_base_type() => Verify.VerifyAsync(
        """
        public class Base { }

        [ForeignHandle(Release = "lib_counter_free")]
        public sealed partial class {|BND1006:Counter|} : Base;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial Counter CounterNew();
        }
        """);

    [Fact]
    public Task Reports_a_handle_no_boundary_uses() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_orphan_free")]
        public sealed partial class {|BND1007:Orphan|};
        """);

    [Fact]
    public Task Reports_a_handle_used_by_two_libraries() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "counter_free")]
        public sealed partial class {|BND1007:Counter|};

        [ForeignBoundary("a")]
        internal static partial class A { public static partial Counter New(); }

        [ForeignBoundary("b")]
        internal static partial class B { public static partial void Use(Counter c); }
        """);

    [Fact]
    public Task Accepts_handles_with_an_inferred_or_explicit_library() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_counter_free")]
        public sealed partial class Counter;

        [ForeignHandle(Release = "other_thing_free", Library = "other", Language = ForeignLanguage.Go)]
        public sealed partial class Thing;

        public static partial class Outer
        {
            [ForeignHandle(Release = "lib_nested_free")]
            internal sealed partial class Nested;
        }

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial Counter CounterNew();
            public static partial void UseNested(Outer.Nested n);
        }
        """);
}
