using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>
/// The process-wide half of the Go guarantee: the native signal shim (<c>libboundary_signals.so</c>, shipped in the
/// package under <c>runtimes/linux-x64/native/</c>) that keeps .NET's signal handlers off the small alternate signal
/// stack on every thread, also threads that never call Go. Generated Go stubs drive it; nothing here needs calling.
/// </summary>
/// <remarks>
/// How and why: <c>docs/design/go-signals.md</c>. When the shim cannot be used (another OS or architecture, the file
/// is missing, <c>BOUNDARY_GO_SIGNAL_SHIM=off</c>, or the handlers could not be wrapped), the package says so once on
/// standard error, and only threads that call Go through generated stubs are protected (each gets a large alternate
/// signal stack, see <see cref="GoThread"/>).
/// </remarks>
public static unsafe class GoSignals
{
    /// <summary>Environment variable that turns the shim off (<c>off</c> or <c>0</c>), for diagnosis only.</summary>
    public const string SwitchVariable = "BOUNDARY_GO_SIGNAL_SHIM";

    private const string ShimLibrary = "boundary_signals";
    private static readonly object s_gate = new();
    private static delegate* unmanaged<int, ShimState*, int> s_sync;
    private static delegate* unmanaged<int, int> s_isWrapped;
    private static delegate* unmanaged<ShimState*, int> s_read;
    private static bool s_started;
    private static bool s_warned;
    private static string? s_inactiveReason;

    /// <summary>Whether the shim is loaded and every asynchronous signal handler could be wrapped.</summary>
    public static bool IsActive
    {
        get
        {
            lock (s_gate)
            {
                return s_sync is not null && s_inactiveReason is null;
            }
        }
    }

    /// <summary>Why the shim is not active, or null when it is (or has not been needed yet).</summary>
    public static string? InactiveReason
    {
        get
        {
            lock (s_gate)
            {
                return s_inactiveReason;
            }
        }
    }

    /// <summary>What the shim has done so far (for diagnostics and the stress tests); all zero when it is not active.</summary>
    public static GoSignalCounters Counters
    {
        get
        {
            lock (s_gate)
            {
                if (s_read is null)
                {
                    return default;
                }

                ShimState state = default;
                _ = s_read(&state);
                return ToCounters(state);
            }
        }
    }

    /// <summary>Whether the handler of <paramref name="signal"/> is the shim's trampoline (for tests).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool IsWrapped(int signal)
    {
        lock (s_gate)
        {
            return s_isWrapped is not null && s_isWrapped(signal) != 0;
        }
    }

    /// <summary>
    /// Wraps signal handlers installed since the shim last looked. Generated code does this on every thread's first Go
    /// call; call it yourself right after native code installs a signal handler while a Go library is loaded, if no new
    /// thread will call Go soon. Does nothing before the first Go call through the package, or when the shim is inactive.
    /// </summary>
    public static void Refresh()
    {
        lock (s_gate)
        {
            if (s_sync is not null)
            {
                _ = SyncLocked(expectingGo: false);
            }
        }
    }

    /// <summary>
    /// Wraps the handlers installed so far and learns the Go modules loaded so far. <paramref name="expectingGo"/>:
    /// a Go library is about to load. Returns whether Go code is known to the shim (always true when it is inactive,
    /// since there is then nothing to learn).
    /// </summary>
    internal static bool Sync(bool expectingGo)
    {
        lock (s_gate)
        {
            if (!s_started)
            {
                Start();
            }

            if (s_sync is null)
            {
                return true;
            }

            GoSignalCounters counters = SyncLocked(expectingGo);
            if (counters.UnwrappedSignals > 0 && s_inactiveReason is null)
            {
                s_inactiveReason = $"{counters.UnwrappedSignals} signal handler(s) could not be wrapped";
                WarnOnce();
            }

            return counters.GoModules > 0;
        }
    }

