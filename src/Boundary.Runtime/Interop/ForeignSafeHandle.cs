using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Boundary.Interop;

/// <summary>
/// The base of every generated <see cref="ForeignHandleAttribute">[ForeignHandle]</see> class: a
/// <see cref="SafeHandle"/> that also knows whether its native object moved to native code (<see cref="ConsumedAttribute">[Consumed]</see>)
/// and, for a type declared <c>ThreadSafe = false</c>, lets generated calls use it one at a time.
/// Its members are for generated code; use the handle through the boundary functions and <see cref="SafeHandle.Dispose()"/>.
/// </summary>
/// <remarks>
/// <para>
/// SafeHandle already counts references: the owner holds one, every borrowing call adds one for its duration, and the
/// release runs when the count reaches zero. What it lacks is a way to <em>move</em> the object: invalidating it
/// (<see cref="SafeHandle.SetHandleAsInvalid"/>) neither waits for calls in flight nor stops two threads from moving
/// it. So the handle keeps a claim, taken by compare-and-swap by exactly one of Dispose, the finalizer and a consuming
/// call; a consuming call then drops the owner's reference and waits until the count reaches zero (SafeHandle marks
/// the handle closed at that moment) before native code gets the object.
/// </para>
/// <para>
/// Why a borrower can never miss a consume (or a Dispose), with no lock on the fast path: a borrower first adds its
/// reference (an interlocked operation on SafeHandle's state), then reads the claim. A consumer first takes the claim
/// (an interlocked operation on the claim), then drops the owner's reference (interlocked on the state). Both
/// interlocked operations are full fences, so either the borrower's read sees the claim (and it backs out with an
/// <see cref="ObjectDisposedException"/>), or its reference was added before the consumer dropped the owner's, so
/// the count cannot reach zero — and the consumer cannot proceed — until that borrower returns. Often both happen,
/// which is fine. The full argument and the other interleavings are in docs/design/handle-concurrency.md.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ForeignSafeHandle : SafeHandle
{
    /// <summary>The lock bit that says a thread is blocked waiting for the lock (the owner must wake it).</summary>
    private const int Contended = int.MinValue;

    /// <summary>The claim of Dispose or the finalizer.</summary>
    private static readonly object DisposedClaim = new();

    /// <summary>The handle whose native object this thread releases after a failed move (see <see cref="DangerousReleaseAfterFailedMove"/>).</summary>
    [ThreadStatic]
    private static ForeignSafeHandle? t_releasingAfterFailedMove;

    /// <summary>The handle whose explicit Dispose runs on this thread, for a handle whose release returns a status.</summary>
    [ThreadStatic]
    private static ForeignSafeHandle? t_disposing;

    /// <summary>The release failure of <see cref="t_disposing"/>, for its Dispose to throw once the release is done.</summary>
    [ThreadStatic]
    private static ForeignReleaseException? t_releaseFailure;

    /// <summary>The handle the finalizer releases on this thread, for a handle whose release returns a status.</summary>
    [ThreadStatic]
    private static ForeignSafeHandle? t_finalizing;

    /// <summary>See <see cref="ReleaseFailureCount"/>.</summary>
    private static long releaseFailureCount;

    /// <summary>
    /// The monitors threads block on (for the lock or a drain), created the first time one has to, kept beside the
    /// handles rather than in a field: most handles never need one, and every field costs every handle.
    /// </summary>
    private static readonly ConditionalWeakTable<ForeignSafeHandle, object> Monitors = new();

    /// <summary>Callbacks beyond the first that native code keeps for as long as this handle lives (see <see cref="RetainCallback"/>).</summary>
    private static readonly ConditionalWeakTable<ForeignSafeHandle, List<nint>> MoreRetainedCallbacks = new();

    private readonly bool threadSafe;

    /// <summary>The first callback registration native code keeps until this handle is released, or 0.</summary>
    private nint retainedCallback;

    /// <summary>SafeHandle keeps its own copy private; a failed move needs to know whether .NET may release the object.</summary>
    private readonly bool ownsNativeObject;

    /// <summary>Null while the handle is usable; <see cref="DisposedClaim"/> or the consuming function ("library!symbol") once claimed. Never changes after that.</summary>
    private object? claim;

    /// <summary><c>ThreadSafe = false</c> only: 0 when free, else the managed thread id of the call using it, plus <see cref="Contended"/>.</summary>
    private int lockWord;

    /// <summary>Set by a move before it blocks until the handle closes, so that the last call in flight wakes it.</summary>
    private bool drainWaiting;

    /// <summary>Set while a failed move releases the object (only then is the thread-static worth reading).</summary>
    private bool releasingAfterFailedMove;

    /// <summary>The release function returns a status (<c>ReleaseReturnsStatus</c>): Dispose throws its failure.</summary>
    private readonly bool releaseReturnsStatus;

    /// <summary>Creates an empty or wrapping handle; <paramref name="ownsHandle"/> says whether releasing it releases the native object.</summary>
    /// <param name="ownsHandle">False for a borrowed handle: releasing it never calls the native release function.</param>
    /// <param name="threadSafe">False when calls that use the handle must run one at a time (<c>[ForeignHandle(ThreadSafe = false)]</c>).</param>
    protected ForeignSafeHandle(bool ownsHandle, bool threadSafe)
        : base(IntPtr.Zero, ownsHandle)
    {
        ownsNativeObject = ownsHandle;
        this.threadSafe = threadSafe;
    }

    /// <summary>Creates an empty or wrapping handle whose release function may return a failure status.</summary>
    /// <param name="ownsHandle">False for a borrowed handle: releasing it never calls the native release function.</param>
    /// <param name="threadSafe">False when calls that use the handle must run one at a time (<c>[ForeignHandle(ThreadSafe = false)]</c>).</param>
    /// <param name="releaseReturnsStatus">
    /// True when the release function returns a status (<c>[ForeignHandle(ReleaseReturnsStatus = true)]</c>): the
    /// generated <see cref="SafeHandle.ReleaseHandle"/> reports a failure with <see cref="ReportReleaseFailure"/>.
    /// </param>
    protected ForeignSafeHandle(bool ownsHandle, bool threadSafe, bool releaseReturnsStatus)
        : this(ownsHandle, threadSafe)
    {
        this.releaseReturnsStatus = releaseReturnsStatus;
    }

    /// <summary>
    /// Raised when a handle's release function returned a failure status (<c>[ForeignHandle(ReleaseReturnsStatus = true)]</c>)
    /// and no <c>Dispose</c> call could throw it: the finalizer released the object (the handle was never disposed), or
    /// the release ran as the last call still using a disposed handle returned, or in a consuming call that failed
    /// before native code got the object. An explicit <c>Dispose</c> that releases the object throws the failure
    /// instead, and does not raise this event.
    /// </summary>
    /// <remarks>
    /// The sender is the handle, already closed. Handlers run on the thread that released the object (possibly the
    /// finalizer thread) while it releases it; they must be quick and must not throw: an exception a handler throws is
    /// caught and dropped, because it would otherwise end the process (on the finalizer thread) or replace the result
    /// of an unrelated call. Every such failure also counts in <see cref="ReleaseFailureCount"/>, with or without a handler.
    /// </remarks>
    public static event EventHandler<ForeignReleaseFailedEventArgs>? ReleaseFailed;

    /// <summary>
    /// How many release failures were reported through <see cref="ReleaseFailed"/> (not thrown by a <c>Dispose</c>)
    /// in this process so far, whether or not a handler was subscribed.
    /// </summary>
    public static long ReleaseFailureCount => Interlocked.Read(ref releaseFailureCount);

    /// <summary>Whether generated calls may use the handle from several threads at once (the declaration's <c>ThreadSafe</c>).</summary>
    public bool IsThreadSafe => threadSafe;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Adds a reference for a call, like <see cref="SafeHandle.DangerousAddRef"/>, and refuses a handle that is disposed or
    /// was moved to native code — also one whose Dispose or move has started while earlier calls are still running.
    /// </summary>
    /// <param name="success">Set to true once the reference is added; the caller then calls <see cref="SafeHandle.DangerousRelease"/>, also when this throws.</param>
    /// <exception cref="ObjectDisposedException">The handle is disposed, being disposed, or moved to native code.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void DangerousBorrow(ref bool success)
    {
        // The first read only picks the precise exception for a handle that is long gone (SafeHandle's own says
        // nothing about a move); the second, after the interlocked add, is the one the argument above relies on. A
        // move or Dispose that completes between the two makes the add itself throw SafeHandle's exception: that one
        // is replaced by the precise one too (the claim is set before the handle closes).
        if (claim is null)
        {
            try
            {
                DangerousAddRef(ref success);
            }
            catch (ObjectDisposedException)
            {
                ThrowUnusable();
            }

            if (Volatile.Read(ref claim) is null)
            {
                return;
            }
        }

        ThrowUnusable();
    }

    /// <summary>
    /// <see cref="DangerousBorrow"/> for a handle that is not thread-safe: also waits until no other call uses it.
    /// Undo with <see cref="DangerousReturnExclusive"/>.
    /// </summary>
    /// <param name="success">Set to true once the reference is added and the handle is this call's; nothing is held when this throws.</param>
    /// <exception cref="ObjectDisposedException">The handle is disposed or moved to native code, or that started while this call waited.</exception>
    /// <exception cref="InvalidOperationException">This thread is already inside a call that uses the handle (a callback calling back with it).</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void DangerousBorrowExclusive(ref bool success)
    {
        if (claim is null)
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
            }
            catch (ObjectDisposedException)
            {
                ThrowUnusable(); // closed by a move or Dispose that completed since the read above: say which
            }

            int thread = Environment.CurrentManagedThreadId;
            if (Volatile.Read(ref claim) is null
                && (Interlocked.CompareExchange(ref lockWord, thread, 0) == 0 || EnterContended(thread)))
            {
                success = true;
                return;
            }

            DangerousRelease();
        }

        ThrowUnusable();
    }

    /// <summary>Ends a call that <see cref="DangerousBorrowExclusive"/> started: lets the next call in, then drops the reference.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void DangerousReturnExclusive()
    {
        Exit();
        DangerousRelease();
    }

    /// <summary>
    /// Moves the native object to native code for the consuming call <paramref name="function"/> and returns the
    /// handle value to pass it. Exactly one of Dispose and the consuming calls wins the handle; the winner refuses new
    /// calls at once, then waits until every call in flight has returned. Uncontended, nothing blocks or allocates.
    /// </summary>
    /// <param name="function">The consuming function as <c>library!symbol</c>, for the exception later uses get.</param>
    /// <returns>The native handle; from now on the caller owns the object and must hand it to native code (or release it with <see cref="DangerousReleaseAfterFailedMove"/>).</returns>
    /// <exception cref="ObjectDisposedException">Dispose or another move won the handle.</exception>
    /// <exception cref="InvalidOperationException">This thread is inside another call that uses the handle: the move would wait for it forever.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public nint DangerousMoveToNative(string function)
    {
        if (!threadSafe && (Volatile.Read(ref lockWord) & ~Contended) == Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException(
                $"The {TypeName} handle cannot be moved to native code by {function} while this thread is inside another call that uses it " +
                "(a callback of that call?): the move would wait for that call forever. Move it after the outer call returns.");
        }

        // IsClosed without a claim: the handle was invalidated by hand (SetHandleAsInvalid); there is nothing to move.
        if (IsClosed || Interlocked.CompareExchange(ref claim, function, null) is not null)
        {
            ThrowUnusable();
        }

        // From here on this call owns the object: no new call gets in, and nothing in .NET will release it. Dropping
        // the owner's reference leaves only the calls in flight; the last of them to return closes the handle (on this
        // thread at once when there are none) and wakes this one.
        base.Dispose(disposing: true);
        GC.SuppressFinalize(this);
        if (!IsClosed && !IsInvalid)
        {
            WaitForDrain();
        }

        return handle;
    }

    /// <summary>
    /// Releases the native object of a handle that <see cref="DangerousMoveToNative"/> moved, when the consuming call
    /// failed before native code got it (another argument could not be borrowed, moved or converted). The caller gave
    /// the object away either way; nothing else can release it now. Not called otherwise.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void DangerousReleaseAfterFailedMove()
    {
        if (!ownsNativeObject || IsInvalid)
        {
            return;
        }

        // The claim must not change: the call that closed the handle may still be on its way into BeginRelease, and
        // it must go on seeing a moved handle (one it does not release). Only this thread is let through.
        t_releasingAfterFailedMove = this;
        Volatile.Write(ref releasingAfterFailedMove, true);
        try
        {
            ReleaseHandle();
        }
        finally
        {
            t_releasingAfterFailedMove = null;
        }
    }

    /// <summary>
    /// Throws when one call gets the same handle twice where that cannot work: a consumed argument that is also passed
    /// as another argument (the move would wait for the call itself), or a handle that is not thread-safe, used twice.
    /// </summary>
    /// <param name="first">The earlier argument.</param>
    /// <param name="second">The later argument.</param>
    /// <param name="firstName">The earlier parameter's name.</param>
    /// <param name="secondName">The later parameter's name.</param>
    /// <param name="function">The function as <c>library!symbol</c>.</param>
    /// <param name="moved">Whether one of the two is <c>[Consumed]</c> (else the handle is not thread-safe).</param>
    /// <exception cref="ArgumentException">Both are the same handle.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void ThrowIfSameHandle(ForeignSafeHandle? first, ForeignSafeHandle? second, string firstName, string secondName, string function, bool moved)
    {
        if (first is not null && ReferenceEquals(first, second))
        {
            ThrowSameHandle(first, firstName, secondName, function, moved);
        }
    }

    /// <summary>
    /// Called first by the generated <see cref="SafeHandle.ReleaseHandle"/>: whether the native release function must run
    /// now. False when the object moved to native code (this wakes the waiting move: every call has returned).
    /// </summary>
    protected bool BeginRelease()
    {
        if (Volatile.Read(ref claim) is string)
        {
            if (Volatile.Read(ref releasingAfterFailedMove) && ReferenceEquals(t_releasingAfterFailedMove, this))
            {
                return true;
            }

            // SafeHandle closed the handle with an interlocked operation just before this; see WaitForDrain.
            if (Volatile.Read(ref drainWaiting))
            {
                Wake();
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// Called by the generated <see cref="SafeHandle.ReleaseHandle"/> of a handle whose release function returned a
    /// failure <paramref name="status"/>, after the release: inside an explicit <c>Dispose</c> of this handle on this
    /// thread, that <c>Dispose</c> throws it once the release is done; anywhere else (the finalizer, the last call in
    /// flight, a failed move) it raises <see cref="ReleaseFailed"/>. Never throws.
    /// </summary>
    /// <param name="library">The library that exports the release function.</param>
    /// <param name="function">The release function.</param>
    /// <param name="status">The status it returned.</param>
    protected void ReportReleaseFailure(string library, string function, int status)
    {
        var failure = new ForeignReleaseException(library, function, status, TypeName);
        if (ReferenceEquals(t_disposing, this))
        {
            t_releaseFailure = failure;
            return;
        }

        Interlocked.Increment(ref releaseFailureCount);
        if (ReleaseFailed is not { } handlers)
        {
            return;
        }

        var args = new ForeignReleaseFailedEventArgs(failure, fromFinalizer: ReferenceEquals(t_finalizing, this));
        foreach (Delegate handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<ForeignReleaseFailedEventArgs>)handler)(this, args);
            }
            catch
            {
                // See ReleaseFailed: a handler's exception must not end the process or replace another call's result.
            }
        }
    }

    /// <summary>
    /// Keeps a callback registration (<see cref="CallbackTable"/>) alive until the native object is released: the
    /// generated stub of a function that registers a <c>[Retained]</c> callback and returns this handle (a subscription)
    /// calls it, and the generated release frees the registration after the native release function returned, when
    /// native code can no longer call it. Not meant to be called by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RetainCallback(nint registration)
    {
        if (Interlocked.CompareExchange(ref retainedCallback, registration, 0) == 0)
        {
            return;
        }

        lock (Gate())
        {
            MoreRetainedCallbacks.GetOrCreateValue(this).Add(registration);
        }
    }

    /// <summary>Frees the callback registrations this handle kept (see <see cref="RetainCallback"/>); called by the
    /// generated release right after the native release function returned.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected void ReleaseRetainedCallbacks()
    {
        nint first = Interlocked.Exchange(ref retainedCallback, 0);
        if (first == 0)
        {
            return;
        }

        CallbackTable.Release(first);
        if (MoreRetainedCallbacks.TryGetValue(this, out List<nint>? more))
        {
            lock (Gate())
            {
                foreach (nint registration in more)
                {
                    CallbackTable.Release(registration);
                }

                more.Clear();
            }
        }
    }

    /// <summary>Dispose (and the finalizer) release the native object only if no move to native code claimed it first.</summary>
    /// <param name="disposing">True from <see cref="SafeHandle.Dispose()"/>, false from the finalizer.</param>
    /// <exception cref="ForeignReleaseException">
    /// This Dispose released the object and its release function returned a failure status (only for a handle whose
    /// release returns one); the handle is closed all the same.
    /// </exception>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.CompareExchange(ref claim, DisposedClaim, null) is null)
        {
            if (releaseReturnsStatus)
            {
                DisposeReportingStatus(disposing);
            }
            else
            {
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Dispose for a handle whose release returns a status: tells the release who runs it, then throws its failure.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DisposeReportingStatus(bool disposing)
    {
        if (!disposing)
        {
            t_finalizing = this;
            try
            {
                base.Dispose(disposing: false);
            }
            finally
            {
                t_finalizing = null;
            }

            return;
        }

        // SafeHandle releases here only when no call is using the handle; otherwise the last one releases it as it
        // returns, and reports through ReleaseFailed since this Dispose has returned by then.
        ForeignSafeHandle? outerDisposing = t_disposing;
        ForeignReleaseException? outerFailure = t_releaseFailure;
        ForeignReleaseException? failure;
        t_disposing = this;
        t_releaseFailure = null;
        try
        {
            base.Dispose(disposing: true);
        }
        finally
        {
            failure = t_releaseFailure;
            t_disposing = outerDisposing;
            t_releaseFailure = outerFailure;
        }

        if (failure is not null)
        {
            // SafeHandle.Dispose() suppresses finalization only after this returns; the handle is closed either way.
            GC.SuppressFinalize(this);
            throw failure;
        }
    }

    private string TypeName => GetType().Name;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowUnusable()
    {
        string message = Volatile.Read(ref claim) switch
        {
            string function => $"The {TypeName} handle was moved to native code by {function} and can no longer be used.",
            _ => $"The {TypeName} handle was disposed and can no longer be used.",
        };
        throw new ObjectDisposedException(TypeName, message);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSameHandle(ForeignSafeHandle handle, string firstName, string secondName, string function, bool moved)
        => throw new ArgumentException(
            $"The same {handle.TypeName} handle was passed as '{firstName}' and '{secondName}' to {function}: " +
            (moved
                ? "a handle that moves to native code cannot also be another argument of the same call."
                : "it is not thread-safe, so one call cannot use it twice."),
            secondName);

    /// <summary>The lock is taken (or this thread already has it): spin briefly, then block until it is free.</summary>
    /// <returns>True with the lock held; false (lock not held) if the handle was disposed or moved while this call waited.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool EnterContended(int thread)
    {
        if ((Volatile.Read(ref lockWord) & ~Contended) == thread)
        {
            DangerousRelease();
            throw new InvalidOperationException(
                $"The {TypeName} handle is not thread-safe ([ForeignHandle(ThreadSafe = false)]) and this thread is already inside a call " +
                "that uses it: a callback cannot call back into native code with the same handle. Pass the work back to the outer call, " +
                "or declare the handle thread-safe if the native object allows re-entrant use.");
        }

        if (!SpinToEnter(thread))
        {
            BlockToEnter(thread);
        }

        // Waiting took time: a Dispose or a move that started meanwhile refuses this call, as it would a new one.
        if (Volatile.Read(ref claim) is not null)
        {
            Exit();
            return false;
        }

        return true;
    }

    private bool SpinToEnter(int thread)
    {
        SpinWait spin = default;
        while (!spin.NextSpinWillYield)
        {
            if (Volatile.Read(ref lockWord) == 0 && Interlocked.CompareExchange(ref lockWord, thread, 0) == 0)
            {
                return true;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return false;
    }

    private void BlockToEnter(int thread)
    {
        object monitor = Gate();
        lock (monitor)
        {
            while (true)
            {
                int current = Volatile.Read(ref lockWord);
                if (current == 0)
                {
                    if (Interlocked.CompareExchange(ref lockWord, thread, 0) == 0)
                    {
                        return;
                    }
                }
                else if ((current & Contended) != 0 || Interlocked.CompareExchange(ref lockWord, current | Contended, current) == current)
                {
                    // The owner will see Contended when it exits and pulse under this monitor, which this thread holds
                    // until Wait releases it: the wake-up cannot be missed.
                    Monitor.Wait(monitor);
                }
            }
        }
    }

    private void Exit()
    {
        if ((Interlocked.Exchange(ref lockWord, 0) & Contended) != 0)
        {
            Wake();
        }
    }

    /// <summary>Waits until the handle is closed: every call that borrowed it has returned.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForDrain()
    {
        SpinWait spin = default;
        while (!spin.NextSpinWillYield)
        {
            if (IsClosed)
            {
                return;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        // The last borrower closes the handle with an interlocked operation and then reads drainWaiting (in
        // BeginRelease); this thread sets drainWaiting, fences, and then reads IsClosed under the monitor. Either that
        // borrower sees the flag and pulses under the monitor, or this thread sees the handle closed. A handle that
        // does not own its object never runs ReleaseHandle, so nothing pulses for it: the timeout covers that (a
        // contract violation anyway: moving an object that was only borrowed).
        object monitor = Gate();
        lock (monitor)
        {
            Volatile.Write(ref drainWaiting, true);
            Interlocked.MemoryBarrier();
            while (!IsClosed)
            {
                Monitor.Wait(monitor, millisecondsTimeout: 100);
            }
        }
    }

    /// <summary>Wakes every thread blocked on this handle; each re-checks what it waits for. Only called when one may be.</summary>
    private void Wake()
    {
        if (Monitors.TryGetValue(this, out object? monitor))
        {
            lock (monitor)
            {
                Monitor.PulseAll(monitor);
            }
        }
    }

    /// <summary>This handle's monitor, created by the first thread that has to block (and kept as long as the handle lives).</summary>
    private object Gate() => Monitors.GetValue(this, static _ => new object());
}
