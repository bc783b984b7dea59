using System;
using System.ComponentModel;
using System.Threading;
using Boundary.Interop;

namespace Boundary;

/// <summary>
/// An owned buffer of native memory returned by a boundary function: read and write it through <see cref="Span"/>,
/// then dispose it, which calls the library's buffer-free function exactly once (the finalizer does it if you forget).
/// A free function that takes the length (and capacity) back receives them, in elements, exactly as native code
/// handed them out (see <see cref="BufferFreeAttribute"/>).
/// </summary>
/// <typeparam name="T">An unmanaged element type with the same layout on both sides.</typeparam>
/// <remarks>
/// Disposing is thread-safe and idempotent. A <see cref="Span"/> taken before <see cref="Dispose"/> must not be used
/// after it (the memory is gone); asking for <see cref="Span"/> after it throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    // Exactly one of the two is set: the boundary's free function takes the pointer only, or also the length and capacity.
    private readonly delegate*<void*, void> free;
    private readonly delegate*<void*, nuint, nuint, void> freeSized;
    private readonly nuint capacity;
    private nint pointer;
    private int disposed;

    private NativeBuffer(void* pointer, int length, nuint capacity, delegate*<void*, void> free, delegate*<void*, nuint, nuint, void> freeSized)
    {
        this.pointer = (nint)pointer;
        Length = length;
        this.capacity = capacity;
        this.free = free;
        this.freeSized = freeSized;
        if (pointer is null)
        {
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Releases the native memory if the buffer was never disposed.</summary>
    ~NativeBuffer() => Release();

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Whether the buffer has no elements.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>The elements, in native memory (no copy).</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return new Span<T>((void*)pointer, Length);
        }
    }

    /// <summary>A managed copy of the elements.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public T[] ToArray() => Span.ToArray();

    /// <summary>Frees the native memory (once; later calls do nothing).</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Takes ownership of a returned buffer, after checking what native code returned (for generated stubs).</summary>
    /// <exception cref="ForeignContractException">A null pointer with a length, or a length that cannot be a buffer; the memory is freed first.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static NativeBuffer<T> Adopt(ForeignBufferAbi buffer, delegate*<void*, void> free, string library, string function)
    {
        int length;
        try
        {
            length = ForeignBuffers.CheckedLength<T>(buffer, library, function);
            return new NativeBuffer<T>(buffer.Pointer, length, 0, free, null);
        }
        catch when (buffer.Pointer is not null)
        {
            free(buffer.Pointer);
            throw;
        }
    }

    /// <summary>
    /// Takes ownership of a returned buffer whose free function takes the pointer and the length (for generated stubs).
    /// <paramref name="free"/> receives <c>(pointer, length, length)</c>, in elements, exactly as native code returned them.
    /// </summary>
    /// <exception cref="ForeignContractException">A null pointer with a length, or a length that cannot be a buffer; the memory is freed first.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static NativeBuffer<T> Adopt(ForeignBufferAbi buffer, delegate*<void*, nuint, nuint, void> free, string library, string function)
        => Adopt(new ForeignCapacityBufferAbi { Pointer = buffer.Pointer, Length = buffer.Length, Capacity = buffer.Length }, free, library, function);

    /// <summary>
    /// Takes ownership of a returned buffer whose free function takes the pointer, the length and the capacity (for
    /// generated stubs). <paramref name="free"/> receives them, in elements, exactly as native code returned them.
    /// </summary>
    /// <exception cref="ForeignContractException">A null pointer with a length, a length that cannot be a buffer, or a capacity below the length; the memory is freed first.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static NativeBuffer<T> Adopt(ForeignCapacityBufferAbi buffer, delegate*<void*, nuint, nuint, void> free, string library, string function)
    {
        int length;
        try
        {
            length = ForeignBuffers.CheckedLength<T>(buffer, library, function);
            return new NativeBuffer<T>(buffer.Pointer, length, buffer.Capacity, null, free);
        }
        catch when (buffer.Pointer is not null)
        {
            free(buffer.Pointer, buffer.Length, buffer.Capacity);
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"NativeBuffer<{typeof(T).Name}>[{Length}]{(IsDisposed ? " (disposed)" : "")}";

    private void Release()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        nint p = Interlocked.Exchange(ref pointer, 0);
        if (p == 0)
        {
            return;
        }

        if (freeSized != null)
        {
            freeSized((void*)p, (nuint)Length, capacity);
        }
        else
        {
            free((void*)p);
        }
    }
}
