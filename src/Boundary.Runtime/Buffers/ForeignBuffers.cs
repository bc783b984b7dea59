using System;
using System.ComponentModel;
using Boundary.Interop;

namespace Boundary.Interop;

/// <summary>Checks and reads buffers that native code returns, for generated stubs. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class ForeignBuffers
{
    /// <summary>The element count of a returned buffer, or a contract violation when it cannot be a buffer.</summary>
    public static int CheckedLength<T>(ForeignBufferAbi buffer, string library, string function)
        where T : unmanaged
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        if (buffer.Pointer is null)
        {
            throw new ForeignContractException(library, function, $"returned a null buffer with length {buffer.Length}");
        }

        ulong maxElements = (ulong)Array.MaxLength;
        if ((ulong)buffer.Length > maxElements || (ulong)buffer.Length > (ulong)nint.MaxValue / (ulong)sizeof(T))
        {
            throw new ForeignContractException(library, function, $"returned a buffer with impossible length {buffer.Length}{AsSigned(buffer.Length)}");
        }

        return (int)buffer.Length;
    }

    /// <summary>
    /// The element count of a returned buffer with a capacity, or a contract violation when it cannot be a buffer:
    /// what <see cref="CheckedLength{T}(ForeignBufferAbi, string, string)"/> checks, and a capacity below the length.
    /// </summary>
    public static int CheckedLength<T>(ForeignCapacityBufferAbi buffer, string library, string function)
        where T : unmanaged
    {
        int length = CheckedLength<T>(new ForeignBufferAbi { Pointer = buffer.Pointer, Length = buffer.Length }, library, function);
        if (buffer.Capacity < buffer.Length)
        {
            throw new ForeignContractException(library, function, $"returned a buffer whose capacity {buffer.Capacity}{AsSigned(buffer.Capacity)} is below its length {buffer.Length}");
        }

        return length;
    }

    /// <summary>A managed copy of a returned buffer (the caller frees an owned buffer afterwards).</summary>
    public static T[] Copy<T>(ForeignBufferAbi buffer, string library, string function)
        where T : unmanaged
    {
        int length = CheckedLength<T>(buffer, library, function);
        return length == 0 ? Array.Empty<T>() : new ReadOnlySpan<T>(buffer.Pointer, length).ToArray();
    }

    /// <summary>A managed copy of a returned buffer with a capacity (the caller frees it afterwards).</summary>
    public static T[] Copy<T>(ForeignCapacityBufferAbi buffer, string library, string function)
        where T : unmanaged
    {
        int length = CheckedLength<T>(buffer, library, function);
        return length == 0 ? Array.Empty<T>() : new ReadOnlySpan<T>(buffer.Pointer, length).ToArray();
    }

    /// <summary>A view of a borrowed buffer, valid while its owner lives.</summary>
    public static Span<T> Borrow<T>(ForeignBufferAbi buffer, string library, string function)
        where T : unmanaged
    {
        int length = CheckedLength<T>(buffer, library, function);
        return length == 0 ? default : new Span<T>(buffer.Pointer, length);
    }

    /// <summary>A length above <c>nint.MaxValue</c> is most likely a negative signed length (an <c>int64_t</c> or, sign-extended, an <c>int32_t</c>).</summary>
    private static string AsSigned(nuint value) => (nint)value < 0 ? $" ({(nint)value} as a signed length)" : "";
}
