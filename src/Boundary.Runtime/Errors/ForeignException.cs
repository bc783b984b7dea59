using System;

namespace Boundary;

/// <summary>The base of every exception that reports a failure on the native side of a boundary.</summary>
public class ForeignException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol that failed.</param>
    /// <param name="nativeCode">The raw native error code (0 when the native side has none).</param>
    /// <param name="nativeMessage">The message the native side gave, if any.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ForeignException(string library, string function, int nativeCode, string? nativeMessage, Exception? innerException = null)
        : base(FormatMessage(library, function, nativeCode, nativeMessage), innerException)
    {
        Library = library;
        Function = function;
        NativeCode = nativeCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>Creates the exception with a message of the caller's making.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol that failed.</param>
    /// <param name="nativeCode">The raw native error code (0 when the native side has none).</param>
    /// <param name="nativeMessage">The message the native side gave, if any.</param>
    /// <param name="message">The exception message.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    protected ForeignException(string library, string function, int nativeCode, string? nativeMessage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Library = library;
        Function = function;
        NativeCode = nativeCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>The library name of the boundary.</summary>
    public string Library { get; }

    /// <summary>The exported symbol that failed.</summary>
    public string Function { get; }

    /// <summary>The raw native error code (0 when the error shape has no code).</summary>
    public int NativeCode { get; }

    /// <summary>The message the native side gave, or <see langword="null"/>.</summary>
    public string? NativeMessage { get; }

    /// <summary>Creates a native error without a code (for example a Go <c>error</c>).</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol that failed.</param>
    /// <param name="nativeMessage">The message the native side gave, if any.</param>
    public ForeignException(string library, string function, string? nativeMessage)
        : base(nativeMessage is null ? $"{library}!{function} failed." : $"{library}!{function} failed: {nativeMessage}")
    {
        Library = library;
        Function = function;
        NativeMessage = nativeMessage;
    }

    private static string FormatMessage(string library, string function, int nativeCode, string? nativeMessage)
        => nativeMessage is null
            ? $"{library}!{function} failed with code {nativeCode}."
            : $"{library}!{function} failed with code {nativeCode}: {nativeMessage}";
}
