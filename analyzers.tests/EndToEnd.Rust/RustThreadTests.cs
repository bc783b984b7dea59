using Boundary.Interop;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>The Go thread guarantee (SPEC section 7) costs a Rust boundary nothing: its stubs never touch the thread.</summary>
public sealed class RustThreadTests
{
    [Fact]
    public void A_Rust_call_does_not_touch_the_signal_stack()
    {
        bool prepared = true;
        var thread = new Thread(() =>
        {
            Lib.Noop();
            prepared = GoThread.IsPrepared;
        });
        thread.Start();
        thread.Join();
        prepared.Should().BeFalse();
    }
}
