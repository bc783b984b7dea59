using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.Analyzers.Analyzers.Errors;
using BoundaryAnalyzers.Tests.Infrastructure;
using Declarations = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;
using Enums = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Errors.ErrorEnumAnalyzer>;
using HandleRules = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.HandleDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>
/// The error and release shapes of hand-written libraries: BND3006 (a null-or-sentinel result that cannot signal
/// failure), BND3007 (a success code that is also a failure), BND3008 (a message that cannot be read from a consumed
/// handle), BND1013 (an unusable ErrorMessage function) — what each reports and what it must leave alone.
/// </summary>
public class ErrorShapeRuleTests
{
    private const string Handles = """
        [ForeignHandle(Release = "lib_counter_free", ErrorMessage = "lib_counter_errmsg")]
        public sealed partial class Counter;

        [ForeignHandle(Release = "lib_closable_close", ReleaseReturnsStatus = true)]
        public sealed partial class Closable;

        public enum Kind : byte { None = 0, Text = 1 }
        public enum Other { A = 0 }

        [ForeignErrors]
        public enum E { Ok = 0, Bad = 1, [ForeignSuccess] Row = 100, [ForeignSuccess] Done = 101 }

        """;

    [Fact]
    public Task BND3006_is_silent_for_results_that_signal_failure_as_declared() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib", ErrorShape = ForeignErrorShape.NullOrSentinel)]
        internal static unsafe partial class Lib
        {
            public static partial Counter CounterNewChecked(long start);
            [return: Borrowed] public static partial Counter Global();
            public static partial string Describe(Counter c);
            [return: Borrowed] public static partial string Version();
            public static partial byte* Data(Counter c);
            public static partial delegate* unmanaged<int, void> Callback();
            [ForeignFunction(ErrorSentinel = null)] public static partial void* Raw();
            [ForeignFunction(ErrorSentinel = long.MinValue)] public static partial long ParseI64(string text);
            [ForeignFunction(ErrorSentinel = -1)] public static partial long Find(string text);
            [ForeignFunction(ErrorSentinel = -1)] public static partial nint Index(int key);
            [ForeignFunction(ErrorSentinel = 255)] public static partial byte Level();
            [ForeignFunction(ErrorSentinel = uint.MaxValue)] public static partial uint Id();
            [ForeignFunction(ErrorSentinel = false)] public static partial bool Reset(Counter c);
            [ForeignFunction(ErrorSentinel = true)] public static partial bool Failed(Counter c);
            [ForeignFunction(ErrorSentinel = Kind.None)] public static partial Kind KindOf(Counter c);
            [ForeignFunction(ErrorSentinel = 0)] public static partial Kind KindOrZero(Counter c);
            [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial void Noop();
            [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial Counter? Maybe();
        }
        """);

    [Fact]
    public Task BND3006_reports_a_nullable_result_whose_null_is_the_failure() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial {|BND3006:Counter?|} CounterNewChecked(long start);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial {|BND3006:string?|} Describe(Counter c);
        }
        """);

    [Fact]
    public Task BND3006_reports_a_missing_misplaced_or_ill_typed_sentinel() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib", ErrorShape = ForeignErrorShape.NullOrSentinel)]
        internal static partial class Lib
        {
            public static partial long {|BND3006:ParseI64|}(string text);
            public static partial bool {|BND3006:Reset|}(Counter c);
            public static partial Kind {|BND3006:KindOf|}(Counter c);
            [ForeignFunction({|BND3006:ErrorSentinel = 300|})] public static partial byte Level();
            [ForeignFunction({|BND3006:ErrorSentinel = -1|})] public static partial uint Id();
            [ForeignFunction({|BND3006:ErrorSentinel = 1L << 40|})] public static partial int Narrow();
            [ForeignFunction({|BND3006:ErrorSentinel = Other.A|})] public static partial Kind WrongEnum(Counter c);
            [ForeignFunction({|BND3006:ErrorSentinel = Kind.None|})] public static partial int EnumForInt();
            [ForeignFunction({|BND3006:ErrorSentinel = 0|})] public static partial bool IntForBool();
            [ForeignFunction({|BND3006:ErrorSentinel = "none"|})] public static partial long Text();
            [ForeignFunction({|BND3006:ErrorSentinel = new[] { 1 }|})] public static partial long Array();
            [ForeignFunction({|BND3006:ErrorSentinel = new[] { false }|})] public static partial bool BoolArray();
            [ForeignFunction({|BND3006:ErrorSentinel = typeof(int)|})] public static partial int Type();
            [ForeignFunction({|BND3006:ErrorSentinel = 0|})] public static partial Counter HandleWithSentinel();
            [ForeignFunction({|BND3006:ErrorSentinel = 0|})] public static partial string StringWithSentinel();
        }
        """);

    [Fact]
    public Task BND3006_reports_results_that_cannot_carry_a_failure() => Declarations.VerifyAsync(
        Handles + """
        [StructLayout(LayoutKind.Sequential)] public struct Vec { public double X, Y; }

