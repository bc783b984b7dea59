using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Boundary.Interop;

/// <summary>
/// What generated stubs do before calling into a Go library. Generated code calls
/// <see cref="EnsurePrepared(GoLibrary)"/> before every Go call and <see cref="EnsurePrepared()"/> before every Go
/// handle or buffer release. Code that calls the same Go library through its own <c>[DllImport]</c>s, on a thread no stub
/// ran on, calls <see cref="EnsurePrepared()"/> first.
/// </summary>
/// <remarks>
/// A Go c-shared library forces <c>SA_ONSTACK</c> onto .NET's signal handlers, so the GC's suspension signal would run
/// on each thread's small alternate signal stack and overflow it. Two layers keep that from crashing:
/// <list type="bullet">
/// <item>process-wide, before the Go library loads: the signal shim (<see cref="GoSignals"/>) runs .NET's handlers on
/// the interrupted thread's own stack whenever the interrupted code is not Go — on every thread, also threads that
/// never call Go;</item>
/// <item>per thread, before its first Go call: an alternate signal stack of at least
/// <see cref="MinimumSignalStackBytes"/> (Go's own handlers run there; and it is the fallback where the shim cannot be
/// used).</item>
/// </list>
/// After the first call on a thread the check is one thread-static read.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GoThread
{
    /// <summary>The smallest alternate signal stack this installs where a thread's is too small.</summary>
    public const int MinimumSignalStackBytes = 64 * 1024;

    /// <summary>
    /// The smallest alternate signal stack a thread may keep: smaller ones (.NET's own, ~12 KiB) are replaced. A thread
    /// Go created (a callback from a goroutine that calls a stub) already runs on Go's own 32 KiB signal stack, which Go
    /// keeps track of: it stays, since replacing it would move Go's handlers onto a stack Go does not know. Measured
    /// (docs/design/go-signals.md): 32 KiB or more never crashed .NET's handlers; 16 KiB did.
    /// </summary>
    public const int AcceptedSignalStackBytes = 32 * 1024;

    [ThreadStatic]
    private static GoLibrary? t_library;

    [ThreadStatic]
    private static bool t_prepared;

    /// <summary>Makes sure the Go library is loaded safely and the current thread may call it. Cheap after the first call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsurePrepared(GoLibrary library)
    {
        if (!ReferenceEquals(t_library, library))
        {
            Prepare(library);
        }
    }

    /// <summary>Makes sure the current thread may call into the Go library already in use (releases, finalizers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsurePrepared()
    {
        if (!t_prepared)
        {
            Prepare(null);
        }
    }

    /// <summary>Whether the current thread has been prepared (for tests and diagnostics).</summary>
    public static bool IsPrepared => t_prepared;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Prepare(GoLibrary? library)
    {
        bool synced = library?.EnsureLoaded() ?? false;
        if (!t_prepared)
        {
            SignalStack.EnsureAtLeast(MinimumSignalStackBytes, AcceptedSignalStackBytes);
            if (!synced)
            {
                // A new thread is a good moment to wrap handlers installed since the last look (System.Native
                // installs some lazily); Go code loaded by other means than a stub is found here too.
                _ = GoSignals.Sync(expectingGo: false);
            }

            t_prepared = true;
        }

        if (library is { IsReady: true })
        {
            t_library = library;
        }
    }
}
