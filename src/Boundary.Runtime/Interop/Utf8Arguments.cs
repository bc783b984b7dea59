using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Boundary.Interop;

/// <summary>
/// Encodes <c>string</c> arguments for generated stubs: into the caller's stack buffer when they fit, otherwise into a
/// pooled array, so a call allocates nothing either way. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// A .NET string can hold unpaired UTF-16 surrogates, which have no UTF-8 form; each is encoded as U+FFFD, so native
/// code always receives valid UTF-8.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Utf8Arguments
{
    /// <summary>Bytes of stack a stub reserves per string argument; longer strings use the pool.</summary>
    public const int StackBufferBytes = 256;

    /// <summary>The buffer to encode <paramref name="value"/> into: <paramref name="stackBuffer"/> when it is large enough, else a rented array returned through <paramref name="rented"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Buffer(string value, Span<byte> stackBuffer, bool nulTerminated, out byte[]? rented)
    {
        // Worst case 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units), plus the terminator.
        int worstCase = (value.Length * 3) + 1;
        if (worstCase <= stackBuffer.Length)
        {
            rented = null;
            return stackBuffer;
        }

        int exact = Encoding.UTF8.GetByteCount(value) + (nulTerminated ? 1 : 0);
        rented = ArrayPool<byte>.Shared.Rent(exact);
        return rented;
    }

    /// <summary>Encodes a slice argument; returns the length in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeSlice(string value, Span<byte> buffer)
    {
        // The static transcoder skips Encoding's virtual dispatch and fallback machinery; the buffer always fits.
        Utf8.FromUtf16(value, buffer, out _, out int written, replaceInvalidSequences: true);
        return written;
    }

    /// <summary>Encodes a NUL-terminated argument, rejecting an embedded NUL, which would silently truncate it.</summary>
    public static void EncodeNulTerminated(string value, Span<byte> buffer, string parameterName)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException(
                $"The string contains U+0000 at index {value.IndexOf('\0')}, which a NUL-terminated native string cannot represent.",
                parameterName);
        }

        Utf8.FromUtf16(value, buffer, out _, out int length, replaceInvalidSequences: true);
        buffer[length] = 0;
    }

    /// <summary>Returns a rented buffer to the pool.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
