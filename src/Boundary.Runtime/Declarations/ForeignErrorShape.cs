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

    /// <summary>On <see cref="ForeignFunctionAttribute"/>: use the boundary's shape (the default).</summary>
    Inherit = -1,
}
