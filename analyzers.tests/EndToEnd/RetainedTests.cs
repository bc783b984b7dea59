using System.Runtime.InteropServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// "Retained values" of docs/design/native-test-abi.md: native code keeps a pointer to native memory and a callback
/// (an [UnmanagedCallersOnly] function pointer with a GCHandle as user data) past the call, and uses them in later
/// calls — the shapes BND2004 accepts at a call site, working against real Rust and Go libraries.
/// </summary>
public abstract unsafe class RetainedTests(RetainedApi lib) : IDisposable
{
    public void Dispose() => lib.ReleaseRetained();

    [Fact]
    public void Native_code_reads_retained_native_memory_in_place_after_the_call()
    {
        byte* block = (byte*)NativeMemory.Alloc(8);
        try
        {
            for (int i = 0; i < 8; i++)
            {
                block[i] = (byte)(i + 1);
            }

            lib.RetainBytes(block, 8);
            lib.RetainedSum().Should().Be(36);
            block[0] = 100;
            lib.RetainedSum().Should().Be(135, "native code keeps the pointer, not a copy");
            lib.ReleaseRetained();
            lib.RetainedSum().Should().Be(-1);
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }

    [Fact]
    public void A_retained_callback_is_called_later_with_its_user_data()
    {
        var seen = new List<long>();
        GCHandle target = GCHandle.Alloc(seen);
        try
        {
            lib.RetainCallback(&Record, GCHandle.ToIntPtr(target));
            lib.Fire(5).Should().Be(1);
            lib.Fire(-7).Should().Be(1);
            seen.Should().Equal(5, -7);

            lib.ReleaseRetained();
            lib.Fire(9).Should().Be(0, "native code let go of the callback");
            seen.Should().Equal(5, -7);
        }
        finally
        {
            lib.ReleaseRetained();
            target.Free(); // only once native code can no longer call back with it
        }
    }

    [UnmanagedCallersOnly]
    private static void Record(nint userData, long value) => ((List<long>)GCHandle.FromIntPtr(userData).Target!).Add(value);
}

public sealed class RustRetainedTests() : RetainedTests(new RustRetainedApi());

/// <summary>Runs in an isolated process (see <see cref="GoIsolationTests"/>), never in the xunit host.</summary>
internal sealed class GoRetainedTests() : RetainedTests(new GoRetainedApi());

/// <summary>The retained-value exports of one test library.</summary>
public abstract unsafe class RetainedApi
{
    public abstract void RetainBytes(byte* data, nuint length);

    public abstract long RetainedSum();

    public abstract void RetainCallback(delegate* unmanaged<nint, long, void> callback, nint userData);

    public abstract long Fire(long value);

    public abstract void ReleaseRetained();
}

public sealed unsafe class RustRetainedApi : RetainedApi
{
    public override void RetainBytes(byte* data, nuint length) => RustRetained.RetainBytes(data, length);

    public override long RetainedSum() => RustRetained.RetainedSum();

    public override void RetainCallback(delegate* unmanaged<nint, long, void> callback, nint userData) => RustRetained.RetainCallback(callback, userData);

    public override long Fire(long value) => RustRetained.Fire(value);

    public override void ReleaseRetained() => RustRetained.ReleaseRetained();
}

public sealed unsafe class GoRetainedApi : RetainedApi
{
    public override void RetainBytes(byte* data, nuint length) => GoRetained.RetainBytes(data, length);

    public override long RetainedSum() => GoRetained.RetainedSum();

    public override void RetainCallback(delegate* unmanaged<nint, long, void> callback, nint userData) => GoRetained.RetainCallback(callback, userData);

    public override long Fire(long value) => GoRetained.Fire(value);

    public override void ReleaseRetained() => GoRetained.ReleaseRetained();
}

[ForeignBoundary("rtest", Language = ForeignLanguage.Rust)]
internal static unsafe partial class RustRetained
{
    public static partial void RetainBytes([Retained] byte* data, nuint length);
    public static partial long RetainedSum();
    public static partial void RetainCallback([Retained] delegate* unmanaged<nint, long, void> callback, [Retained] nint userData);
    public static partial long Fire(long value);
    public static partial void ReleaseRetained();
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static unsafe partial class GoRetained
{
    public static partial void RetainBytes([Retained] byte* data, nuint length);
    public static partial long RetainedSum();
    public static partial void RetainCallback([Retained] delegate* unmanaged<nint, long, void> callback, [Retained] nint userData);
    public static partial long Fire(long value);
    public static partial void ReleaseRetained();
}
