using System;

namespace Boundary;

/// <summary>
/// A native error with a code from the boundary's <c>[ForeignErrors]</c> enum. Catch it with a filter on
/// <see cref="Code"/>, or catch <see cref="ForeignException"/> for every native failure.
/// </summary>
/// <typeparam name="TError">The <c>[ForeignErrors]</c> enum.</typeparam>
public sealed class ForeignException<TError> : ForeignException
    where TError : struct, Enum
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol that failed.</param>
    /// <param name="code">The native code as the enum (possibly a value the enum does not define).</param>
    /// <param name="nativeCode">The raw native code.</param>
    /// <param name="isDefined">Whether <paramref name="code"/> is a member of <typeparamref name="TError"/>.</param>
    /// <param name="nativeMessage">The native message, or null (none, or redacted).</param>
    public ForeignException(string library, string function, TError code, int nativeCode, bool isDefined, string? nativeMessage)
        : base(library, function, nativeCode, nativeMessage, FormatMessage(library, function, code, nativeCode, isDefined, nativeMessage))
    {
        Code = code;
        IsDefinedCode = isDefined;
    }

    /// <summary>The native code as the <c>[ForeignErrors]</c> enum.</summary>
    public TError Code { get; }

    /// <summary>False when the library returned a code the enum does not define (still an error, never success).</summary>
    public bool IsDefinedCode { get; }

    private static string FormatMessage(string library, string function, TError code, int nativeCode, bool isDefined, string? nativeMessage)
    {
        string what = isDefined ? $"{code} ({nativeCode})" : $"unknown {typeof(TError).Name} code {nativeCode}";
        return nativeMessage is null
            ? $"{library}!{function} failed: {what}."
            : $"{library}!{function} failed: {what}: {nativeMessage}";
    }
}
