namespace Boundary;

/// <summary>The language a native library behind a <see cref="ForeignBoundaryAttribute"/> is written in.</summary>
/// <remarks>The language decides the handle representation and the per-call guarantees the generated stubs make
/// (for Go: the per-thread alternate signal stack, see <see cref="Interop.GoThread"/>).</remarks>
public enum ForeignLanguage
{
    /// <summary>A Rust <c>cdylib</c>: handles are <c>Box::into_raw</c> pointers.</summary>
    Rust = 0,

    /// <summary>A Go <c>-buildmode=c-shared</c> library: handles are <c>runtime/cgo.Handle</c> values (0 is invalid).</summary>
    Go = 1,
}
