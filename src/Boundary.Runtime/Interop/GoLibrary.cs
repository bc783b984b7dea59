using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>
/// A Go library as generated Go stubs name it: one instance per library name and declaring assembly. Its first use
/// in the process loads it explicitly, with the signal shim in place before the Go runtime starts (see
/// <see cref="GoSignals"/>), and refuses a second, different Go library (<see cref="GoRuntimeConflictException"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GoLibrary
{
    private static readonly object s_gate = new();
    private static readonly List<GoLibrary> s_declared = new();
    private static string? s_processGoLibrary;

    private volatile bool _ready;
    private bool _loadAttempted;

    private GoLibrary(string name, Assembly assembly)
    {
        Name = name;
        Assembly = assembly;
    }

    /// <summary>The library name, as the boundary passes it to the loader.</summary>
    public string Name { get; }

    /// <summary>The assembly whose boundary declares it (its DllImport search settings apply).</summary>
    public Assembly Assembly { get; }

    /// <summary>The Go library that this process uses, or null before the first Go call through the package.</summary>
    public static string? ProcessGoLibrary
    {
        get
        {
            lock (s_gate)
            {
                return s_processGoLibrary;
            }
        }
    }

    /// <summary>The one instance for a library declared by a boundary in the assembly of <paramref name="declaringType"/>.</summary>
    public static GoLibrary Get(string name, Type declaringType)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(declaringType);
        Assembly assembly = declaringType.Assembly;
        lock (s_gate)
        {
            foreach (GoLibrary known in s_declared)
            {
                if (known.Name == name && known.Assembly == assembly)
                {
                    return known;
                }
            }

            var library = new GoLibrary(name, assembly);
            s_declared.Add(library);
            return library;
        }
    }

    /// <summary>Loaded, and its code known to the signal shim: threads may call it without another look.</summary>
    internal bool IsReady => _ready;

    /// <summary>
    /// Makes sure the library is loaded behind the signal shim; throws if another Go library got there first. Returns
    /// whether this call synchronised the shim (so the caller need not do it again).
    /// </summary>
    internal bool EnsureLoaded()
    {
        if (_ready)
        {
            return false;
        }

        lock (s_gate)
        {
            if (_ready)
            {
                return false;
            }

            if (s_processGoLibrary is { } loaded && !string.Equals(loaded, Name, StringComparison.Ordinal))
            {
                throw new GoRuntimeConflictException(loaded, Name);
            }

            if (_loadAttempted)
            {
                // The explicit load failed; the stub's own call may have loaded it since (a DllImportResolver).
                MarkLoaded(GoSignals.Sync(expectingGo: false), loadedHere: false);
                return true;
            }

            _loadAttempted = true;

            // Handlers are wrapped before the Go runtime starts, so it finds them already on the alternate stack and
            // leaves them alone; then the shim learns where the Go code is. The explicit load uses the same probing
            // as [DllImport]. If it fails (the file is missing, or only a DllImportResolver knows it), nothing is
            // announced: handlers keep leaving the alternate stack for non-Go code, the stub's own call throws
            // DllNotFoundException or loads it, and the next call through a stub looks for the Go code again.
            _ = GoSignals.Sync(expectingGo: false);
            bool loadedHere = NativeLibrary.TryLoad(Name, Assembly, null, out _);
            MarkLoaded(GoSignals.Sync(expectingGo: loadedHere), loadedHere);
            return true;
        }
    }

    private void MarkLoaded(bool goCodeKnown, bool loadedHere)
    {
        if (goCodeKnown || loadedHere)
        {
            s_processGoLibrary = Name;
            _ready = true;
        }

        if (loadedHere && !goCodeKnown)
        {
            GoSignals.ReportNoGoRuntime(Name);
        }
    }
}
