using System.Runtime.InteropServices;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// "Retained values" of docs/design/native-test-abi.md: native code keeps a pointer to native memory and a callback
/// (an [UnmanagedCallersOnly] function pointer with a GCHandle as user data) past the call, and uses them in later
/// calls — the shapes BND2004 accepts at a call site, working against real Rust and Go libraries.
/// </summary>
public sealed unsafe class RetainedTests : IDisposable
{
    public void Dispose() => RetainedValues.ReleaseRetained();

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

            RetainedValues.RetainBytes(block, 8);
            RetainedValues.RetainedSum().Should().Be(36);
            block[0] = 100;
            RetainedValues.RetainedSum().Should().Be(135, "native code keeps the pointer, not a copy");
            RetainedValues.ReleaseRetained();
            RetainedValues.RetainedSum().Should().Be(-1);
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
            RetainedValues.RetainCallback(&Record, GCHandle.ToIntPtr(target));
            RetainedValues.Fire(5).Should().Be(1);
            RetainedValues.Fire(-7).Should().Be(1);
            seen.Should().Equal(5, -7);

            RetainedValues.ReleaseRetained();
            RetainedValues.Fire(9).Should().Be(0, "native code let go of the callback");
            seen.Should().Equal(5, -7);
        }
        finally
        {
            RetainedValues.ReleaseRetained();
            target.Free(); // only once native code can no longer call back with it
        }
    }

    [UnmanagedCallersOnly]
    private static void Record(nint userData, long value) => ((List<long>)GCHandle.FromIntPtr(userData).Target!).Add(value);
}
