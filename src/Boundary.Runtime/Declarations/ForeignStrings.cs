namespace Boundary;

/// <summary>How <c>string</c> parameters of a boundary reach native code. Both are UTF-8.</summary>
public enum ForeignStrings
{
    /// <summary>
    /// Two arguments, a pointer and a length in bytes (<c>*const u8, usize</c> in Rust; <c>*C.char, C.size_t</c> in Go),
    /// not NUL-terminated. The default: Rust's <c>&amp;str</c> and Go's strings are slices.
    /// </summary>
    Utf8Slice = 0,

    /// <summary>
    /// One argument, a pointer to NUL-terminated UTF-8 (<c>*const c_char</c>; <c>*C.char</c>). A string that contains
    /// U+0000 cannot be represented and throws <see cref="System.ArgumentException"/> naming the parameter.
    /// </summary>
    NulTerminated = 1,
}
