using System.Collections.Generic;

namespace Boundary;

/// <summary>
/// The loaded library does not export functions a boundary needs — its own functions, or the free, last-error, release
/// or cancel functions its stubs call. Thrown by the boundary's first call, before any native function ran, naming every
/// missing export at once.
/// </summary>
public sealed class ForeignExportException : ForeignException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="boundary">The boundary class.</param>
    /// <param name="libraryPath">The file that was loaded, where the platform says.</param>
    /// <param name="missing">Every missing export.</param>
    public ForeignExportException(string library, string boundary, string? libraryPath, IReadOnlyList<string> missing)
        : base(library, missing.Count > 0 ? missing[0] : "", 0, null,
            $"{library}{(libraryPath is null ? "" : $" ({libraryPath})")} does not export {(missing.Count == 1 ? "a function" : $"{missing.Count} functions")} {boundary} needs: {string.Join(", ", missing)}. Nothing was called: check the names (ForeignFunction, StringFree, BufferFree, LastError, ErrorFree, Release, Cancel) against the library.")
    {
        MissingExports = missing;
        LibraryPath = libraryPath;
    }

    /// <summary>Every export the boundary needs that the library does not have.</summary>
    public IReadOnlyList<string> MissingExports { get; }

    /// <summary>The file that was loaded, or null where the platform does not say.</summary>
    public string? LibraryPath { get; }
}

/// <summary>
/// The loaded library's ABI version does not fit the boundary's <c>AbiVersion</c>: a different major version, or a
/// smaller minor one. Thrown by the boundary's first call, before any other native function ran.
/// </summary>
public sealed class ForeignVersionException : ForeignException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="versionFunction">The export that reported the version.</param>
    /// <param name="boundary">The boundary class.</param>
    /// <param name="declared">The boundary's <c>AbiVersion</c>.</param>
    /// <param name="reported">What the library reported (null: nothing).</param>
    /// <param name="libraryPath">The file that was loaded, where the platform says.</param>
    public ForeignVersionException(string library, string versionFunction, string boundary, string declared, string? reported, string? libraryPath)
        : base(library, versionFunction, 0, reported,
            $"{library}{(libraryPath is null ? "" : $" ({libraryPath})")} reports ABI version {(reported is null ? "nothing" : $"'{reported}'")} from {versionFunction}, but {boundary} was built for {declared}: the major version must be the same and the minor version at least as high.")
    {
        DeclaredVersion = declared;
        ReportedVersion = reported;
        LibraryPath = libraryPath;
    }

    /// <summary>The version the boundary declares (<c>AbiVersion</c>).</summary>
    public string DeclaredVersion { get; }

    /// <summary>What the library's version function reported, or null.</summary>
    public string? ReportedVersion { get; }

    /// <summary>The file that was loaded, or null where the platform does not say.</summary>
    public string? LibraryPath { get; }
}
