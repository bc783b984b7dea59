using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1008: ownership attributes only where ownership exists.</summary>
public class OwnershipMisplacedTests
{
    [Fact]
    public Task Reports_ownership_attributes_on_plain_values() => Verify.VerifyAsync(
        """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void A([Consumed] {|BND1008:int|} value);
            public static partial void B([Borrowed] {|BND1008:long|} value);
            [return: Borrowed] public static partial {|BND1008:int|} C();
        }
        """);

    [Fact]
    public Task Reports_Retained_which_this_version_cannot_honour() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Keep([Retained] {|BND1008:H|} handle);
        }
        """);

    [Fact]
    public Task Accepts_ownership_attributes_on_handles() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial H New();
            public static partial void Use([Borrowed] H handle);
            public static partial void Free([Consumed] H handle);
            [return: Borrowed] public static partial H Shared();
        }
        """);
}