    /// <summary>
    /// A library declared as Go loaded, yet the shim found no Go runtime in the process (no module exports Go's
    /// c-shared marker): it keeps every handler on the alternate stack, as Go requires, and says so once.
    /// </summary>
    internal static void ReportNoGoRuntime(string library)
    {
        lock (s_gate)
        {
            if (s_sync is not null && s_inactiveReason is null)
            {
                s_inactiveReason = $"the library '{library}' loaded, but no Go c-shared runtime was found in the process (is it a Go library?)";
                WarnOnce();
            }
        }
    }

    private static GoSignalCounters SyncLocked(bool expectingGo)
    {
        ShimState state = default;
        _ = s_sync(expectingGo ? 1 : 0, &state);
        return ToCounters(state);
    }

    private static GoSignalCounters ToCounters(in ShimState state)
        => new(state.WrappedSignals, state.UnwrappedSignals, state.GoModules, state.Switched, state.InPlace);

    private static void Start()
    {
        s_started = true;
        if (OperatingSystem.IsWindows())
        {
            return; // No POSIX signals: nothing to guard.
        }

        string? setting = Environment.GetEnvironmentVariable(SwitchVariable);
        if (setting is "0" || string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
        {
            s_inactiveReason = $"turned off by {SwitchVariable}={setting}";
        }
        else if (!OperatingSystem.IsLinux())
        {
            s_inactiveReason = $"the shim supports Linux only, this is {RuntimeInformation.OSDescription}";
        }
        else if (!NativeLibrary.TryLoad(ShimLibrary, typeof(GoSignals).Assembly, null, out nint shim))
        {
            s_inactiveReason = $"lib{ShimLibrary}.so for {RuntimeInformation.RuntimeIdentifier} was not found next to the app or in the package's runtimes/ folder (the package ships it for linux-x64)";
        }
        else if (!NativeLibrary.TryGetExport(shim, "boundary_signals_sync", out nint sync)
            || !NativeLibrary.TryGetExport(shim, "boundary_signals_read", out nint read)
            || !NativeLibrary.TryGetExport(shim, "boundary_signals_is_wrapped", out nint isWrapped))
        {
            s_inactiveReason = $"lib{ShimLibrary}.so does not export the expected functions";
        }
        else
        {
            s_sync = (delegate* unmanaged<int, ShimState*, int>)sync;
            s_isWrapped = (delegate* unmanaged<int, int>)isWrapped;
            s_read = (delegate* unmanaged<ShimState*, int>)read;
            return;
        }

        WarnOnce();
    }

    private static void WarnOnce()
    {
        if (s_warned)
        {
            return;
        }

        s_warned = true;
        Console.Error.WriteLine(
            $"BoundaryAnalyzers: the Go signal shim is not active ({s_inactiveReason}). Only threads that call Go through " +
            "generated stubs are protected; any other thread of this process can crash when the GC suspends it while a Go " +
            "library is loaded. See docs/design/go-signals.md in the BoundaryAnalyzers package.");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ShimState
    {
        public int Version;
        public int WrappedSignals;
        public int UnwrappedSignals;
        public int GoModules;
        public int GoRanges;
        public int ExpectingGo;
        public long Switched;
        public long InPlace;
    }
}

/// <summary>What the Go signal shim has done in this process.</summary>
/// <param name="WrappedSignals">Asynchronous signal handlers now behind the shim's trampoline.</param>
/// <param name="UnwrappedSignals">Handlers that should have been wrapped but could not be.</param>
/// <param name="GoModules">Go c-shared libraries found in the process.</param>
/// <param name="Switched">Signals whose handler the shim ran on the interrupted thread's own stack.</param>
/// <param name="InPlace">Signals whose handler ran on the alternate stack (Go code interrupted, or a nested signal).</param>
public readonly record struct GoSignalCounters(int WrappedSignals, int UnwrappedSignals, int GoModules, long Switched, long InPlace);
