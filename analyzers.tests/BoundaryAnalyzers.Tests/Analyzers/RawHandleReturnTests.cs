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

/// <summary>BND1011: a raw IntPtr, nint, nuint or pointer returned where a [ForeignHandle] type is meant, and its fix.</summary>
public class RawHandleReturnTests
{
    // ---------------------------------------------------------------- what it reports

    [Fact]
    public Task Reports_a_creator_whose_object_a_release_function_of_the_boundary_takes_back() => Verify.VerifyAsync(
        """
        public struct Document { }

        [ForeignBoundary("parse")]
        internal static unsafe partial class Parse
        {
            public static partial {|BND1011:nint|} ParserNew(string grammar);
            public static partial void ParserFree(nint parser);

            public static partial {|BND1011:IntPtr|} CreateLexer();
            public static partial void FreeLexer(IntPtr lexer);

            public static partial {|BND1011:void*|} OpenFile(string path);
            public static partial void CloseFile(void* file);

            public static partial {|BND1011:nuint|} StoreNew();
            public static partial void StoreRelease(nuint store);

            public static partial {|BND1011:Document*|} CloneDocument(Document* document);
            public static partial void DocumentDestroy(Document* document);
        }
        """);

    [Fact]
    public Task Reports_a_function_named_after_the_object_its_release_function_frees() => Verify.VerifyAsync(
        """
        public struct Document { }

        [ForeignBoundary("xml")]
        internal static unsafe partial class Xml
        {
            public static partial {|BND1011:Document*|} ParseDocument(byte* text, nuint length);
            public static partial {|BND1011:nint|} Cursor(string query);
            public static partial void DocumentFree(Document* document);
            public static partial void CursorFree(nint cursor);
        }
        """);

    [Fact]
    public Task Reports_a_creator_without_any_release_function() => Verify.VerifyAsync(
        """
        public struct Arena { }

        [ForeignBoundary("mem")]
        internal static unsafe partial class Mem
        {
            public static partial {|BND1011:nint|} CreateParser(string grammar);
            public static partial {|BND1011:IntPtr|} SessionOpen();
            public static partial {|BND1011:void*|} AllocScratch(nuint size);
            public static partial {|BND1011:Arena*|} MakeArena();
            public static partial {|BND1011:nuint|} AcquireLease();
        }
        """);

    [Fact]
    public Task Reports_each_creator_sharing_a_release_function() => Verify.VerifyAsync(
        """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial {|BND1011:nint|} CreateParser();
            public static partial {|BND1011:nint|} ParserClone(nint parser);
            public static partial {|BND1011:nint|} ParserDup(nint parser);
            public static partial void ParserFree(nint parser);
        }
        """);

    [Fact]
    public Task Message_names_the_release_function()
        => MessageVerifier.VerifyAsync<RawHandleReturnAnalyzer>(
            """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|#0:nint|} ParserNew();
                public static partial void ParserFree(nint parser);
            }
            """,
            "BND1011",
            "'ParserNew' returns a raw 'nint' that is released by 'ParserFree': return a [ForeignHandle] type so the native object is released exactly once");

    [Fact]
    public Task Message_says_when_no_release_function_is_declared()
        => MessageVerifier.VerifyAsync<RawHandleReturnAnalyzer>(
            """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|#0:IntPtr|} CreateParser();
            }
            """,
            "BND1011",
            "'CreateParser' returns a raw 'IntPtr' that a constructor-like function creates, with no release function declared: return a [ForeignHandle] type");

    [Fact]
    public Task Message_says_when_the_release_functions_declared_release_something_else()
        => MessageVerifier.VerifyAsync<RawHandleReturnAnalyzer>(
            """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|#0:nint|} CreateParser();
                public static partial void LexerFree(nint lexer);
            }
            """,
            "BND1011",
            "with no release function declared for it");

    // ---------------------------------------------------------------- what it must not report

