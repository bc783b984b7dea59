using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

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
    /// <summary>The string at <paramref name="value"/>; null for a null pointer when <paramref name="nullable"/>, else a contract violation.</summary>
    public static string? Read(byte* value, bool nullable, string library, string function)
    {
        if (value is null)
        {
            return nullable ? null : throw new ForeignContractException(library, function, "returned a null string where a 'string' was expected");
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value);

        // Validate first (vectorized), then decode with the shared UTF-8 encoding's fast path.
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : throw InvalidUtf8(bytes, library, function);
    }

    private static ForeignContractException InvalidUtf8(ReadOnlySpan<byte> bytes, string library, string function)
    {
        int offset = 0;
        while (offset < bytes.Length && Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return new ForeignContractException(library, function, $"returned a string that is not valid UTF-8 (byte 0x{bytes[offset]:x2} at offset {offset})");
    }

    /// <summary>An error message, decoded leniently; null for a null pointer.</summary>
    public static string? Message(byte* value)
        => value is null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
}
