using System;

namespace Boundary;

/// <summary>
/// A handle's release function returned a failure status (<c>[ForeignHandle(ReleaseReturnsStatus = true)]</c>, like
/// <c>sqlite3_finalize</c>). The release happened: the handle is closed and its release function is never called
/// again for it. <see cref="ForeignException.Function"/> is the release function and
/// <see cref="ForeignException.NativeCode"/> its status.
/// </summary>
public sealed class ForeignReleaseException : ForeignException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library that exports the release function.</param>
    /// <param name="function">The release function.</param>
    /// <param name="nativeCode">The status it returned (not 0).</param>
    /// <param name="handleType">The name of the handle type whose object was released.</param>
    public ForeignReleaseException(string library, string function, int nativeCode, string handleType)
        : base(library, function, nativeCode, null, $"{library}!{function} failed with code {nativeCode} releasing a {handleType} (the handle is closed).")
    {
        HandleType = handleType;
    }

    /// <summary>The name of the handle type whose object was released.</summary>
    public string HandleType { get; }
}

/// <summary>A release failure that no <c>Dispose</c> call could throw (see <see cref="Interop.ForeignSafeHandle.ReleaseFailed"/>).</summary>
public sealed class ForeignReleaseFailedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="fromFinalizer">Whether the finalizer released the object (it was never disposed).</param>
    public ForeignReleaseFailedEventArgs(ForeignReleaseException exception, bool fromFinalizer)
    {
        Exception = exception;
        FromFinalizer = fromFinalizer;
    }

    /// <summary>The failure, as an explicit <c>Dispose</c> would have thrown it.</summary>
    public ForeignReleaseException Exception { get; }

    /// <summary>
    /// True when the finalizer released the object: the handle was never disposed. False when the release ran in a
    /// call: the last call still using a disposed handle released it as it returned, or a call that was to consume
    /// the handle (<c>[Consumed]</c>) failed before native code got the object and released it instead.
    /// </summary>
    public bool FromFinalizer { get; }
}
