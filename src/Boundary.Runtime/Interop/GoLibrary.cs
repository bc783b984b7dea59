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

    /// <summary>Makes sure the library is loaded behind the signal shim; throws if another Go library got there first.</summary>
    internal void EnsureLoaded()
    {
        if (_ready)
        {
            return;
        }

        lock (s_gate)
        {
            if (_ready)
            {
                return;
            }

            if (s_processGoLibrary is { } loaded && !string.Equals(loaded, Name, StringComparison.Ordinal))
            {
                throw new GoRuntimeConflictException(loaded, Name);
            }

            s_processGoLibrary = Name;
            if (_loadAttempted)
            {
                _ready = GoSignals.Sync(expectingGo: true);
                return;
            }

            _loadAttempted = true;

            // Handlers are wrapped before the Go runtime starts, so it finds them already on the alternate stack and
            // leaves them alone; then the shim learns where the Go code is. The explicit load uses the same probing
            // as [DllImport]. If it fails (a DllImportResolver knows the file, or it is missing), the stub's own call
            // loads it or throws DllNotFoundException, and the next call through a stub finds the Go code instead;
            // until then the shim keeps handlers on the alternate stack (docs/design/go-signals.md, "When it runs").
            _ = GoSignals.Sync(expectingGo: false);
            _ = NativeLibrary.TryLoad(Name, Assembly, null, out _);
            _ready = GoSignals.Sync(expectingGo: true);
        }
    }
}
