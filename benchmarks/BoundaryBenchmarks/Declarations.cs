using System.Runtime.InteropServices;
using Boundary;

namespace BoundaryBenchmarks;

[ForeignHandle(Release = "rtest_counter_free")]
public sealed partial class Counter;

/// <summary>What a user of this package writes.</summary>
[ForeignBoundary("rtest")]
internal static partial class Generated
{
    public static partial int AddI32(int a, int b);
    public static partial ulong Utf8Checksum(string s);
    public static partial Counter CounterNew(long start);
    public static partial long CounterGet(Counter c);
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

/// <summary>The hand-written [LibraryImport] baseline for the same exports.</summary>
internal static partial class Handwritten
{
    [LibraryImport("rtest", EntryPoint = "rtest_add_i32")]
    public static partial int AddI32(int a, int b);

    [LibraryImport("rtest", EntryPoint = "rtest_cstr_checksum", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ulong CstrChecksum(string s);

    [LibraryImport("rtest", EntryPoint = "rtest_counter_get")]
    public static partial long CounterGet(HandwrittenCounter c);

    [LibraryImport("rtest", EntryPoint = "rtest_counter_new")]
    public static partial HandwrittenCounter CounterNew(long start);

    [LibraryImport("gotest", EntryPoint = "gotest_add_i32")]
    public static partial int GoAddI32(int a, int b);
}

public sealed class HandwrittenCounter : SafeHandle
{
    public HandwrittenCounter()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Free(handle);
        return true;
    }

    [DllImport("rtest", EntryPoint = "rtest_counter_free")]
    private static extern void Free(nint handle);
}
