using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// The longest string the inlined ASCII path narrows itself; longer ones go to the runtime's transcoder, whose wider
    /// vectors win once the call into it is paid for.
    /// </summary>
    private const int InlineAsciiChars = 64;

    /// <summary>
    /// The buffer to encode <paramref name="value"/> into: <paramref name="stackBuffer"/> (a local of the stub, left
    /// uninitialized) when it is large enough, else a rented array returned through <paramref name="rented"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Buffer(string value, [UnscopedRef] out StackBuffer stackBuffer, bool nulTerminated, out byte[]? rented)
    {
        Unsafe.SkipInit(out stackBuffer);

        // Worst case 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units), plus the terminator.
        int worstCase = (value.Length * 3) + 1;
        if (worstCase <= StackBufferBytes)
        {
            rented = null;
            return MemoryMarshal.CreateSpan(ref Unsafe.As<StackBuffer, byte>(ref stackBuffer), StackBufferBytes);
        }

        rented = Rent(value, nulTerminated);
        return rented;
    }

    /// <summary>Encodes a slice argument; returns the length in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EncodeSlice(string value, Span<byte> buffer)
    {
        int ascii = NarrowAscii(value, buffer, rejectNul: false);
        return ascii == value.Length ? ascii : EncodeSliceFrom(value, buffer, ascii);
    }

    /// <summary>Encodes a NUL-terminated argument, rejecting an embedded NUL, which would silently truncate it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EncodeNulTerminated(string value, Span<byte> buffer, string parameterName)
    {
        int ascii = NarrowAscii(value, buffer, rejectNul: true);
        int length = ascii == value.Length ? ascii : EncodeNulTerminatedFrom(value, buffer, ascii, parameterName);
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

    /// <summary>
    /// The common case, kept inline in the stub: a short string of ASCII (and, where <paramref name="rejectNul"/>, no
    /// U+0000) is one byte per char, so it is narrowed in place without the transcoder's call and dispatch. Returns how
    /// many leading chars it wrote as bytes — all of them, or fewer where it met a char it leaves to the transcoder
    /// (everything before that char is ASCII, so the transcoder can carry on from there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NarrowAscii(string value, Span<byte> buffer, bool rejectNul)
    {
        int n = value.Length;
        if (n > InlineAsciiChars || n > buffer.Length)
        {
            return 0;
        }

        ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        ref byte dst = ref MemoryMarshal.GetReference(buffer);

        if (n >= Vector128<ushort>.Count && Vector128.IsHardwareAccelerated)
        {
            // Eight chars at a time; the last block overlaps the one before it instead of a scalar tail.
            nuint last = (nuint)(n - Vector128<ushort>.Count);
            nuint i = 0;
            while (true)
            {
                Vector128<ushort> chars = Vector128.LoadUnsafe(ref src, i);
                if ((chars & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero
                    || (rejectNul && Vector128.EqualsAny(chars, Vector128<ushort>.Zero)))
                {
                    return (int)i;
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), Vector128.Narrow(chars, chars).AsUInt64().ToScalar());
                if (i == last)
                {
                    return n;
                }

                i = Math.Min(i + (nuint)Vector128<ushort>.Count, last);
            }
        }

        if (n >= 4 && BitConverter.IsLittleEndian)
        {
            // Four chars in a ulong, twice (overlapping for 5–7).
            ulong head = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref src));
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref src, n - 4)));
            if (((head | tail) & 0xFF80_FF80_FF80_FF80) != 0)
            {
                return 0;
            }

            // Every char is below 0x80 here, so subtracting 1 from each sets a char's top bit only where it was 0.
            if (rejectNul && (((head - 0x0001_0001_0001_0001) | (tail - 0x0001_0001_0001_0001)) & 0x8000_8000_8000_8000) != 0)
            {
                return 0;
            }

            Unsafe.WriteUnaligned(ref dst, Pack4(head));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, n - 4), Pack4(tail));
            return n;
        }

        for (int i = 0; i < n; i++)
        {
            uint c = Unsafe.Add(ref src, i);
            if (c > 0x7F || (rejectNul && c == 0))
            {
                return i;
            }

            Unsafe.Add(ref dst, i) = (byte)c;
        }

        return n;
    }

    /// <summary>Four ASCII chars (16 bits each, little-endian) as four bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Pack4(ulong chars)
    {
        ulong pairs = (chars | (chars >> 8)) & 0x0000_FFFF_0000_FFFF;
        return (uint)(pairs | (pairs >> 16));
    }

    /// <summary>The rest of a slice from char <paramref name="start"/> on (all before it is ASCII, one byte each).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EncodeSliceFrom(string value, Span<byte> buffer, int start)
    {
        // The static transcoder skips Encoding's virtual dispatch and fallback machinery; the buffer always fits.
        Utf8.FromUtf16(value.AsSpan(start), buffer.Slice(start), out _, out int written, replaceInvalidSequences: true);
        return start + written;
    }

    /// <summary>The rest of a NUL-terminated string from char <paramref name="start"/> on; returns the length without the terminator.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EncodeNulTerminatedFrom(string value, Span<byte> buffer, int start, string parameterName)
    {
        ReadOnlySpan<char> rest = value.AsSpan(start);
        if (rest.Contains('\0'))
        {
            throw EmbeddedNul(value, parameterName);
        }

        Utf8.FromUtf16(rest, buffer.Slice(start), out _, out int written, replaceInvalidSequences: true);
        return start + written;
    }

    private static ArgumentException EmbeddedNul(string value, string parameterName)
        => new($"The string contains U+0000 at index {value.IndexOf('\0')}, which a NUL-terminated native string cannot represent.", parameterName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] Rent(string value, bool nulTerminated)
        => ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(value) + (nulTerminated ? 1 : 0));

    /// <summary>
    /// <see cref="StackBufferBytes"/> bytes of a stub's own stack frame for one string argument.
    /// </summary>
    /// <remarks>
    /// A fixed-size local rather than <c>stackalloc</c>: the frame reserves it in the prologue, so a call has no
    /// dynamic stack allocation, stack probe or buffer-overrun cookie check. On the benchmark host native code also
    /// read freshly written bytes from it much faster than from a <c>stackalloc</c> block (a 12-char slice call,
    /// same encoder, interleaved A/B in one process: about 10 ns against 21 ns).
    /// </remarks>
    [InlineArray(StackBufferBytes)]
    public struct StackBuffer
    {
        private byte first;
    }
}
