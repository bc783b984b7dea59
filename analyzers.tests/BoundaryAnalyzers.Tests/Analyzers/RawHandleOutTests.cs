using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.Analyzers.Analyzers.Errors;
using Boundary.Analyzers.Analyzers.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.RawHandleReturnAnalyzer>;
using VerifyFix = BoundaryAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    Boundary.Analyzers.Analyzers.Declarations.RawHandleReturnAnalyzer,
    Boundary.CodeFixes.Declarations.RawHandleReturnFixer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>
/// BND1011 on <c>out</c> parameters: a native object written to a raw <c>out nint</c>/<c>void*</c>/opaque pointer
/// (the sqlite3_open_v2 shape) where an <c>out</c> [ForeignHandle] is meant, and its fix.
/// </summary>
public class RawHandleOutTests
{
    // ---------------------------------------------------------------- what it reports

    [Fact]
    public Task Reports_a_creators_out_parameter_with_or_without_a_release_function() => Verify.VerifyAsync(
        """
        public struct Session { }

        [ForeignBoundary("sqlite")]
        internal static unsafe partial class Sqlite
        {
            public static partial int Open(string name, out {|BND1011:nint|} db, int flags);
            public static partial int Close(nint db);

            public static partial void CreateLexer(out {|BND1011:IntPtr|} lexer);
            public static partial void FreeLexer(IntPtr lexer);

            public static partial int OpenFile(string path, out {|BND1011:void*|} file);
            public static partial void CloseFile(void* file);

            public static partial bool StoreNew(out {|BND1011:nuint|} store);

            public static partial int SessionAcquire(int timeout, out {|BND1011:Session*|} session);

            public static partial int OpenDatabase(string path, out {|BND1011:nint|} ppDb);
            public static partial void DatabaseClose(nint database);
        }
        """);

    [Fact]
    public Task Reports_an_out_parameter_a_release_function_is_named_after() => Verify.VerifyAsync(
        """
        public struct Document { }

        [ForeignBoundary("xml")]
        internal static unsafe partial class Xml
        {
            public static partial int Parse(byte* text, nuint length, out {|BND1011:Document*|} document);
            public static partial int Compile(string sql, out {|BND1011:nint|} outStatement);
            public static partial int ParseCursor(string query, out {|BND1011:nint|} result);
            public static partial void DocumentFree(Document* document);
            public static partial void StatementFree(nint statement);
            public static partial void CursorFree(nint cursor);
        }
        """);

    [Fact]
    public Task Reports_each_raw_out_parameter_of_one_function() => Verify.VerifyAsync(
        """
        [ForeignBoundary("pipes")]
        internal static partial class Pipes
        {
            public static partial int OpenPair(out {|BND1011:nint|} first, long start, out {|BND1011:nint|} second);
            public static partial int CreatePipe(out {|BND1011:nint|} reader, out {|BND1011:nint|} writer, out nuint capacity);
            public static partial void ReaderClose(nint reader);
        }
        """);

