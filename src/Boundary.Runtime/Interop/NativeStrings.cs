using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Boundary.Interop;

/// <summary>Reads strings that native code returns (NUL-terminated UTF-8) for generated stubs. Not meant to be called by hand.</summary>
/// <remarks>
/// Returned strings must be valid UTF-8: anything else is a broken contract and throws
/// <see cref="ForeignContractException"/> (an owned string is still freed). Error messages are decoded leniently
/// instead (invalid bytes become U+FFFD), so a bad message never hides the error it describes.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class NativeStrings
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string at <paramref name="value"/>; null for a null pointer when <paramref name="nullable"/>, else a contract violation.</summary>
    public static string? Read(byte* value, bool nullable, string library, string function)
    {
        if (value is null)
        {
            return nullable ? null : throw new ForeignContractException(library, function, "returned a null string where a 'string' was expected");
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value);
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ForeignContractException(library, function, $"returned a string that is not valid UTF-8 (byte 0x{bytes[e.Index < 0 ? 0 : e.Index]:x2} at offset {e.Index})");
        }
    }

    /// <summary>An error message, decoded leniently; null for a null pointer.</summary>
    public static string? Message(byte* value)
        => value is null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
}
