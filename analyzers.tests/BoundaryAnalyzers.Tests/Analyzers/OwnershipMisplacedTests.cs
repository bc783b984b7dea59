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
    public Task Reports_Retained_on_what_native_code_cannot_keep() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial void Name([Retained] {|BND1008:string|} name);
            public static partial void Data([Retained] {|BND1008:System.ReadOnlySpan<byte>|} data);
            public static partial void Count([Retained] {|BND1008:int|} count);
            public static partial void Slot([Retained] ref {|BND1008:long|} slot);
            public static partial void Both([Retained, Consumed] {|BND1008:H|} handle);
        }
        """);

    [Fact]
    public Task Accepts_Retained_on_handles_pointers_and_function_pointers() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial void Share([Retained] H handle);
            public static partial void Keep([Retained] byte* data, nuint length);
            public static partial void Context([Retained] nint userData);
            public static partial void OnEvent([Retained] delegate* unmanaged<nint, int, void> callback, [Retained] nint userData);
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