        [ForeignBoundary("lib", ErrorShape = ForeignErrorShape.NullOrSentinel)]
        internal static partial class Lib
        {
            public static partial void {|BND3006:Flush|}(Counter c);
            [ForeignFunction({|BND3006:ErrorSentinel = -1.0|})] public static partial double Ratio();
            public static partial Vec {|BND3006:Origin|}();
            public static partial NativeBuffer<int> {|BND3006:Range|}(int n);
            public static partial int[] {|BND3006:Copy|}(int n);
        }
        """);

    [Fact]
    public Task BND3006_reports_a_sentinel_on_another_shape() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static partial class Lib
        {
            [ForeignFunction({|BND3006:ErrorSentinel = -1|})] public static partial long Find(string text);
            [ForeignFunction(ErrorShape = ForeignErrorShape.None, {|BND3006:ErrorSentinel = 0|})] public static partial int Plain();
        }
        """);

    [Fact]
    public async Task BND3006_messages_say_what_to_change()
    {
        await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            Handles + """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
                public static partial {|#0:Counter?|} CounterNewChecked(long start);
            }
            """,
            "BND3006",
            "it never returns null, so return 'Counter'");
        await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
                public static partial long {|#0:ParseI64|}(string text);
            }
            """,
            "BND3006",
            "set [ForeignFunction(ErrorSentinel = long.MinValue)]");
        await MessageVerifier.VerifyAsync<BoundaryDeclarationAnalyzer>(
            """
            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, {|#0:ErrorSentinel = 300|})]
                public static partial byte Level();
            }
            """,
            "BND3006",
            "ErrorSentinel 300 of 'Level' is not a 'byte' value");
    }

    [Fact]
    public void BND3006_blocks_the_stub_with_a_throwing_body_and_no_compiler_errors()
    {
        GeneratorRun run = TestCompilation.Run(TestSetup.Usings + Handles + """
            [ForeignBoundary("lib", ErrorShape = ForeignErrorShape.NullOrSentinel)]
            internal static partial class Lib
            {
                public static partial Counter? Maybe(long start);
                public static partial long ParseI64(string text);
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
        string stubs = run.Sources.Single(s => s.Key.EndsWith("Lib.Boundary.g.cs", StringComparison.Ordinal)).Value;
        stubs.Should().Contain("ParseI64(string text) => throw new global::System.NotSupportedException(")
            .And.Contain("Maybe(long start) => throw new global::System.NotSupportedException(");
    }

