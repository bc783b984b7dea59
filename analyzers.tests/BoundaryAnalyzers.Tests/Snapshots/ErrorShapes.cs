using System;
using Boundary;

namespace Snapshots.Shapes;

// The ABI shapes hand-written libraries use around errors and release (sqlite3 is the model): a null or sentinel
// result with the thread's last error, a message lent by the handle argument, success codes other than 0, and
// release functions that return a status.

[ForeignHandle(Release = "db_close", ReleaseReturnsStatus = true, ErrorMessage = "db_errmsg")]
public sealed partial class Database;

[ForeignHandle(Release = "db_finalize", ReleaseReturnsStatus = true, ThreadSafe = false)]
public sealed partial class Statement;

[ForeignHandle(Release = "go_conn_close", ReleaseReturnsStatus = true, ErrorMessage = "go_conn_errmsg")]
public sealed partial class Conn;

[ForeignErrors]
public enum DbError
{
    Ok = 0,
    Error = 1,
    [ThrowsAs(typeof(InvalidOperationException))] Busy = 5,
    [ForeignPanic] Panic = 99,
    [ForeignSuccess] Row = 100,
    [ForeignSuccess] Done = 101,
}

public enum Kind : byte { None = 0, Text = 1, Blob = 2 }

[ForeignBoundary("db", Errors = typeof(DbError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class Db
{
    // The status is the result: Row and Done return, every other non-zero status throws.
    public static partial DbError Step(Statement statement);

    // Failures read the message from the Database argument (db_errmsg), not the thread's last error.
    public static partial Statement Prepare(Database db, string sql);
    public static partial void Exec(Database? db, string sql);
    public static partial long Changes(Database db);

    // Consumed: native code owns it from the call on, so the message is the last error (BND3008, suppressed here).
#pragma warning disable BND3008
    public static partial void Attach(Statement statement, [Consumed] Database other);
#pragma warning restore BND3008

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static partial Database Open(string path);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static partial string ColumnText(Statement statement, int column);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    [return: Borrowed]
    public static partial Database Handle(Statement statement);

    // A sentinel read through a handle that lends messages.
    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = -1)]
    public static partial int ColumnCount(Database db, Statement statement);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = long.MinValue)]
    public static partial long ParseI64(string text);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = ulong.MaxValue)]
    public static partial ulong Hash(ReadOnlySpan<byte> data);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = false)]
    public static partial bool Reset(Statement statement);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel, ErrorSentinel = Kind.None)]
    public static partial Kind ColumnKind(Statement statement, int column);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static unsafe partial byte* Blob(Statement statement, int column);
}

[ForeignBoundary("nolast", ErrorShape = ForeignErrorShape.NullOrSentinel, LastError = "")]
internal static partial class NoLastError
{
    [ForeignFunction(ErrorSentinel = -1)]
    public static partial nint Find(int key);
}

[ForeignBoundary("go", Language = ForeignLanguage.Go, Errors = typeof(DbError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static partial class GoDb
{
    public static partial Conn Connect(string dsn);
    public static partial DbError Next(Conn conn);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static partial Conn Dial(string address);
}
