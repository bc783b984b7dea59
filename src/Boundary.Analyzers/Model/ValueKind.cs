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

    /// <summary><c>string</c> parameters: UTF-8, as a pointer and length or NUL-terminated (the boundary decides).</summary>
    String,

    /// <summary>A <c>[ForeignHandle]</c> type: a pointer-sized native handle wrapped in a SafeHandle.</summary>
    Handle,

    /// <summary>Cannot cross; the mapping says why and what to use instead.</summary>
    Unsupported,
}
