using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Boundary.Interop;

/// <summary>
/// One asynchronous native operation in flight: the task its boundary function returned, the token native code gets as
/// <c>user_data</c>, and its cancellation. Generated stubs create it before the native call and their completion
/// trampoline completes it. Not meant to be used by hand.
/// </summary>
/// <remarks>
/// <para>Exactly once: the completion claims the operation's token (<see cref="CallbackTable.Claim{T}"/>), so a second
/// completion from a buggy library finds nothing, is counted in <see cref="ForeignCallbacks.StaleCalls"/> and touches
/// nothing. Continuations never run on the native thread that completes (<see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>).</para>
/// <para>Cancellation: when the token is cancelled while the operation runs, the declared cancel function is called with
/// the operation's <c>user_data</c>; native code then completes as usual, and the task ends cancelled with that token
/// whatever the completion carried (an owned result is released). A completion that arrives while the cancel function
/// is still running waits for it to return, so native code never sees a cancel for an operation whose completion has
/// returned (a cancel function that completes the operation itself, on the same thread, is fine). Cancelled after the
/// completion: nothing happens.</para>
/// </remarks>
/// <typeparam name="T">The result type; <see cref="object"/> for an operation without a result.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class ForeignOperation<T> : TaskCompletionSource<T>
{
    // The low two bits: running, a cancel export call in progress, completed. Watched: a cancellable token is watched
    // (only then does completing take more than one compare-and-swap).
    private const int Running = 0;
    private const int Cancelling = 1;
    private const int Completed = 2;
    private const int Watched = 4;

    private int state;
    private Cancellation? cancellation;

    /// <summary>Creates the operation and registers it; <see cref="Token"/> is what native code gets as <c>user_data</c>.</summary>
    public ForeignOperation()
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Token = CallbackTable.Register(this);
    }

    /// <summary>The <c>user_data</c> handed to native code.</summary>
    public nint Token { get; }

    /// <summary>The <c>user_data</c> as the pointer the native function takes.</summary>
    public void* UserData => (void*)Token;

    /// <summary>The native function was never called (an argument failed to marshal): releases the registration.</summary>
    public void Abandon() => CallbackTable.Release(Token);

    /// <summary>
    /// After the native function returned: routes <paramref name="token"/>'s cancellation to
    /// <paramref name="cancelFunction"/>, which calls the library's cancel export with <see cref="Token"/>.
    /// </summary>
    public void Watch(CancellationToken token, delegate*<nint, void> cancelFunction)
    {
        if (!token.CanBeCanceled)
        {
            return;
        }

        var watch = new Cancellation(token, cancelFunction);
        Volatile.Write(ref cancellation, watch);
        if (Interlocked.CompareExchange(ref state, Watched | Running, Running) != Running)
        {
            return; // completed already (inside the native call): nothing left to cancel
        }

        watch.Registration = token.UnsafeRegister(static operation => ((ForeignOperation<T>)operation!).OnCancel(), this);
        if (Interlocked.Exchange(ref watch.Handoff, Cancellation.Registered) == Cancellation.Finished)
        {
            // Completed while registering: nothing left to cancel.
            watch.Registration.Unregister();
        }
    }

    /// <summary>
    /// The completion trampoline's first step: claims the operation named by <paramref name="userData"/>, or returns
    /// null (counted) for a completion of an operation that already completed or never existed.
    /// </summary>
    public static ForeignOperation<T>? Complete(void* userData)
    {
        ForeignOperation<T>? operation = CallbackTable.Claim<ForeignOperation<T>>((nint)userData);
        operation?.EnterCompletion();
        return operation;
    }

    /// <summary>
    /// <see cref="Complete"/> for an operation whose function takes no <c>CancellationToken</c>, so nothing can watch
    /// it: claiming the token is the whole handshake.
    /// </summary>
    public static ForeignOperation<T>? CompleteUnwatched(void* userData)
        => CallbackTable.Claim<ForeignOperation<T>>((nint)userData);

    /// <summary>Completes with the native result; if cancellation was requested first, releases it and cancels instead.</summary>
    public void Succeed(T result)
    {
        if (cancellation is { Requested: true } cancelled)
        {
            (result as IDisposable)?.Dispose();
            TrySetCanceled(cancelled.Token);
            return;
        }

        TrySetResult(result);
    }

    /// <summary>Completes with the native failure; if cancellation was requested first, the task is cancelled instead.</summary>
    public void Fail(Exception exception)
    {
        if (cancellation is { Requested: true } cancelled)
        {
            TrySetCanceled(cancelled.Token);
            return;
        }

        TrySetException(exception);
    }

    private void EnterCompletion()
    {
        if (Interlocked.CompareExchange(ref state, Completed, Running) == Running)
        {
            return; // never watched: the common case, one compare-and-swap
        }

        Cancellation watch = Volatile.Read(ref cancellation)!;
        var spinner = default(SpinWait);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref state, Watched | Completed, Watched | Running);
            if (seen == (Watched | Running))
            {
                break;
            }

            if (seen == (Watched | Cancelling) && Volatile.Read(ref watch.CancellingThread) == Environment.CurrentManagedThreadId)
            {
                // The cancel export completes the operation itself, on this thread.
                Volatile.Write(ref state, Watched | Completed);
                break;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        if (Interlocked.Exchange(ref watch.Handoff, Cancellation.Finished) == Cancellation.Registered)
        {
            watch.Registration.Unregister();
        }
    }

    private void OnCancel()
    {
        if (Interlocked.CompareExchange(ref state, Watched | Cancelling, Watched | Running) != (Watched | Running))
        {
            return; // completed already: cancelling after completion changes nothing
        }

        Cancellation watch = cancellation!;
        Volatile.Write(ref watch.Requested, true);
        Volatile.Write(ref watch.CancellingThread, Environment.CurrentManagedThreadId);
        try
        {
            watch.Cancel(Token);
        }
        finally
        {
            Volatile.Write(ref watch.CancellingThread, 0);
            Interlocked.CompareExchange(ref state, Watched | Running, Watched | Cancelling);
        }
    }

    /// <summary>What watching a cancellable token takes; allocated only for one (with the registration itself).</summary>
    private sealed class Cancellation
    {
        public const int Registered = 1;
        public const int Finished = 2;

        public readonly CancellationToken Token;
        public readonly delegate*<nint, void> Cancel;
        public CancellationTokenRegistration Registration;
        public int Handoff;
        public int CancellingThread;
        public bool Requested;

        public Cancellation(CancellationToken token, delegate*<nint, void> cancel)
        {
            Token = token;
            Cancel = cancel;
        }
    }
}
