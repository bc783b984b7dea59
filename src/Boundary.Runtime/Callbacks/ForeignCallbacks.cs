using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using Boundary.Interop;

namespace Boundary;

/// <summary>
/// The state of the callbacks and asynchronous operations this process has handed to native code: how many are live,
/// how many calls came in for one that was already released, and where an exception thrown by a retained callback goes.
/// </summary>
public static class ForeignCallbacks
{
    private static long staleCalls;

    /// <summary>
    /// An exception thrown by a callback native code calls outside any call of ours (a retained callback: a subscription,
    /// a timer), so there is no call to rethrow it from. It never unwinds through native frames: the trampoline returns
    /// its failure value to native code and raises this event. Without a handler the exception is rethrown on a
    /// thread-pool thread, where, like any unhandled exception, it ends the process; set
    /// <see cref="ForeignCallbackExceptionEventArgs.Handled"/> to keep it running.
    /// </summary>
    public static event EventHandler<ForeignCallbackExceptionEventArgs>? UnhandledException;

    /// <summary>Callbacks and operations registered with native code and not yet released: borrowed callbacks of calls in
    /// progress, retained callbacks, pending operations. Tests assert it comes back to its earlier value.</summary>
    public static int Live => CallbackTable.LiveCount;

    /// <summary>Calls native code made with a <c>user_data</c> that no longer names a live callback or operation (a
    /// borrowed callback called after its call returned, a second completion, a second release), ignored since load.</summary>
    public static long StaleCalls => Interlocked.Read(ref staleCalls);

    internal static void CountStale() => Interlocked.Increment(ref staleCalls);

    /// <summary>The release function handed to native code for a callback it retains: native code calls it once, when it
    /// will never call the callback again.</summary>
    public static unsafe delegate* unmanaged<void*, void> ReleaseFunction => &ReleaseRetained;

    [UnmanagedCallersOnly]
    private static unsafe void ReleaseRetained(void* userData) => CallbackTable.Release((nint)userData);

    /// <summary>Reports an exception no call can rethrow (see <see cref="UnhandledException"/>).</summary>
    public static void ReportUnhandled(Exception exception, string? library, string? function)
    {
        var args = new ForeignCallbackExceptionEventArgs(exception, library, function);
        EventHandler<ForeignCallbackExceptionEventArgs>? handlers = UnhandledException;
        if (handlers is not null)
        {
            foreach (Delegate handler in handlers.GetInvocationList())
            {
                try
                {
                    ((EventHandler<ForeignCallbackExceptionEventArgs>)handler)(null, args);
                }
                catch
                {
                    // A handler's own exception must not unwind into native code either.
                }
            }
        }

        if (!args.Handled)
        {
            ExceptionDispatchInfo captured = ExceptionDispatchInfo.Capture(exception);
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((ExceptionDispatchInfo)state!).Throw(), captured);
        }
    }
}

/// <summary>An exception a retained callback threw (see <see cref="ForeignCallbacks.UnhandledException"/>).</summary>
public sealed class ForeignCallbackExceptionEventArgs : EventArgs
{
    internal ForeignCallbackExceptionEventArgs(Exception exception, string? library, string? function)
    {
        Exception = exception;
        Library = library;
        Function = function;
    }

    /// <summary>What the callback threw.</summary>
    public Exception Exception { get; }

    /// <summary>The library the callback was registered with, when known.</summary>
    public string? Library { get; }

    /// <summary>The native function the callback was passed to, when known.</summary>
    public string? Function { get; }

    /// <summary>Set to true to keep the process running; otherwise the exception is rethrown on the thread pool.</summary>
    public bool Handled { get; set; }
}
