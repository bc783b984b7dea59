using System;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The codes of docs/design/native-test-abi.md, "Errors", with the per-handle exports' own: <c>Overflow = 4</c>,
/// <c>BadLimit = 5</c>, and the success codes <c>Row = 100</c> and <c>Done = 101</c> (like <c>SQLITE_ROW</c> and
/// <c>SQLITE_DONE</c>).
/// </summary>
[ForeignErrors]
public enum StepCode
{
    Ok = 0,
    NotFound = 1,
    [ThrowsAs(typeof(ArgumentException))] InvalidArgument = 2,
    Io = 3,
    Overflow = 4,
    BadLimit = 5,
    [ForeignPanic] Panic = 99,
    [ForeignSuccess] Row = 100,
    [ForeignSuccess] Done = 101,
}

/// <summary>
/// The test library's Counter as a handle that lends the message of its last failure (like <c>sqlite3_errmsg(db)</c>):
/// the same native object as <see cref="Counter"/>, released by the same function.
/// </summary>
[ForeignHandle(Release = Target.Prefix + "counter_free", ErrorMessage = Target.Prefix + "counter_errmsg")]
public sealed partial class ReportingCounter;

/// <summary>A handle whose release returns a status, like <c>sqlite3_finalize</c> (docs/design/native-test-abi.md, "Closable").</summary>
[ForeignHandle(Release = Target.Prefix + "closable_close", ReleaseReturnsStatus = true)]
public sealed partial class Closable;

/// <summary>
/// The ABI shapes hand-written libraries use around errors and release: a null or sentinel result with the thread's
/// last error ("Shape 4"), a message read from the handle argument and success codes other than 0 ("Messages read from
/// the handle"), and a release that returns a status ("Closable").
/// </summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(StepCode), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class ErrorShapes
{
    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static partial ReportingCounter CounterNewChecked(long start);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = long.MinValue)]
    public static partial long ParseI64(string text);

    public static partial void CounterCheckedAdd(ReportingCounter c, long delta);

    /// <summary>Row or Done; every other status throws.</summary>
    public static partial StepCode CounterStep(ReportingCounter c, long limit);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial Closable ClosableNew(int closeStatus);

    /// <summary>An explicit close that takes the handle: the status is the result, the handle is never released by .NET.</summary>
    [ForeignFunction(Target.Prefix + "closable_close", ErrorShape = ForeignErrorShape.None)]
    public static partial int ClosableClose([Consumed] Closable c);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial long LiveClosables();

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial long BadCloses();

    [ForeignFunction(Target.Prefix + "counter_new", ErrorShape = ForeignErrorShape.None)]
    public static partial ReportingCounter CounterNew(long start);

    [ForeignFunction(Target.Prefix + "counter_get", ErrorShape = ForeignErrorShape.None)]
    public static partial long CounterGet(ReportingCounter c);

    /// <summary>The Counter's message as the library lends it (for the tests; the stubs call it themselves).</summary>
    [ForeignFunction(Target.Prefix + "counter_errmsg", ErrorShape = ForeignErrorShape.None)]
    [return: Borrowed]
    public static partial string CounterErrmsg(ReportingCounter c);

    /// <summary><c>P_parse_i64</c> without a check: fails and leaves the message in the thread's last error.</summary>
    [ForeignFunction(Target.Prefix + "parse_i64", ErrorShape = ForeignErrorShape.None)]
    public static partial long ParseI64Unchecked(string text);

    /// <summary>Takes (and clears) the thread's last error, as the stubs of the last-error shapes do.</summary>
    [ForeignFunction(Target.Prefix + "last_error", ErrorShape = ForeignErrorShape.None)]
    public static partial string? TakeLastError();
}