    [Fact]
    public Task The_name_of_a_function_returning_an_object_speaks_for_its_return() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_parser_free")]
        public sealed partial class Parser;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            // The verb creates what is returned; the out parameters need a release function of their own name.
            public static partial {|BND1011:nint|} CreateLexer(string grammar, out nint error);
            public static partial {|BND1011:nint|} CreateTokenizer(out {|BND1011:nint|} log);
            public static partial void LogFree(nint log);
            public static partial Parser CreateParser(out nint diagnostics);
            public static partial Parser? ParserOpen(string path, out nint userData);
        }
        """);

    [Fact]
    public Task Message_names_the_out_parameter_and_the_release_function()
        => MessageVerifier.VerifyAsync<RawHandleReturnAnalyzer>(
            """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, out {|#0:nint|} db, int flags);
                public static partial void Close(nint db);
            }
            """,
            "BND1011",
            "Out parameter 'db' of 'Open' is a raw 'nint' that is released by 'Close': declare it as a [ForeignHandle] type so the native object is released exactly once");

    [Fact]
    public Task Message_says_when_a_creators_out_parameter_has_no_release_function()
        => MessageVerifier.VerifyAsync<RawHandleReturnAnalyzer>(
            """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, out {|#0:nint|} db, int flags);
                public static partial int Close(nint db);
            }
            """,
            "BND1011",
            "Out parameter 'db' of 'Open' is a raw 'nint' that a constructor-like function creates, with no release function declared: declare it as");

    // ---------------------------------------------------------------- what it must not report

    [Fact]
    public Task Accepts_out_numbers() => Verify.VerifyAsync(
        """
        [ForeignBoundary("sys")]
        internal static partial class Sys
        {
            public static partial int Open(string name, out nint length);
            public static partial int CreateBuffer(out nuint count, out nint capacity, out nuint bytesWritten, out nint n);
            public static partial int NewCount(out nint value);
            public static partial int AllocSize(out nuint result);
            public static partial int Measure(nint list, out nuint size, out nint offset);
            public static partial int Read(out nint read, out nint itemIndex);
            public static partial void ReadFree(nint read);
            public static partial void CountFree(nint count);
        }
        """);

    [Fact]
    public Task Accepts_lookups_views_and_unnamed_outs_of_functions_that_do_not_create() => Verify.VerifyAsync(
        """
        public struct Node { }

        [ForeignHandle(Release = "doc_parser_free")]
        public sealed partial class Parser;

        [ForeignBoundary("doc")]
        internal static unsafe partial class Doc
        {
            public static partial void DocumentFree(nint document);
            public static partial void NodeFree(Node* node);
            public static partial int GetDocument(string name, out nint document);
            public static partial int FindNode(string path, out Node* node);
            public static partial int LookupDocument(int id, out nint document);
            public static partial int CurrentDocument(out nint document);
            public static partial int ParserDocument(Parser parser, out nint document);
            public static partial int DocumentParent(nint document, out nint parentDocument);
            public static partial int NodeNext(Node* node, out Node* nextNode);
            public static partial int Run(string command, out nint result);
            public static partial int Parse(string text, out nint tree);
            public static partial int Touch(out nint document, nint other);
        }
        """);

    [Fact]
    public Task Accepts_out_handles_memory_code_and_declared_ownership() => Verify.VerifyAsync(
        """
        [StructLayout(LayoutKind.Sequential)]
        public struct Point { public double X, Y; }

        [ForeignHandle(Release = "lib_parser_free")]
        public sealed partial class Parser;

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial int ParserNew(out Parser parser);
            public static partial int ParserOpen([Borrowed] out Parser parser);
            public static partial int CreateNumber(out int number);
            public static partial int CreateLong(out long value);
            public static partial int CreatePoint(out Point* point);
            public static partial int AllocBytes(nuint size, out byte* data);
            public static partial int NewInts(out int* ints);
            public static partial int NewCallback(out delegate* unmanaged<int, int> callback);
            public static partial int NewPointerArray(out void** slots);
            public static partial int NewPoint(out Point point);
        }
        """);

    [Fact]
    public Task Accepts_by_reference_and_borrowed_raw_parameters() => Verify.VerifyAsync(
        """
        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial int Open(string name, ref nint db, int flags);
            public static partial int OpenReadOnly(string name, in nint db);
            public static partial int OpenShared(string name, [Borrowed] out nint db);
            public static partial void Close(nint db);
        }
        """);

    [Fact]
    public async Task Leaves_an_ownership_attribute_on_a_raw_out_parameter_to_BND1008()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, [Borrowed] out nint db, int flags);
                public static partial void Close(nint db);
            }
            """,
            new BoundaryDeclarationAnalyzer(),
            new RawHandleReturnAnalyzer());

        diagnostics.Select(d => d.Id).Should().Equal(["BND1008"], "diagnostics:\n" + string.Join("\n", diagnostics));
    }

    [Fact]
    public Task Accepts_raw_out_parameters_outside_boundaries_and_outside_boundary_functions() => Verify.VerifyAsync(
        """
        internal static partial class NotABoundary
        {
            [DllImport("sqlite3", EntryPoint = "sqlite3_open")]
            public static extern int Open(string name, out nint db);

            [DllImport("sqlite3", EntryPoint = "sqlite3_close")]
            public static extern void Close(nint db);

            public static int CreateParser(out nint parser) { parser = 0; return 0; }
        }

        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static int OpenHelper(string name, out nint db) { db = 0; return 0; }
            private static void NewScratch(out nint scratch) => scratch = 0;
            public static partial void Close(nint db);
        }
        """);

    [Fact]
    public Task Stays_silent_where_another_rule_reports_the_declaration() => Verify.VerifyAsync(
        """
        [ForeignBoundary("sqlite")]
        internal partial class NotStatic
        {
            public static partial int {|CS8795:Open|}(string name, out nint db);
        }

        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial int {|CS0759:OpenBody|}(string name, out nint db) { db = 0; return 0; }
            public static partial int {|CS8795:OpenGeneric|}<T>(out nint db);
            public static partial int OpenRetained(string name, [Retained] out nint db);
            public static partial int OpenConsumed(string name, [Consumed] out nint db);
        }
        """);

    [Fact]
    public async Task Ignores_generated_code()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            "// <auto-generated/>\n" + TestSetup.Usings + """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, out nint db, int flags);
                public static partial void Close(nint db);
            }
            """,
            new RawHandleReturnAnalyzer());

        diagnostics.Should().BeEmpty();
    }

    public static TheoryData<string> BrokenInputs => new()
    {
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int OpenX(out Missing* x); public static partial void XFree(Missing* x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int OpenX(out ); public static partial int OpenY(out nint); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int OpenX(out nint x, out nint x); public static partial void XFree(nint x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int OpenX(out nint x; public static partial void XFree(nint }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int Open(out nint @out, out nint _, out nint __, out nint @int); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int Open(params nint[] x); public static partial int New(out nint[] x, out nint* y, this out nint z); }""",
        """[ForeignBoundary("lib")] static partial class Lib<T> { public static partial int CreateX(out T* x); public static partial void XFree(T* x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial int NewS(out S* s); } struct S { S* self; }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial ref nint NewRef(out nint x); public static partial int Open(scoped out nint x, out nint? y); }""",
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task Never_throws_on_broken_code(string source)
    {
        Compilation compilation = TestCompilation.Run(TestSetup.Usings + source).Output;
        var withAnalyzers = compilation.WithAnalyzers(
            [new RawHandleReturnAnalyzer()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));

        IEnumerable<Diagnostic> diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();

        diagnostics.Should().NotContain(d => d.Id == "AD0001");
    }

    // ---------------------------------------------------------------- the code fix

    private const string OpenSource = """
        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial int Open(string name, out {|BND1011:nint|} db, int flags);

            /// <summary>Runs SQL.</summary>
            public static partial int Exec(nint db, string sql);

            /// <summary>Closes the connection.</summary>
            public static partial void Close(nint db);
        }
        """;

    private const string OpenFixed = """
        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial int Open(string name, out Db db, int flags);

            /// <summary>Runs SQL.</summary>
            public static partial int Exec(Db db, string sql);
        }

        [ForeignHandle(Release = "sqlite_close")]
        internal sealed partial class Db;
        """;

    [Fact]
    public Task Fix_declares_the_handle_for_the_out_parameter_and_removes_the_release_function()
        => VerifyFix.VerifyAsync(OpenSource, OpenFixed);

    private const string StatusCloseSource = """
        namespace App.Native
        {
            [ForeignBoundary("sqlite")]
            public static partial class Sqlite
            {
                public static partial int Open(string name, out {|BND1011:nint|} db, int flags);
                public static partial int Exec(nint db, string sql);
                public static partial int Close(nint db);
            }
        }
        """;

    private const string StatusCloseFixed = """
        namespace App.Native
        {
            [ForeignBoundary("sqlite")]
            public static partial class Sqlite
            {
                public static partial int Open(string name, out Db db, int flags);
                public static partial int Exec(Db db, string sql);
                public static partial int Close(nint db);
            }

            [ForeignHandle]
            public sealed partial class Db;
        }
        """;

    [Fact]
    public Task Fix_leaves_a_status_returning_close_raw_and_lets_BND1004_ask_for_the_release_function()
        => VerifyFix.VerifyAsync(StatusCloseSource, StatusCloseFixed);

    [Fact]
    public Task Fix_converts_returns_and_out_parameters_sharing_the_release_function_in_one_step() => VerifyFix.VerifyAsync(
        """
        public struct Parser { }

        [ForeignBoundary("parse", EntryPointPrefix = "p_")]
        internal static unsafe partial class Parse
        {
            public static partial {|BND1011:Parser*|} CreateParser();
            public static partial int ParserOpen(string path, out {|BND1011:Parser*|} parser);
            public static partial int Run(Parser* parser, Parser* otherParser, out Parser* unrelated);

            [ForeignFunction("destroy_parser_v2")]
            public static partial void ParserDestroy(Parser* parser);
        }
        """,
        """
        public struct Parser { }

        [ForeignBoundary("parse", EntryPointPrefix = "p_")]
        internal static unsafe partial class Parse
        {
            public static partial ParserHandle CreateParser();
            public static partial int ParserOpen(string path, out ParserHandle parser);
            public static partial int Run(ParserHandle parser, ParserHandle otherParser, out Parser* unrelated);
        }

        [ForeignHandle(Release = "destroy_parser_v2")]
        internal sealed partial class ParserHandle;
        """);

    [Fact]
    public Task Fix_gives_several_out_parameters_of_one_object_one_handle() => VerifyFix.VerifyAsync(
        """
        [ForeignBoundary("pipes")]
        internal static partial class Pipes
        {
            public static partial int OpenPair(out {|BND1011:nint|} first, long start, out {|BND1011:nint|} second);
            public static partial long PairRead(nint pair);
            public static partial void PairClose(nint pair);
        }
        """,
        """
        [ForeignBoundary("pipes")]
        internal static partial class Pipes
        {
            public static partial int OpenPair(out Pair first, long start, out Pair second);
            public static partial long PairRead(Pair pair);
        }

        [ForeignHandle(Release = "pipes_pair_close")]
        internal sealed partial class Pair;
        """);

    [Fact]
    public Task Fix_gives_differently_released_out_parameters_their_own_handles() => VerifyFix.VerifyAsync(
        """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial void CreateParser(string grammar, out {|BND1011:nint|} parser, out {|BND1011:nint|} log);
            public static partial void ParserFree(nint parser);
            public static partial void LogWrite(nint log, string text);
        }
        """,
        """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial void CreateParser(string grammar, out Parser parser, out Log log);
            public static partial void LogWrite(Log log, string text);
        }

        [ForeignHandle(Release = "parse_parser_free")]
        internal sealed partial class Parser;

        [ForeignHandle]
        internal sealed partial class Log;
        """);

    [Fact]
    public Task Fix_names_a_generic_out_parameter_after_the_boundary() => VerifyFix.VerifyAsync(
        """
        [ForeignBoundary("store", Language = ForeignLanguage.Go)]
        public static partial class Store
        {
            public static partial void Open(string path, out {|BND1011:nuint|} handle);
            public static partial long Size(nuint handle);
        }
        """,
        """
        [ForeignBoundary("store", Language = ForeignLanguage.Go)]
        public static partial class Store
        {
            public static partial void Open(string path, out StoreHandle handle);
            public static partial long Size(nuint handle);
        }

        [ForeignHandle]
        public sealed partial class StoreHandle;
        """);

    [Fact]
    public Task Fix_All_fixes_returns_and_out_parameters_in_one_pass() => VerifyFix.VerifyAsync(
        [
            TestSetup.Usings + """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, out {|BND1011:nint|} db, int flags);
                public static partial void Close(nint db);
                public static partial int Prepare(string sql, out {|BND1011:nint|} statement);
                public static partial int Step(nint statement);
                public static partial void StatementFree(nint statement);
                public static partial {|BND1011:nint|} BackupNew(nint db);
            }
            """,
            TestSetup.Usings + """
            internal static partial class Sqlite
            {
                public static partial void BackupFree(nint backup);
                public static partial int BackupStep(nint backup, int pages);
            }
            """,
        ],
        [
            TestSetup.Usings + """
            [ForeignBoundary("sqlite")]
            internal static partial class Sqlite
            {
                public static partial int Open(string name, out Db db, int flags);
                public static partial int Prepare(string sql, out Statement statement);
                public static partial int Step(Statement statement);
                public static partial Backup BackupNew(Db db);
            }

            [ForeignHandle(Release = "sqlite_close")]
            internal sealed partial class Db;

            [ForeignHandle(Release = "sqlite_statement_free")]
            internal sealed partial class Statement;

            [ForeignHandle(Release = "sqlite_backup_free")]
            internal sealed partial class Backup;
            """,
            TestSetup.Usings + """
            internal static partial class Sqlite
            {
                public static partial int BackupStep(Backup backup, int pages);
            }
            """,
        ],
        test =>
        {
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
        });

    // ---------------------------------------------------------------- the fixed code is clean

    public static TheoryData<string, string[]> FixedSources => new()
    {
        { OpenFixed, [] },
        { StatusCloseFixed, ["BND1004"] }, // No release function was known: BND1004 asks for it.
    };

    [Theory]
    [MemberData(nameof(FixedSources))]
    public async Task Fixed_code_compiles_and_leaves_only_the_expected_diagnostics(string fixedSource, string[] expected)
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            TestSetup.Usings + fixedSource,
            new BoundaryDeclarationAnalyzer(),
            new HandleDeclarationAnalyzer(),
            new RawHandleReturnAnalyzer(),
            new ErrorEnumAnalyzer(),
            new OwnershipAnalyzer());

        diagnostics.Select(d => d.Id).Should().Equal(expected, "diagnostics:\n" + string.Join("\n", diagnostics));
    }
}
