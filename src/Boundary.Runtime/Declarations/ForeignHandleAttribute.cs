using System;

namespace Boundary;

/// <summary>
/// Declares a <c>sealed partial class</c> that stands for a native object. The generator completes it as a
/// <see cref="System.Runtime.InteropServices.SafeHandle"/> whose release calls the native <see cref="Release"/> function.
/// </summary>
/// <remarks>
/// <para>
/// <b>Concurrency — by default calls may run at the same time.</b> Unless you set <see cref="ThreadSafe"/> to
/// <c>false</c>, generated functions let several threads pass the same handle to native code at once, exactly like
/// a <c>[LibraryImport]</c> SafeHandle; that is right only if the native object is safe for concurrent use (a Rust
/// type that is <c>Sync</c>, a Go value guarded by a mutex).
/// </para>
/// <para>
/// Whatever <see cref="ThreadSafe"/> says, Dispose and a <c>[Consumed]</c> argument are safe against calls in flight:
/// from the moment either starts no new call gets the handle (it throws <see cref="System.ObjectDisposedException"/>),
/// the native object is released or moved only after every call using it has returned, and exactly one of them wins
/// (a second move or a move racing Dispose throws <see cref="System.ObjectDisposedException"/>).
/// </para>
/// </remarks>
/// <example><code>
/// [ForeignHandle(Release = "geo_index_free")]
/// public sealed partial class GeoIndex;                        // calls with one GeoIndex may overlap
///
/// [ForeignHandle(Release = "parser_free", ThreadSafe = false)]
/// public sealed partial class Parser;                          // calls with one Parser run one at a time
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ForeignHandleAttribute : Attribute
{
    /// <summary>The exported function that releases the native object: it takes the handle and returns nothing.</summary>
    public string? Release { get; set; }

    /// <summary>
    /// The library that exports <see cref="Release"/>. Optional when the handle is used by boundaries of exactly one
    /// library in the same assembly: the generator then takes that library and its language.
    /// </summary>
    public string? Library { get; set; }

    /// <summary>The language of <see cref="Library"/>; only read when <see cref="Library"/> is set.</summary>
    public ForeignLanguage Language { get; set; }

    /// <summary>
    /// Whether the native object may be used by several calls at once. <b>Default <c>true</c>: generated calls with the
    /// same handle may overlap.</b> Set it to <c>false</c> for an object that is not safe for concurrent use (most Rust
    /// types that are not <c>Sync</c>, most Go values): every generated call that passes the handle — borrowed,
    /// retained or consumed — then runs alone, one at a time per handle object (other threads wait their turn). A call
    /// on the same thread that re-enters with the same handle (a callback calling back with it) throws
    /// <see cref="System.InvalidOperationException"/> instead of deadlocking.
    /// </summary>
    public bool ThreadSafe { get; set; } = true;
}
