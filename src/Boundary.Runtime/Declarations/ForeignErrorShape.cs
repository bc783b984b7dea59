namespace Boundary;

/// <summary>How a native function reports failure. Every shape turns a failure into a <see cref="ForeignException"/>.</summary>
public enum ForeignErrorShape
{
    /// <summary>The function cannot fail: its result is returned as is.</summary>
    None = 0,

    /// <summary>
    /// <c>int32_t f(args..., T* out)</c> (<c>int32_t f(args...)</c> for <c>void</c>): 0 is success and the result is
    /// written to <c>out</c>; any other value is the error code, and the boundary's
    /// <see cref="ForeignBoundaryAttribute.LastError"/> function gives the message. The Rust helper's <c>status</c>
    /// guard writes this shape.
    /// </summary>
    StatusCode = 1,

    /// <summary>
    /// A Go export returning <c>(T, *C.char)</c> (cgo: <c>struct { T r0; char* r1; }</c>), or just <c>*C.char</c> for
    /// <c>void</c>: a non-nil message is the error, an owned C string freed with the boundary's string-free function.
    /// There is no code: the exception is a plain <see cref="ForeignException"/>.
    /// </summary>
    GoError = 2,

    /// <summary>
    /// A Go export returning <c>(T, C.int32_t, *C.char)</c> (<c>(C.int32_t, *C.char)</c> for <c>void</c>): as
    /// <see cref="GoError"/>, with a code that maps to the boundary's <see cref="ForeignBoundaryAttribute.Errors"/> enum.
    /// </summary>
    GoErrorWithCode = 3,

    /// <summary>
    /// <c>T f(args..., boundary_error** err)</c> with <c>struct boundary_error { int32_t code; char* message; }</c>:
    /// native sets <c>*err</c> on failure; the record is released with the boundary's
    /// <see cref="ForeignBoundaryAttribute.ErrorFree"/> function.
    /// </summary>
    OutError = 4,

    /// <summary>
    /// <c>T* f(args...)</c>: the result itself signals failure, and the message is the calling thread's last error,
    /// read with the boundary's <see cref="ForeignBoundaryAttribute.LastError"/> function exactly as for
    /// <see cref="StatusCode"/>. A handle, pointer or <c>string</c> result fails when it is null; any other result
    /// (an integer, an enum, a <c>bool</c>) fails when it equals the function's
    /// <see cref="ForeignFunctionAttribute.ErrorSentinel"/>, which it must declare (<c>INT64_MIN</c>, <c>-1</c>,
    /// <c>false</c>). There is no code: the exception is a plain <see cref="ForeignException"/>. A result that is null
    /// on failure is never null on success, so such a function returns a non-nullable type (BND3006).
    /// </summary>
    /// <example><code>
    /// [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    /// public static partial Counter CounterNewChecked(long start);        // Counter* f(int64_t): NULL fails
    ///
    /// [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = long.MinValue)]
    /// public static partial long ParseI64(string text);                 // int64_t f(...): INT64_MIN fails
    /// </code></example>
    NullOrSentinel = 5,

    /// <summary>On <see cref="ForeignFunctionAttribute"/>: use the boundary's shape (the default).</summary>
    Inherit = -1,
}
