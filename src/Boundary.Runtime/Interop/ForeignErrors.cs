using System;
using System.ComponentModel;

namespace Boundary.Interop;

/// <summary>Builds the exceptions generated stubs throw for native errors. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ForeignErrors
{
    /// <summary>A coded error mapped to the boundary's <c>[ForeignErrors]</c> enum.</summary>
    public static ForeignException Coded<TError>(string library, string function, TError code, int nativeCode, bool isDefined, string? message)
        where TError : struct, Enum
        => new ForeignException<TError>(library, function, code, nativeCode, isDefined, Redact(message));

    /// <summary>A coded error of a boundary that declares no <c>[ForeignErrors]</c> enum.</summary>
    public static ForeignException Raw(string library, string function, int code, string? message)
        => new(library, function, code, Redact(message));

    /// <summary>
    /// An error without a code (<see cref="ForeignErrorShape.GoError"/>). The Go helper reports a recovered panic as
    /// <c>"panic: &lt;value&gt;"</c>, so such a message is a <see cref="ForeignPanicException"/>.
    /// </summary>
    public static ForeignException Uncoded(string library, string function, string? message)
        => message is not null && message.StartsWith(ForeignPanicException.PanicPrefix, StringComparison.Ordinal)
            ? new ForeignPanicException(library, function, 0, Redact(message))
            : new ForeignException(library, function, Redact(message));

    /// <summary>A caught Rust panic or recovered Go panic reported with the enum's <c>[ForeignPanic]</c> code.</summary>
    public static ForeignException Panic(string library, string function, int code, string? message)
        => new ForeignPanicException(library, function, code, Redact(message));

    private static string? Redact(string? message) => ForeignErrorOptions.RedactNativeMessages ? null : message;
}
