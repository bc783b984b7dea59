using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Boundary.Interop;

/// <summary>
/// Turns what native code passes to a callback into its managed arguments, for generated trampolines. Bad native data
/// (a null pointer with a length, a length beyond a span's reach, invalid UTF-8, a null handle where one is required)
/// throws <see cref="ForeignContractException"/>, which the trampoline captures like any exception of the callback and
/// the stub rethrows after the native call. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class CallbackArguments
{
    /// <summary>A UTF-8 slice <c>(ptr, len)</c>; null pointer: null when <paramref name="nullable"/>, "" with length 0.</summary>
    public static string? Utf8(byte* value, nuint length, bool nullable, string library, string function)
    {
        if (value is null)
        {
            return length != 0 ? throw Broken(library, function, $"passed a callback a null string pointer with length {length}")
                : nullable ? null
                : string.Empty;
        }

        ReadOnlySpan<byte> bytes = new(value, Length(length, library, function));
        return Utf8Checked(bytes, library, function);
    }

    /// <summary>A NUL-terminated UTF-8 string; null pointer: null when <paramref name="nullable"/>, else a contract violation.</summary>
    public static string? Utf8(byte* value, bool nullable, string library, string function)
    {
        if (value is null)
        {
            return nullable ? null : throw Broken(library, function, "passed a callback a null string where a 'string' was expected");
        }

        return Utf8Checked(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value), library, function);
    }

    /// <summary>A read-only view of <c>(ptr, len)</c> elements, valid for the callback only.</summary>
    public static ReadOnlySpan<T> ReadOnlySpan<T>(T* pointer, nuint length, string library, string function)
        where T : unmanaged
        => Span(pointer, length, library, function);

    /// <summary>A writable view of <c>(ptr, len)</c> elements, valid for the callback only.</summary>
    public static Span<T> Span<T>(T* pointer, nuint length, string library, string function)
        where T : unmanaged
    {
        if (pointer is null)
        {
            return length == 0 ? default : throw Broken(library, function, $"passed a callback a null span pointer with length {length}");
        }

        return new Span<T>(pointer, Length(length, library, function));
    }

    /// <summary>A handle value that must not be null.</summary>
    public static nint Handle(nint value, string library, string function)
        => value != 0 ? value : throw Broken(library, function, "passed a callback a null handle where one was expected");

    private static int Length(nuint length, string library, string function)
        => length <= int.MaxValue ? (int)length : throw Broken(library, function, $"passed a callback a length of {length}, beyond what a span can hold");

    private static string Utf8Checked(ReadOnlySpan<byte> bytes, string library, string function)
        => System.Text.Unicode.Utf8.IsValid(bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw Broken(library, function, "passed a callback a string that is not valid UTF-8");

    private static ForeignContractException Broken(string library, string function, string message) => new(library, function, message);
}
