using System;

namespace Boundary;

/// <summary>
/// A boundary tried to use a second Go library in a process that already hosts one. Every Go c-shared library carries
/// its own Go runtime, and two Go runtimes in one process corrupt each other's signal handling and threads, so the
/// second library is never loaded. Build the Go packages into one c-shared library, or host the other library in a
/// separate process. The analyzer reports the same mistake at build time (BND5001), also across referenced
/// assemblies. Libraries are told apart by the name the boundaries give the loader: use one name everywhere.
/// </summary>
public sealed class GoRuntimeConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="loadedLibrary">The Go library the process already uses.</param>
    /// <param name="refusedLibrary">The Go library that was not loaded.</param>
    public GoRuntimeConflictException(string loadedLibrary, string refusedLibrary)
        : base($"The Go library '{refusedLibrary}' was not loaded: this process already uses the Go library '{loadedLibrary}', " +
               "and a process can host only one Go runtime (each Go c-shared library brings its own). Build both Go packages " +
               "into one c-shared library, or call the second one from a separate process.")
    {
        LoadedLibrary = loadedLibrary;
        RefusedLibrary = refusedLibrary;
    }

    /// <summary>The Go library the process already uses.</summary>
    public string LoadedLibrary { get; }

    /// <summary>The Go library that was refused before it was loaded.</summary>
    public string RefusedLibrary { get; }
}
