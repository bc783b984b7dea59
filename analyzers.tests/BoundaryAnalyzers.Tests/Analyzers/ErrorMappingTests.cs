using Boundary.Analyzers.Analyzers.Errors;
using BoundaryAnalyzers.Tests.Infrastructure;
using Declarations = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;
using Enums = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Errors.ErrorEnumAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND3001–BND3005: error shapes and [ForeignErrors] enums.</summary>
public class ErrorMappingTests
{
    private const string GoodEnum = """
        [ForeignErrors]
        public enum E
        {
            Ok = 0,
            [ThrowsAs(typeof(System.Collections.Generic.KeyNotFoundException))] NotFound = 1,
            [ThrowsAs(typeof(ArgumentException))] Invalid = 2,
            [ForeignPanic] Panic = 99,
        }
        """;

    [Fact]
    public Task BND3001_reports_a_coded_shape_without_an_enum_on_the_boundary_and_on_a_function() => Declarations.VerifyAsync(
        """
        [{|BND3001:ForeignBoundary("lib", ErrorShape = ForeignErrorShape.StatusCode)|}]
        internal static partial class A
        {
            public static partial int F();
        }

        [ForeignBoundary("lib")]
        internal static partial class B
        {
            [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)]
            public static partial int {|BND3001:G|}();

            [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)]
            public static partial int {|BND3001:H|}();
        }
        """);

    [Fact]
    public Task BND3001_is_silent_with_an_enum_without_errors_or_for_uncoded_Go_errors() => Declarations.VerifyAsync(
        GoodEnum + """

        [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static partial class A
        {
            public static partial int F();
            [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)] public static partial int G();
        }

        [ForeignBoundary("go", Language = ForeignLanguage.Go)]
        internal static partial class B
        {
            public static partial int Plain();
            [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)] public static partial int Uncoded();
        }
        """);

    [Fact]
    public Task BND3002_reports_an_enum_without_a_zero_member() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum {|BND3002:E|} { NotFound = 1, Invalid = 2 }
        """);

    [Fact]
    public Task BND3002_and_BND3003_are_silent_for_a_good_enum_and_for_enums_without_the_attribute() => Enums.VerifyAsync(
        GoodEnum + """

        public enum Plain { A = 1, B = 1 }
        """);

    [Fact]
    public Task BND3003_reports_every_member_that_reuses_a_code() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum E { Ok = 0, NotFound = 1, {|BND3003:Missing|} = 1, Invalid = 2, {|BND3003:Bad|} = 2 }
        """);

    [Fact]
    public Task BND3004_reports_an_Errors_type_that_is_not_a_ForeignErrors_enum() => Declarations.VerifyAsync(
        """
        public enum NotMarked { Ok = 0 }
        public class NotAnEnum { }
        [ForeignErrors] public enum TooWide : long { Ok = 0 }

        [ForeignBoundary("a", Errors = {|BND3004:typeof(NotMarked)|})]
        internal static partial class A { }

        [ForeignBoundary("b", Errors = {|BND3004:typeof(NotAnEnum)|})]
        internal static partial class B { }

        [ForeignBoundary("c", Errors = {|BND3004:typeof(TooWide)|})]
        internal static partial class C { }
        """);

    [Fact]
    public Task BND3005_reports_ThrowsAs_types_the_generated_code_cannot_create() => Enums.VerifyAsync(
        """
        public sealed class NoCtor : Exception { public NoCtor(string m) : base(m) { } }
        public abstract class Abstract : Exception { protected Abstract(string m, Exception i) : base(m, i) { } }

        [ForeignErrors]
        public enum E
        {
            Ok = 0,
            [{|BND3005:ThrowsAs(typeof(string))|}] A = 1,
            [{|BND3005:ThrowsAs(typeof(NoCtor))|}] B = 2,
            [{|BND3005:ThrowsAs(typeof(Abstract))|}] C = 3,
            [ThrowsAs(typeof(InvalidOperationException))] D = 4,
        }
        """);

    [Fact]
    public async Task BND3005_message_says_what_is_missing()
        => await MessageVerifier.VerifyAsync<ErrorEnumAnalyzer>(
            """
            public sealed class NoCtor : Exception { public NoCtor(string m) : base(m) { } }
            [ForeignErrors] public enum E { Ok = 0, [{|#0:ThrowsAs(typeof(NoCtor))|}] A = 1 }
            """,
            "BND3005",
            "has no public constructor '(string message, Exception innerException)'");

    [Fact]
    public void The_generator_maps_ThrowsAs_members_and_panics()
    {
        GeneratorRun run = TestCompilation.Run(TestSetup.Usings + GoodEnum + """

            [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
            internal static partial class Lib
            {
                public static partial int F();
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        string source = run.Sources.Single(s => s.Key.Contains("Lib")).Value;
        source.Should().Contain("return new global::System.Collections.Generic.KeyNotFoundException(inner.Message, inner);")
            .And.Contain("return new global::System.ArgumentException(inner.Message, inner);")
            .And.Contain("case 99:")
            .And.Contain("ForeignErrors.Panic(");
    }

    [Fact]
    public void Go_result_structs_compile_for_entry_points_that_are_not_identifiers()
    {
        GeneratorRun run = TestCompilation.Run(TestSetup.Usings + GoodEnum + """

            [ForeignBoundary("go", Language = ForeignLanguage.Go, Errors = typeof(E), ErrorShape = ForeignErrorShape.GoErrorWithCode)]
            internal static partial class Go
            {
                [ForeignFunction("go-div.v2@1")] public static partial int Div(int a, int b);
                [ForeignFunction("go-div.v2@1")] public static partial int Div(long a, long b);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
    }
}
