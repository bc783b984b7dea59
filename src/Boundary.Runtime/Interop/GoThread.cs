using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Boundary.Interop;

/// <summary>
/// Per-thread preparation that generated stubs perform before calling into a Go library. Not meant to be called by
/// hand; generated code calls <see cref="EnsurePrepared"/> before every Go call and every Go handle release.
/// </summary>
/// <remarks>
/// A Go c-shared library forces <c>SA_ONSTACK</c> on the signal handlers .NET installed. .NET's GC suspension signal
/// then runs on the thread's alternate signal stack, which .NET sizes for stack-overflow reporting only (a few KiB),
/// and overflows it: 8 threads calling Go while another forces GCs crashed in 12 of 12 runs. An alternate signal
/// stack of at least 64 KiB on each thread before its first Go call removed every crash. The check costs one
/// thread-static read per call.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GoThread
{
    /// <summary>The smallest alternate signal stack a thread may call Go with; smaller ones are replaced.</summary>
    public const int MinimumSignalStackBytes = 64 * 1024;

    [ThreadStatic]
    private static bool t_prepared;

    /// <summary>Makes sure the current thread may call into Go. Cheap after the first call on a thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsurePrepared()
    {
        if (!t_prepared)
        {
            Prepare();
        }
    }

    /// <summary>Whether the current thread has been prepared (for tests and diagnostics).</summary>
    public static bool IsPrepared => t_prepared;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Prepare()
    {
        SignalStack.EnsureAtLeast(MinimumSignalStackBytes);
        t_prepared = true;
    }
}
