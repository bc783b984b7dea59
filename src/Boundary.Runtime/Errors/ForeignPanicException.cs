using System;

namespace Boundary;

/// <summary>A Rust panic caught at the boundary, or a Go panic recovered at the boundary.</summary>
public sealed class ForeignPanicException : ForeignException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol that panicked.</param>
    /// <param name="nativeCode">The raw code the native side reported the panic with.</param>
    /// <param name="panicMessage">The panic payload as text, if the native helper captured it.</param>
    /// <param name="backtrace">The native backtrace, if the native helper captured it.</param>
    public ForeignPanicException(string library, string function, int nativeCode, string? panicMessage, string? backtrace = null)
        : base(library, function, nativeCode, panicMessage, FormatMessage(library, function, panicMessage))
    {
        Backtrace = backtrace;
    }

    /// <summary>The native backtrace, or <see langword="null"/>.</summary>
    public string? Backtrace { get; }

    /// <summary>How the native helpers start a panic's message: <c>"panic: &lt;payload&gt;"</c>.</summary>
    internal const string PanicPrefix = "panic: ";

    private static string FormatMessage(string library, string function, string? panicMessage)
    {
        string? payload = panicMessage is not null && panicMessage.StartsWith(PanicPrefix, StringComparison.Ordinal)
            ? panicMessage.Substring(PanicPrefix.Length)
            : panicMessage;
        return payload is null ? $"{library}!{function} panicked." : $"{library}!{function} panicked: {payload}";
    }
}
