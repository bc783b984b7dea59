using System.Runtime.InteropServices;
using System.Text;
using Boundary;

namespace BoundaryBenchmarks;

[ForeignHandle(Release = "rtest_counter_free")]
public sealed partial class Counter;

/// <summary>The same native Counter declared not thread-safe: every call with it runs alone.</summary>
[ForeignHandle(Release = "rtest_counter_free", ThreadSafe = false)]
public sealed partial class SerialCounter;

/// <summary>What a user of this package writes.</summary>
[ForeignBoundary("rtest")]
internal static partial class Generated
{
    public static partial int AddI32(int a, int b);
    public static partial ulong Utf8Checksum(string s);
    public static partial Counter CounterNew(long start);
    public static partial long CounterGet(Counter c);
    public static partial long CounterIntoValue([Consumed] Counter c);
    [ForeignFunction("rtest_counter_new")] public static partial SerialCounter SerialCounterNew(long start);
    [ForeignFunction("rtest_counter_get")] public static partial long SerialCounterGet(SerialCounter c);
    public static partial string Greet(string name);
    [return: Borrowed] public static partial string Version();
    public static partial long SumI32(ReadOnlySpan<int> values);
}

/// <summary>The error codes of docs/design/native-test-abi.md, "Errors".</summary>
[ForeignErrors]
public enum BenchError
{
    Ok = 0,
    NotFound = 1,
    InvalidArgument = 2,
    Io = 3,
    [ForeignPanic] Panic = 99,
}

