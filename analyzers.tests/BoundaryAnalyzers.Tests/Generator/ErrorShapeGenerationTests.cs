using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// What the generator writes for the error and release shapes of hand-written libraries: a null or sentinel result
/// read before anything takes ownership of it, a message lent by the handle argument and read while the call still
/// holds it, success codes other than 0 and a status returned as the result, a release that reports its status.
/// </summary>
public class ErrorShapeGenerationTests
{
    private const string Declarations = """
        using System;
        using Boundary;

        [ForeignHandle(Release = "lib_counter_free", ErrorMessage = "lib_counter_errmsg")]
        public sealed partial class Counter;

        [ForeignHandle(Release = "other_item_free", ErrorMessage = "other_item_errmsg", Library = "other")]
        public sealed partial class Item;

        [ForeignHandle(Release = "lib_plain_free")]
        public sealed partial class Plain;

        [ForeignHandle(Release = "lib_closable_close", ReleaseReturnsStatus = true)]
        public sealed partial class Closable;

        [ForeignErrors]
        public enum E { Ok = 0, Bad = 1, [ForeignPanic] Panic = 99, [ForeignSuccess] Row = 100, [ForeignSuccess] Done = 101 }

        public enum Mode { Off = 0, On = 1 }

        [ForeignBoundary("lib", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
        internal static partial class Lib
        {
            public static partial E Step(Counter c, long limit);
            public static partial void CheckedAdd(Counter c, long delta);
            public static partial long Get(Plain p, Counter c);
            public static partial void Take([Consumed] Counter taken, Item item);
            public static partial void Plain(Plain p);
            public static partial void OpenWith(long start, out Counter opened, Plain p);
            public static partial Mode ModeOf(Plain p);

            [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)]
            public static partial E GoStep(Counter c);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial Counter CounterNewChecked(long start);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = long.MinValue)]
            public static partial long ParseI64(string text);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = true)]
            public static partial bool Failed(Plain p);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial string Describe(Counter c);

            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
            public static partial Closable Open(int status);
        }

        [ForeignBoundary("quiet", ErrorShape = ForeignErrorShape.NullOrSentinel, LastError = "")]
        internal static partial class Quiet
        {
            [ForeignFunction(ErrorSentinel = -1)]
            public static partial int Find(int key);
        }
        """;

    private static readonly Lazy<GeneratorRun> Run = new(() => TestCompilation.Run(Declarations));

    private static string Stub(string name) => Run.Value.Stub("Lib.Boundary", name);

    private static string Boundary(string name) => Run.Value.Sources.Single(s => s.Key.EndsWith(name + ".Boundary.g.cs", StringComparison.Ordinal)).Value;

    [Fact]
    public void Everything_compiles_warning_free()
    {
        Run.Value.GeneratorDiagnostics.Should().BeEmpty();
        Run.Value.CompilationProblems.Should().BeEmpty();
    }

    [Fact]
    public void A_null_handle_throws_with_the_last_error_before_the_handle_is_filled()
    {
        string stub = Stub("CounterNewChecked");
        stub.Should().Contain("__retVal_native = __PInvoke(start);")
            .And.Contain("if (__retVal_native == 0)")
            .And.Contain("throw __BoundarySentinelError(\"lib_counter_new_checked\");");
        stub.IndexOf("__BoundarySentinelError", StringComparison.Ordinal).Should().BeLessThan(stub.IndexOf("InitHandle", StringComparison.Ordinal));
        Boundary("Lib").Should().Contain("return global::Boundary.Interop.ForeignErrors.Uncoded(\"lib\", function, text);")
            .And.Contain("if (message != null) __BoundaryStringFree(message);");
    }

    [Fact]
    public void Sentinels_compare_exactly_in_the_result_type()
    {
        Stub("ParseI64").Should().Contain("if (__retVal == unchecked((long)(-9223372036854775808L)))")
            .And.Contain("static extern long __PInvoke(");
        Stub("Failed").Should().Contain("if (__retVal_native != 0)", "a true sentinel fails on any non-zero byte");
        Stub("Describe").Should().Contain("if (__retVal_native == null)").And.Contain("throw __BoundaryBorrowedError(\"lib_describe\", 0, false, __");
        Boundary("Quiet").Should().Contain("if (__retVal == unchecked((int)(-1L)))")
            .And.Contain("return global::Boundary.Interop.ForeignErrors.Uncoded(\"quiet\", function, null);")
            .And.NotContain("__BoundaryLastError", "LastError = \"\": no message, no import");
    }

