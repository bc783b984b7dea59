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
///
/// [ForeignHandle(Release = "db_close", ReleaseReturnsStatus = true, ErrorMessage = "db_errmsg")]
/// public sealed partial class Database;                        // int32_t db_close(Database*); const char* db_errmsg(Database*)
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ForeignHandleAttribute : Attribute
{
    /// <summary>
    /// The exported function that releases the native object: it takes the handle and returns nothing
    /// (<c>void f(handle)</c>), or an <c>int32_t</c> status when <see cref="ReleaseReturnsStatus"/> is set.
    /// </summary>
    public string? Release { get; set; }

    /// <summary>
    /// Whether <see cref="Release"/> returns an <c>int32_t</c> status, 0 for success (<c>int32_t f(handle)</c>, like
    /// <c>sqlite3_finalize</c> and <c>sqlite3_close_v2</c>). The native object counts as released whatever the status:
    /// it is released exactly once and the handle is closed either way. A failure is never ignored: an explicit
    /// <see cref="System.Runtime.InteropServices.SafeHandle.Dispose()"/> that released the object throws a
    /// <see cref="ForeignException"/> with the library, the release function and the status as
    /// <see cref="ForeignException.NativeCode"/>, after the release; a release that no <c>Dispose</c> call can throw
    /// from (the finalizer's, or one that waited for the last call in flight) raises
    /// <see cref="Interop.ForeignSafeHandle.ReleaseFailed"/> and counts in
    /// <see cref="Interop.ForeignSafeHandle.ReleaseFailureCount"/>. A handle moved to native code
    /// (<c>[Consumed]</c>) is never released by .NET, so its status is the consuming function's business.
    /// </summary>
    public bool ReleaseReturnsStatus { get; set; }

    /// <summary>
    /// An exported function that lends out the message of the object's most recent failure, like
    /// <c>sqlite3_errmsg(db)</c>: <c>const char* f(handle)</c>, a NUL-terminated UTF-8 string the object owns, never
    /// freed. When a <see cref="ForeignErrorShape.StatusCode"/> or <see cref="ForeignErrorShape.NullOrSentinel"/>
    /// function fails and one of its borrowed parameters is of this handle type (the first such parameter), the
    /// message is read from that object, while the call still holds it, instead of from the thread's last error,
    /// which is left untouched.
    /// </summary>
    public string? ErrorMessage { get; set; }

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
