namespace Boundary.Analyzers.Model;

/// <summary>Who releases a value that crosses a boundary (SPEC section 2, Rust's vocabulary).</summary>
internal enum Ownership
{
    /// <summary>Not a resource: plain values have no owner.</summary>
    None,

    /// <summary>The receiver releases it exactly once (default for handle returns).</summary>
    Owned,

    /// <summary>Valid only during the call (parameters) or while its owner lives (returns); never released by the receiver.</summary>
    Borrowed,

    /// <summary>Ownership moves to native code; the managed handle is invalid after the call.</summary>
    Consumed,

    /// <summary>
    /// Native code keeps the value after the call: a handle (native code takes its own reference; .NET still owns and
    /// releases its handle, so it is passed like a borrowed one) or a pointer to native-owned memory or a callback.
    /// </summary>
    Retained,
}
