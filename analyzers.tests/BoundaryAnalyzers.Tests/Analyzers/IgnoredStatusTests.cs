using Boundary.Analyzers.Analyzers.Errors;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    Boundary.Analyzers.Analyzers.Errors.IgnoredStatusAnalyzer,
    Boundary.CodeFixes.Errors.CheckStatusFixer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND3009: a status result dropped at a call site, where the function reports failure only through it.</summary>
public class IgnoredStatusTests
{
    private const string Declarations = """
        [ForeignErrors]
        public enum DbError { Ok = 0, Busy = 5, [ForeignSuccess] Row = 100, [ForeignSuccess] Done = 101 }

        [ForeignErrors]
        public enum GeoError { Ok = 0, NotFound = 1 }

        [ForeignHandle(Release = "db_close")]
        public sealed partial class Database;

        [ForeignBoundary("db", Errors = typeof(DbError))]
        internal static partial class Db
        {
            public static partial DbError Step(Database db);                       // no error shape: the status is the only news
            public static partial GeoError Reset(int id);
            public static partial System.Threading.Tasks.Task<GeoError> FlushAsync(Database db);
            public static partial int Count(Database db);                          // not a status

            [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)]
            public static partial DbError Exec(Database db);                        // failures throw: the result is a success code
        }

        [ForeignBoundary("checked", ErrorShape = ForeignErrorShape.StatusCode, Errors = typeof(GeoError))]
        internal static partial class Checked
        {
            public static partial GeoError Reset(int id);                           // the boundary's shape throws
        }

        internal static class Helpers
        {
            public static GeoError Local() => GeoError.Ok;                          // not a boundary function
        }

        """;

    [Fact]
    public Task Reports_dropped_statuses_and_checks_them_with_Fix_All() => Verify.VerifyAsync(
        Declarations + """
        static class P
        {
            static async System.Threading.Tasks.Task F(Database db, bool again)
            {
                {|BND3009:Db.Step(db)|};
                {|BND3009:Db.Reset(1)|};
                if (again) {|BND3009:Db.Reset(2)|}; else Console.WriteLine();
                {|BND3009:await Db.FlushAsync(db)|};
            }
        }
        """,
        Declarations + """
        static class P
        {
            static async System.Threading.Tasks.Task F(Database db, bool again)
            {
                if (Db.Step(db) is var status and not (DbError.Ok or DbError.Row or DbError.Done))
                {
                    throw new ForeignException<DbError>("db", "db_step", status, (int)status, Enum.IsDefined(status), null);
                }
                if (Db.Reset(1) is var status2 and not GeoError.Ok)
                {
                    throw new ForeignException<GeoError>("db", "db_reset", status2, (int)status2, Enum.IsDefined(status2), null);
                }
                if (again)
                {
                    if (Db.Reset(2) is var status3 and not GeoError.Ok)
                    {
                        throw new ForeignException<GeoError>("db", "db_reset", status3, (int)status3, Enum.IsDefined(status3), null);
                    }
                }
                else Console.WriteLine();
                if (await Db.FlushAsync(db) is var status4 and not GeoError.Ok)
                {
                    throw new ForeignException<GeoError>("db", "db_flush_async", status4, (int)status4, Enum.IsDefined(status4), null);
                }
            }
        }
        """);

    [Fact]
    public Task Leaves_checked_discarded_and_throwing_calls_alone() => AnalyzerVerifier<IgnoredStatusAnalyzer>.VerifyAsync(
        Declarations + """
        static class P
        {
            static DbError F(Database db)
            {
                _ = Db.Step(db);                                // an explicit discard: ignored on purpose
                DbError step = Db.Step(db);
                if (Db.Reset(1) != GeoError.Ok) return step;
                Db.Exec(db);                                    // StatusCode: a failure throws
                Checked.Reset(1);                               // the boundary's StatusCode shape throws
                Db.Count(db);                                   // not a status
                Helpers.Local();                                // not a boundary function
                Db.FlushAsync(db);                              // the task is dropped, not a status (unawaited)
                Func<GeoError> later = () => Db.Reset(3);       // returned, not dropped
                return Db.Step(db);
            }
        }
        """);
}