/// <summary>Shape 1: status code + last error.</summary>
[ForeignBoundary("rtest", Errors = typeof(BenchError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class GeneratedStatus
{
    public static partial int CheckedDiv(int a, int b);
}

[ForeignBoundary("rtest", Strings = ForeignStrings.NulTerminated)]
internal static partial class GeneratedC
{
    public static partial ulong CstrChecksum(string s);
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static partial class GeneratedGo
{
    public static partial int AddI32(int a, int b);
}

/// <summary>Shape 2 with a code: Go multi-return <c>{int32 r0; int32 r1; char* r2}</c>.</summary>
[ForeignBoundary("gotest", Language = ForeignLanguage.Go, Errors = typeof(BenchError), ErrorShape = ForeignErrorShape.GoError)]
internal static partial class GeneratedGoErrors
{
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial int GoDivCode(int a, int b);
}

/// <summary>The hand-written [LibraryImport] baseline for the same exports.</summary>
internal static unsafe partial class Handwritten
{
    [LibraryImport("rtest", EntryPoint = "rtest_add_i32")]
    public static partial int AddI32(int a, int b);

    [LibraryImport("rtest", EntryPoint = "rtest_cstr_checksum", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ulong CstrChecksum(string s);

    [LibraryImport("rtest", EntryPoint = "rtest_counter_get")]
    public static partial long CounterGet(HandwrittenCounter c);

    [LibraryImport("rtest", EntryPoint = "rtest_counter_new")]
    public static partial HandwrittenCounter CounterNew(long start);

    /// <summary>The raw pointer, for benchmarks that wrap it themselves (both consume rows create handles the same way).</summary>
    [LibraryImport("rtest", EntryPoint = "rtest_counter_new")]
    public static partial nint CounterNewRaw(long start);

    [LibraryImport("rtest", EntryPoint = "rtest_counter_into_value")]
    private static partial long RawCounterIntoValue(nint c);

    /// <summary>A [Consumed] parameter by hand, as a LibraryImport user writes it: AddRef, invalidate, call.</summary>
    public static long CounterIntoValue(HandwrittenCounter c)
    {
        bool added = false;
        try
        {
            c.DangerousAddRef(ref added);
            nint native = c.DangerousGetHandle();
            c.SetHandleAsInvalid();
            return RawCounterIntoValue(native);
        }
        finally
        {
            if (added)
                c.DangerousRelease();
        }
    }

    [LibraryImport("gotest", EntryPoint = "gotest_add_i32")]
    public static partial int GoAddI32(int a, int b);

    [LibraryImport("rtest", EntryPoint = "rtest_greet")]
    private static partial byte* RawGreet(byte* name, nuint len);

    [LibraryImport("rtest", EntryPoint = "rtest_string_free")]
    private static partial void RawStringFree(byte* s);

    [LibraryImport("rtest", EntryPoint = "rtest_version")]
    private static partial byte* RawVersion();

    [LibraryImport("rtest", EntryPoint = "rtest_sum_i32")]
    private static partial long RawSumI32(int* p, nuint len);

    [LibraryImport("rtest", EntryPoint = "rtest_utf8_checksum")]
    private static partial ulong RawUtf8Checksum(byte* s, nuint len);

    /// <summary>Diagnostic floor for the string rows: the same export given bytes that are already UTF-8, so nothing is encoded.</summary>
    public static ulong Utf8ChecksumPreEncoded(ReadOnlySpan<byte> utf8)
    {
        fixed (byte* p = utf8)
            return RawUtf8Checksum(p, (nuint)utf8.Length);
    }

    /// <summary>Diagnostic: the ready UTF-8 copied into a buffer in this frame first, then passed (what a stub's stack path does, minus encoding).</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static ulong Utf8ChecksumCopiedToStack(ReadOnlySpan<byte> utf8)
    {
        Span<byte> buffer = Boundary.Interop.Utf8Arguments.Buffer("", out Boundary.Interop.Utf8Arguments.StackBuffer stack, nulTerminated: false, out _);
        utf8.CopyTo(buffer);
        fixed (byte* p = buffer)
            return RawUtf8Checksum(p, (nuint)utf8.Length);
    }

    /// <summary>Diagnostic: the same copy into a heap array instead of the frame.</summary>
    public static ulong Utf8ChecksumCopiedToHeap(ReadOnlySpan<byte> utf8, byte[] heap)
    {
        utf8.CopyTo(heap);
        fixed (byte* p = heap)
            return RawUtf8Checksum(p, (nuint)utf8.Length);
    }

    [LibraryImport("rtest", EntryPoint = "rtest_checked_div")]
    private static partial int RawCheckedDiv(int a, int b, out int result);

    [LibraryImport("gotest", EntryPoint = "gotest_go_div_code")]
    private static partial GoDivCodeResult RawGoDivCode(int a, int b);

    [LibraryImport("gotest", EntryPoint = "gotest_string_free")]
    private static partial void RawGoStringFree(byte* s);

    /// <summary>Owned string out: UTF-8 encode the name on the stack, decode the result, free it.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static string Greet(string name)
    {
        int max = Encoding.UTF8.GetMaxByteCount(name.Length);
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : new byte[max];
        int length = Encoding.UTF8.GetBytes(name, utf8);
        fixed (byte* p = utf8)
        {
            byte* result = RawGreet(p, (nuint)length);
            if (result == null)
                throw new InvalidOperationException("rtest_greet returned null");
            try
            {
                return Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
            }
            finally
            {
                RawStringFree(result);
            }
        }
    }

    /// <summary>Borrowed string out: decode only.</summary>
    public static string Version()
    {
        byte* result = RawVersion();
        if (result == null)
            throw new InvalidOperationException("rtest_version returned null");
        return Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
    }

    /// <summary>
    /// Diagnostic variant of <see cref="Greet"/> that decodes with a throwing (strict) UTF-8 decoder, the contract the
    /// generated stub enforces, to separate the cost of validation from the cost of the stub.
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static string GreetStrict(string name)
    {
        int max = Encoding.UTF8.GetMaxByteCount(name.Length);
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : new byte[max];
        int length = Encoding.UTF8.GetBytes(name, utf8);
        fixed (byte* p = utf8)
        {
            byte* result = RawGreet(p, (nuint)length);
            if (result == null)
                throw new InvalidOperationException("rtest_greet returned null");
            try
            {
                return Strict.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
            }
            finally
            {
                RawStringFree(result);
            }
        }
    }

    /// <summary>Diagnostic variant of <see cref="Version"/> with strict UTF-8 decoding (see <see cref="GreetStrict"/>).</summary>
    public static string VersionStrict()
    {
        byte* result = RawVersion();
        if (result == null)
            throw new InvalidOperationException("rtest_version returned null");
        return Strict.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static long SumI32(ReadOnlySpan<int> values)
    {
        fixed (int* p = values)
            return RawSumI32(p, (nuint)values.Length);
    }

    public static int CheckedDiv(int a, int b)
    {
        int status = RawCheckedDiv(a, b, out int result);
        if (status != 0)
            throw new InvalidOperationException($"rtest_checked_div failed with code {status}");
        return result;
    }

    public static int GoDivCode(int a, int b)
    {
        GoDivCodeResult r = RawGoDivCode(a, b);
        if (r.Message != null)
        {
            string message = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(r.Message));
            RawGoStringFree(r.Message);
            throw new InvalidOperationException($"gotest_go_div_code failed with code {r.Code}: {message}");
        }
        return r.Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct GoDivCodeResult
    {
        public int Value;
        public int Code;
        public byte* Message;
    }
}

public sealed class HandwrittenCounter : SafeHandle
{
    public HandwrittenCounter()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public HandwrittenCounter(nint existing)
        : base(IntPtr.Zero, ownsHandle: true)
        => SetHandle(existing);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Free(handle);
        return true;
    }

    [DllImport("rtest", EntryPoint = "rtest_counter_free")]
    private static extern void Free(nint handle);
}