    [Fact]
    public void A_status_function_returning_its_error_enum_returns_the_success_status()
    {
        string step = Stub("Step");
        step.Should().Contain("int __status = __PInvoke(__c_native, limit);")
            .And.Contain("if (__status != 0 && __status != 100 && __status != 101)")
            .And.Contain("__retVal = (global::E)__status;")
            .And.Contain("static extern int __PInvoke(nint c, long limit);");
        Stub("CheckedAdd").Should().Contain("if (__status != 0 && __status != 100 && __status != 101)", "success codes are success for every status-code function");
        Stub("ModeOf").Should().Contain("global::Mode* __out", "only the error enum itself is the status");
        Stub("GoStep").Should().NotContain("__status", "success codes and returned statuses belong to the status-code shape");
    }

    [Fact]
    public void The_message_comes_from_the_first_borrowed_handle_that_lends_one_while_the_call_holds_it()
    {
        string step = Stub("Step");
        step.Should().Contain("throw __BoundaryBorrowedError(\"lib_step\", __status, true, __Boundary0_errmsg(__c_native));")
            .And.NotContain("__BoundaryStatusError");
        step.IndexOf("__Boundary0_errmsg(", StringComparison.Ordinal).Should().BeLessThan(step.IndexOf("finally", StringComparison.Ordinal),
            "the message is read before the handle is returned");
        Stub("Get").Should().Contain("_errmsg(__c_native)", "Plain lends no messages; Counter does");
        Stub("Take").Should().Contain("_errmsg(__item_native)", "a consumed handle cannot lend the message");
        Stub("Plain").Should().Contain("throw __BoundaryStatusError(\"lib_plain\", __status);");
        Stub("OpenWith").Should().Contain("throw __BoundaryStatusError(\"lib_open_with\", __status);", "a handle handed out through 'out' is not the object the call worked on");

        string lib = Boundary("Lib");
        lib.Should().Contain("[global::System.Runtime.InteropServices.DllImportAttribute(\"lib\", EntryPoint = \"lib_counter_errmsg\", ExactSpelling = true)]")
            .And.Contain("[global::System.Runtime.InteropServices.DllImportAttribute(\"other\", EntryPoint = \"other_item_errmsg\", ExactSpelling = true)]",
                "the message function lives in the handle's library")
            .And.Contain("string? text = global::Boundary.Interop.NativeStrings.Message(message);");
        lib.Substring(lib.IndexOf("__BoundaryBorrowedError(string", StringComparison.Ordinal)).Should().NotContain("__BoundaryStringFree(message)", "a lent message is never freed");
    }

    [Fact]
    public void A_release_that_returns_a_status_reports_it_and_others_stay_void()
    {
        string closable = Run.Value.Sources.Single(s => s.Key.EndsWith("Closable.Handle.g.cs", StringComparison.Ordinal)).Value;
        closable.Should().Contain("public Closable() : base(ownsHandle: true, threadSafe: true, releaseReturnsStatus: true)")
            .And.Contain("int __status = __PInvoke(handle);")
            .And.Contain("ReportReleaseFailure(\"lib\", \"lib_closable_close\", __status);")
            .And.Contain("static extern int __PInvoke(nint handle);");
        closable.IndexOf("BeginRelease", StringComparison.Ordinal).Should().BeLessThan(closable.IndexOf("__PInvoke(handle)", StringComparison.Ordinal),
            "a moved handle is never released");

        string plain = Run.Value.Sources.Single(s => s.Key.EndsWith("Plain.Handle.g.cs", StringComparison.Ordinal)).Value;
        plain.Should().Contain("static extern void __PInvoke(nint handle);").And.NotContain("releaseReturnsStatus").And.NotContain("ReportReleaseFailure");
    }
}
