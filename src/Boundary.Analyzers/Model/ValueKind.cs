namespace Boundary.Analyzers.Model;

/// <summary>How a C# type crosses the boundary. Decided once by <see cref="TypeMapping"/> for the generator and the analyzers alike.</summary>
internal enum ValueKind
{
    /// <summary>A <c>void</c> return.</summary>
    Void,

    /// <summary>Same bits on both sides: primitives, <c>nint</c>/<c>nuint</c>, enums, blittable structs, pointers.</summary>
    Blittable,

    /// <summary><c>bool</c>: one byte holding 0 or 1, never the 4-byte Win32 BOOL.</summary>
    Bool,

    /// <summary>
    /// <c>string</c>: parameters are UTF-8 as a pointer and length or NUL-terminated (the boundary decides); returns are
    /// NUL-terminated UTF-8, owned (freed with the boundary's string-free function) or borrowed (copied only).
    /// </summary>
    String,

    /// <summary><c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> of a blittable T: parameters are pinned <c>(T*, nuint)</c>; a <c>[return: Borrowed]</c> return is a view of native memory.</summary>
    Span,

    /// <summary><c>NativeBuffer&lt;T&gt;</c> return: an owned <c>{ptr, len}</c> buffer released once by the boundary's buffer-free function.</summary>
    Buffer,

    /// <summary><c>T[]</c> return: a <c>{ptr, len}</c> buffer copied into a managed array (then freed unless borrowed).</summary>
    Array,

    /// <summary>A <c>[ForeignHandle]</c> type: a pointer-sized native handle wrapped in a SafeHandle.</summary>
    Handle,

    /// <summary>Cannot cross; the mapping says why and what to use instead.</summary>
    Unsupported,
}
