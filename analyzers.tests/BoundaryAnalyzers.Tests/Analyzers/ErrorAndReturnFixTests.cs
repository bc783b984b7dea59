using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.Analyzers.Analyzers.Errors;
using Boundary.CodeFixes.Declarations;
using Boundary.CodeFixes.Errors;
using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>Code fixes for BND1010, BND3002 and BND3004, including Fix All.</summary>
public class ErrorAndReturnFixTests
{
    [Fact]
    public Task BND1010_fix_adds_return_Borrowed_after_existing_attributes_and_before_bare_methods()
        => CodeFixVerifier<BoundaryDeclarationAnalyzer, ReturnBorrowedFixer>.VerifyAsync(
            """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                /// <summary>Static primes.</summary>
                public static partial {|BND1010:ReadOnlySpan<int>|} Primes();

                [ForeignFunction("lib_scratch")]
                public static partial {|BND1010:Span<byte>|} Scratch();
            }
            """,
            """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                /// <summary>Static primes.</summary>
                [return: Borrowed]
                public static partial ReadOnlySpan<int> Primes();

                [ForeignFunction("lib_scratch")]
                [return: Borrowed]
                public static partial Span<byte> Scratch();
            }
            """);

    [Fact]
    public Task BND3002_fix_adds_Ok_first_in_multi_line_and_single_line_enums()
        => CodeFixVerifier<ErrorEnumAnalyzer, ErrorsSuccessMemberFixer>.VerifyAsync(
            """
            [ForeignErrors]
            public enum {|BND3002:A|}
            {
                NotFound = 1,
                Invalid = 2,
            }

            [ForeignErrors]
            public enum {|BND3002:B|} { Ok = 5, Bad = 6 }
            """,
            """
            [ForeignErrors]
            public enum A
            {
                Ok = 0,
                NotFound = 1,
                Invalid = 2,
            }

            [ForeignErrors]
            public enum B { Success = 0, Ok = 5, Bad = 6 }
            """);

    [Fact]
    public Task BND3004_fix_marks_the_enum_ForeignErrors_once_for_every_boundary_naming_it()
        => CodeFixVerifier<BoundaryDeclarationAnalyzer, ErrorsAttributeFixer>.VerifyAsync(
            """
            public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("a", Errors = {|BND3004:typeof(E)|})]
            internal static partial class A { }

            [ForeignBoundary("b", Errors = {|BND3004:typeof(E)|})]
            internal static partial class B { }
            """,
            """
            [ForeignErrors]
            public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("a", Errors = typeof(E))]
            internal static partial class A { }

            [ForeignBoundary("b", Errors = typeof(E))]
            internal static partial class B { }
            """);
}