    [Fact]
    public Task BND3007_reports_a_success_code_that_also_says_how_it_fails() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum E
        {
            Ok = 0,
            [{|BND3007:ForeignSuccess|}, ForeignPanic] Panic = 99,
            [{|BND3007:ForeignSuccess|}, ThrowsAs(typeof(InvalidOperationException))] Busy = 5,
        }
        """);

    [Fact]
    public Task BND3007_and_BND3002_are_silent_for_success_codes_beside_zero() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum E
        {
            [ForeignSuccess] Ok = 0,
            [ThrowsAs(typeof(InvalidOperationException))] Busy = 5,
            [ForeignPanic] Panic = 99,
            [ForeignSuccess] Row = 100,
            [ForeignSuccess] Done = 101,
        }
        """);

    [Fact]
    public Task BND3002_still_wants_zero_when_other_codes_mean_success() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum {|BND3002:E|} { [ForeignSuccess] Row = 100, Busy = 5 }
        """);

    [Fact]
    public Task BND3003_reports_a_success_code_that_reuses_a_failure_code() => Enums.VerifyAsync(
        """
        [ForeignErrors]
        public enum E { Ok = 0, Busy = 100, [ForeignSuccess] {|BND3003:Row|} = 100 }
        """);

    [Fact]
    public Task BND3008_reports_a_consumed_handle_that_would_have_lent_the_message() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static partial class Lib
        {
            public static partial void Finish([Consumed] Counter {|BND3008:c|});

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial Closable Convert([Consumed] Counter {|BND3008:c|});
        }
        """);

    [Fact]
    public Task BND3008_is_silent_when_a_borrowed_handle_lends_the_message_or_no_message_is_read() => Declarations.VerifyAsync(
        Handles + """
        [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static partial class Lib
        {
            public static partial void Merge(Counter into, [Consumed] Counter from);
            public static partial void CloseAll([Consumed] Closable c);
            [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial long IntoValue([Consumed] Counter c);
            [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)] public static partial void Drop([Consumed] Counter c);
            public static partial E Step(Counter c, long limit);
        }
        """);

    [Fact]
    public Task BND1013_reports_an_empty_or_releasing_ErrorMessage() => HandleRules.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_a_free", ErrorMessage = "")]
        public sealed partial class {|BND1013:A|};

        [ForeignHandle(Release = "lib_b_free", ErrorMessage = "lib_b_free")]
        public sealed partial class {|BND1013:B|};

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Use(A a, B b);
        }
        """);

    [Fact]
    public Task BND1013_is_silent_for_a_message_function_and_for_status_releases() => HandleRules.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_a_free", ErrorMessage = "lib_a_errmsg")]
        public sealed partial class A;

        [ForeignHandle(Release = "lib_b_close", ReleaseReturnsStatus = true, ErrorMessage = "lib_b_errmsg", ThreadSafe = false)]
        public sealed partial class B;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial void Use(A a, B b);
        }
        """);

    [Fact]
    public Task BND1014_sets_ReleaseReturnsStatus_when_an_explicit_close_returns_a_status()
        => CodeFixVerifier<HandleDeclarationAnalyzer, Boundary.CodeFixes.Declarations.HandleReleaseStatusFixer>.VerifyAsync(
            [TestSetup.Usings + """
            [ForeignHandle(Release = "lib_closable_close")]
            public sealed partial class {|BND1014:Closable|};

            [ForeignHandle(Release = "lib_stmt_finalize", ThreadSafe = false)]
            public sealed partial class {|BND1014:Statement|};

            [ForeignErrors] public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial Closable ClosableNew();
                [ForeignFunction("lib_closable_close")] public static partial int Close([Consumed] Closable c);
                [ForeignFunction("lib_stmt_finalize", ErrorShape = ForeignErrorShape.StatusCode)] public static partial void Finalize([Consumed] Statement s);
            }
            """],
            [TestSetup.Usings + """
            [ForeignHandle(Release = "lib_closable_close", ReleaseReturnsStatus = true)]
            public sealed partial class Closable;

            [ForeignHandle(Release = "lib_stmt_finalize", ThreadSafe = false, ReleaseReturnsStatus = true)]
            public sealed partial class Statement;

            [ForeignErrors] public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("lib")]
            internal static partial class Lib
            {
                public static partial Closable ClosableNew();
                [ForeignFunction("lib_closable_close")] public static partial int Close([Consumed] Closable c);
                [ForeignFunction("lib_stmt_finalize", ErrorShape = ForeignErrorShape.StatusCode)] public static partial void Finalize([Consumed] Statement s);
            }
            """],
            // Reported once the compilation is analyzed (it needs every boundary), like BND1007: not a local diagnostic.
            test => test.CodeFixTestBehaviors |= Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck);

    [Fact]
    public Task BND1014_reports_a_status_release_that_a_function_declares_void() => HandleRules.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_closable_close", ReleaseReturnsStatus = true)]
        public sealed partial class {|BND1014:Closable|};

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction("lib_closable_close")] public static partial void Close([Consumed] Closable c);
        }
        """);

    [Fact]
    public Task BND1014_is_silent_when_they_agree_or_the_function_is_not_the_release() => HandleRules.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_closable_close", ReleaseReturnsStatus = true)]
        public sealed partial class Closable;

        [ForeignHandle(Release = "lib_counter_free")]
        public sealed partial class Counter;

        [ForeignHandle(Release = "other_thing_free", Library = "other")]
        public sealed partial class Thing;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            [ForeignFunction("lib_closable_close")] public static partial int Close([Consumed] Closable c);
            [ForeignFunction("lib_counter_free")] public static partial void Free([Consumed] Counter c);
            public static partial long CounterGet(Counter c);
            [ForeignFunction("lib_counter_free")] public static partial int FreeWithFlags(Counter c, int flags);
            [ForeignFunction("other_thing_free")] public static partial int NotTheSameLibrary(Thing t);
        }

        [ForeignBoundary("other")]
        internal static partial class Other
        {
            public static partial Thing ThingNew();
        }
        """);

    [Fact]
    public async Task BND1013_message_names_the_release_function()
        => await MessageVerifier.VerifyAsync<HandleDeclarationAnalyzer>(
            """
            [ForeignHandle(Release = "lib_b_free", ErrorMessage = "lib_b_free")]
            public sealed partial class {|#0:B|};

            [ForeignBoundary("lib")]
            internal static partial class Lib { public static partial void Use(B b); }
            """,
            "BND1013",
            "ErrorMessage names the release function 'lib_b_free'");
}