    [Fact]
    public Task Accepts_numbers_addresses_and_accessors_that_are_not_owned_objects() => Verify.VerifyAsync(
        """
        [StructLayout(LayoutKind.Sequential)]
        public struct Point { public double X, Y; }

        [ForeignBoundary("sys")]
        internal static unsafe partial class Sys
        {
            public static partial nint Count();
            public static partial nuint Length(nint list);
            public static partial nint Offset(nint a, nint b);
            public static partial nuint Version();
            public static partial nint Add(nint a, nint b);
            public static partial byte* Data(nint buffer);
            public static partial byte* Greet(byte* name, nuint length);
            public static partial nint NewCount();
            public static partial nuint AllocSize();
            public static partial nint OpenFilesCount();
            public static partial byte* AllocBytes(nuint size);
            public static partial int* NewInts(nuint count);
            public static partial Point* NewPoint();
            public static partial delegate* unmanaged<int, int> NewCallback();
            public static partial void* UserData(nint context);
        }
        """);

    [Fact]
    public Task Accepts_lookups_and_views_of_objects_a_release_function_frees() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "doc_parser_free")]
        public sealed partial class Parser;

        [ForeignBoundary("doc")]
        internal static partial class Doc
        {
            public static partial void DocumentFree(nint document);
            public static partial nint GetDocument(string name);
            public static partial nint FindDocument(string name);
            public static partial nint ParserDocument(Parser parser);
            public static partial nint DocumentParent(nint document);
            public static partial nint DocumentCount();
            public static partial nint Root(nint document);
            public static partial void DocumentTouch(nint document);
        }
        """);

    [Fact]
    public Task Accepts_handles_and_declared_ownership() => Verify.VerifyAsync(
        """
        [ForeignHandle(Release = "lib_parser_free")]
        public sealed partial class Parser;

        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial Parser ParserNew();
            public static partial Parser? ParserClone(Parser parser);
            [return: Borrowed] public static partial Parser ParserDefault();
            public static partial void Use(Parser parser, nint raw);
        }
        """);

    [Fact]
    public Task Accepts_raw_returns_outside_boundaries_and_outside_boundary_functions() => Verify.VerifyAsync(
        """
        internal static partial class NotABoundary
        {
            [DllImport("parse", EntryPoint = "parse_parser_new")]
            public static extern nint ParserNew();

            [DllImport("parse", EntryPoint = "parse_parser_free")]
            public static extern void ParserFree(nint parser);

            public static nint CreateParser() => 0;
        }

        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static nint CreateHelper() => 0;
            private static nint NewScratch() { return 0; }
            public static partial int Run(int x);
        }
        """);

    [Fact]
    public Task Stays_silent_where_another_rule_reports_the_declaration() => Verify.VerifyAsync(
        """
        [ForeignBoundary("parse")]
        internal partial class NotStatic
        {
            public static partial nint {|CS8795:CreateParser|}();
        }

        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            [return: Borrowed] public static partial nint CreateShared();
            public static partial nint {|CS0759:CreateParser|}() => 0;
            public static partial nint {|CS8795:CreateGeneric|}<T>();
        }
        """);

    [Fact]
    public async Task Ignores_generated_code()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(
            "// <auto-generated/>\n" + TestSetup.Usings + """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial nint ParserNew();
                public static partial void ParserFree(nint parser);
            }
            """,
            new RawHandleReturnAnalyzer());

        diagnostics.Should().BeEmpty();
    }

    public static TheoryData<string> BrokenInputs => new()
    {
        """[ForeignBoundary("lib")] static partial class Lib { public static partial Missing* CreateX(); public static partial void XFree(Missing* x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial nint CreateX(); public static partial void XFree(Missing x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial nint CreateX(; public static partial void XFree(nint }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial nint (); public static partial void Free(nint); }""",
        """[ForeignBoundary] static partial class Lib { public static partial nint CreateX(); }""",
        """[ForeignBoundary(null)] static partial class Lib { public static partial nint CreateX(); }""",
        """[ForeignBoundary("lib", EntryPointPrefix = null)] static partial class Lib { public static partial nint CreateX(); [ForeignFunction(null)] public static partial void XFree(nint x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial nint CreateX(); public static partial void XFree(nint x, ); public static partial void Free(ref nint x); }""",
        """[ForeignBoundary("lib")] static partial class Lib<T> { public static partial T* CreateX(); public static partial void XFree(T* x); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial S* NewS(); } struct S { S* self; }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial void*[] NewMany(); public static partial nint* NewPtr(); public static partial nint _(); public static partial nint New_(); }""",
        """[ForeignBoundary("lib")] static partial class Lib { public static partial ref nint NewRef(); public static partial ref readonly void* OpenRef(); public static partial void RefFree(ref nint r); }""",
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

    private const string ReleasedSource = """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial {|BND1011:nint|} ParserNew(string grammar);

            /// <summary>Feeds input.</summary>
            public static partial int ParserFeed(nint parser, ReadOnlySpan<byte> input);

            /// <summary>Frees the parser.</summary>
            public static partial void ParserFree(nint parser);

            public static partial nint Offset(nint parser, nint position);
        }
        """;

    private const string ReleasedFixed = """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial Parser ParserNew(string grammar);

            /// <summary>Feeds input.</summary>
            public static partial int ParserFeed(Parser parser, ReadOnlySpan<byte> input);

            public static partial nint Offset(Parser parser, nint position);
        }

        [ForeignHandle(Release = "parse_parser_free")]
        internal sealed partial class Parser;
        """;

    [Fact]
    public Task Fix_declares_the_handle_with_the_release_entry_point_and_removes_the_release_function()
        => VerifyFix.VerifyAsync(ReleasedSource, ReleasedFixed);

    private const string CreatedSource = """
        namespace App.Native
        {
            [ForeignBoundary("sess")]
            public static partial class Sessions
            {
                public static partial {|BND1011:IntPtr|} CreateSession(string name);
                public static partial int SessionPing(IntPtr session);
            }

            public static class Caller { }
        }
        """;

    private const string CreatedFixed = """
        namespace App.Native
        {
            [ForeignBoundary("sess")]
            public static partial class Sessions
            {
                public static partial Session CreateSession(string name);
                public static partial int SessionPing(Session session);
            }

            [ForeignHandle]
            public sealed partial class Session;

            public static class Caller { }
        }
        """;

    [Fact]
    public Task Fix_without_a_release_function_declares_a_public_handle_for_BND1004_to_complete()
        => VerifyFix.VerifyAsync(CreatedSource, CreatedFixed);

    [Fact]
    public Task Fix_uses_ForeignFunction_symbols_and_avoids_taken_names() => VerifyFix.VerifyAsync(
        """
        public struct Parser { }

        [ForeignBoundary("parse", EntryPointPrefix = "p_")]
        internal static unsafe partial class Parse
        {
            public static partial {|BND1011:Parser*|} CreateParser();
            public static partial int Run(Parser* parser, Parser* otherParser, Parser* unrelated);

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
            public static partial int Run(ParserHandle parser, ParserHandle otherParser, Parser* unrelated);
        }

        [ForeignHandle(Release = "destroy_parser_v2")]
        internal sealed partial class ParserHandle;
        """);

    [Fact]
    public Task Fix_converts_every_creator_sharing_the_release_function_in_one_step() => VerifyFix.VerifyAsync(
        """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial {|BND1011:nint|} CreateParser();
            public static partial {|BND1011:nint|} ParserClone(nint parser);
            public static partial void ParserFree(nint parser);
        }
        """,
        """
        [ForeignBoundary("parse")]
        internal static partial class Parse
        {
            public static partial Parser CreateParser();
            public static partial Parser ParserClone(Parser parser);
        }

        [ForeignHandle(Release = "parse_parser_free")]
        internal sealed partial class Parser;
        """);

    [Fact]
    public Task Fix_without_a_release_function_converts_every_creator_of_the_object_inside_a_containing_type() => VerifyFix.VerifyAsync(
        """
        public static partial class Native
        {
            [ForeignBoundary("cache")]
            private static partial class Cache
            {
                public static partial {|BND1011:nint|} CacheOpen(string path);
                public static partial {|BND1011:nint|} CacheClone(nint cache);
                public static partial long CacheSize(nint cache);
            }
        }
        """,
        """
        public static partial class Native
        {
            [ForeignBoundary("cache")]
            private static partial class Cache
            {
                public static partial CacheHandle CacheOpen(string path);
                public static partial CacheHandle CacheClone(CacheHandle cache);
                public static partial long CacheSize(CacheHandle cache);
            }

            [ForeignHandle]
            internal sealed partial class CacheHandle;
        }
        """);

    [Fact]
    public Task Fix_names_a_nameless_creator_after_its_release_function_or_the_boundary() => VerifyFix.VerifyAsync(
        """
        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial {|BND1011:nint|} Open(string path);
            public static partial void DatabaseClose(nint database);
            public static partial {|BND1011:nuint|} New();
        }
        """,
        """
        [ForeignBoundary("sqlite")]
        internal static partial class Sqlite
        {
            public static partial Database Open(string path);
            public static partial SqliteHandle New();
        }

        [ForeignHandle(Release = "sqlite_database_close")]
        internal sealed partial class Database;

        [ForeignHandle]
        internal sealed partial class SqliteHandle;
        """);

    [Fact]
    public Task Fix_edits_every_document_the_boundary_spans() => VerifyFix.VerifyAsync(
        [
            TestSetup.Usings + """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|BND1011:nint|} ParserNew();
            }
            """,
            TestSetup.Usings + """
            internal static partial class Parse
            {
                public static partial void ParserFree(nint parser);
                public static partial int ParserRun(nint parser);
            }
            """,
        ],
        [
            TestSetup.Usings + """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial Parser ParserNew();
            }

            [ForeignHandle(Release = "parse_parser_free")]
            internal sealed partial class Parser;
            """,
            TestSetup.Usings + """
            internal static partial class Parse
            {
                public static partial int ParserRun(Parser parser);
            }
            """,
        ]);

    [Fact]
    public Task Fix_writes_the_attribute_qualified_where_Boundary_is_not_imported() => VerifyFix.VerifyAsync(
        [
            """
            namespace App;

            [Boundary.ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|BND1011:nint|} ParserNew();
                public static partial void ParserFree(nint parser);
            }
            """,
        ],
        [
            """
            namespace App;

            [Boundary.ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial Parser ParserNew();
            }

            [Boundary.ForeignHandle(Release = "parse_parser_free")]
            internal sealed partial class Parser;
            """,
        ]);

    [Fact]
    public Task Fix_All_fixes_every_diagnostic_in_one_pass() => VerifyFix.VerifyAsync(
        [
            TestSetup.Usings + """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial {|BND1011:nint|} ParserNew();
                public static partial void ParserFree(nint parser);
                public static partial {|BND1011:nint|} LexerNew();
                public static partial void LexerFree(nint lexer);
                public static partial int Tokenize(nint lexer, nint parser);
            }
            """,
            TestSetup.Usings + """
            [ForeignBoundary("store", Language = ForeignLanguage.Go)]
            public static partial class Store
            {
                public static partial {|BND1011:nuint|} CreateStore();
            }
            """,
        ],
        [
            TestSetup.Usings + """
            [ForeignBoundary("parse")]
            internal static partial class Parse
            {
                public static partial Parser ParserNew();
                public static partial Lexer LexerNew();
                public static partial int Tokenize(Lexer lexer, Parser parser);
            }

            [ForeignHandle(Release = "parse_parser_free")]
            internal sealed partial class Parser;

            [ForeignHandle(Release = "parse_lexer_free")]
            internal sealed partial class Lexer;
            """,
            TestSetup.Usings + """
            [ForeignBoundary("store", Language = ForeignLanguage.Go)]
            public static partial class Store
            {
                public static partial StoreHandle CreateStore();
            }

            [ForeignHandle]
            public sealed partial class StoreHandle;
            """,
        ],
        test =>
        {
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 2;
        });

    // ---------------------------------------------------------------- the fixed code is clean

    public static TheoryData<string, string[]> FixedSources => new()
    {
        { ReleasedFixed, [] },
        { CreatedFixed, ["BND1004"] }, // No release function was known: BND1004 asks for it.
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
