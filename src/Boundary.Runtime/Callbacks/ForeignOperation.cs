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
    private const int Running = 0;
    private const int Cancelling = 1;
    private const int Completed = 2;

    private const int NotWatched = 0;
    private const int Watched = 1;
    private const int Done = 2;

    private int state;
    private int watchState;
    private int cancellingThread;
    private bool cancelRequested;
    private CancellationToken cancellationToken;
    private CancellationTokenRegistration registration;
    private delegate*<nint, void> cancel;

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
        if (!token.CanBeCanceled || Volatile.Read(ref state) == Completed)
        {
            return;
        }

        cancellationToken = token;
        cancel = cancelFunction;
        registration = token.UnsafeRegister(static operation => ((ForeignOperation<T>)operation!).OnCancel(), this);
        if (Interlocked.Exchange(ref watchState, Watched) == Done)
        {
            // Completed while registering: nothing left to cancel.
            registration.Unregister();
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

    /// <summary>Completes with the native result; if cancellation was requested first, releases it and cancels instead.</summary>
    public void Succeed(T result)
    {
        if (cancelRequested)
        {
            (result as IDisposable)?.Dispose();
            TrySetCanceled(cancellationToken);
            return;
        }

        TrySetResult(result);
    }

    /// <summary>Completes with the native failure; if cancellation was requested first, the task is cancelled instead.</summary>
    public void Fail(Exception exception)
    {
        if (cancelRequested)
        {
            TrySetCanceled(cancellationToken);
            return;
        }

        TrySetException(exception);
    }

    private void EnterCompletion()
    {
        var spinner = default(SpinWait);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref state, Completed, Running);
            if (seen == Running)
            {
                break;
            }

            if (seen == Cancelling && Volatile.Read(ref cancellingThread) == Environment.CurrentManagedThreadId)
            {
                // The cancel function completes the operation itself, on this thread.
                Volatile.Write(ref state, Completed);
                break;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        if (Interlocked.Exchange(ref watchState, Done) == Watched)
        {
            registration.Unregister();
        }
    }

    private void OnCancel()
    {
        if (Interlocked.CompareExchange(ref state, Cancelling, Running) != Running)
        {
            return; // completed already: cancelling after completion changes nothing
        }

        Volatile.Write(ref cancelRequested, true);
        Volatile.Write(ref cancellingThread, Environment.CurrentManagedThreadId);
        try
        {
            cancel(Token);
        }
        finally
        {
            Volatile.Write(ref cancellingThread, 0);
            Interlocked.CompareExchange(ref state, Running, Cancelling);
        }
    }
}
