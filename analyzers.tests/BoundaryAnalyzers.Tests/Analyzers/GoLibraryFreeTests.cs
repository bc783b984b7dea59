using Boundary.Analyzers.Analyzers.Runtime;
using Boundary.CodeFixes.Runtime;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Runtime.GoLibraryFreeAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND5002: NativeLibrary.Free of a handle that certainly is a Go library, and the fix that removes it.</summary>
public class GoLibraryFreeTests
{
    /// <summary>A Go library (stats), a Go handle's library (kv) and a Rust library (geo).</summary>
    private const string Libraries = """
        [ForeignHandle(Release = "kv_store_free", Library = "kv", Language = ForeignLanguage.Go)]
        public sealed partial class Store;

        [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
        internal static partial class Stats
        {
            public static partial double Mean();
        }

        [ForeignBoundary("geo")]
        internal static partial class Geo
        {
            public static partial double Distance(double a, double b);
        }

        """;

    // ---------------------------------------------------------------- what it reports

    [Fact]
    public Task Reports_Load_and_TryLoad_of_a_Go_library() => Verify.VerifyAsync(Libraries + """
        static class P
        {
            static void Load()
            {
                IntPtr handle = NativeLibrary.Load("stats");
                {|BND5002:NativeLibrary.Free(handle)|};
            }

            static void Direct() => {|BND5002:NativeLibrary.Free(NativeLibrary.Load("libstats.so"))|};

            static void TryLoad()
            {
                if (NativeLibrary.TryLoad("libstats.so", out IntPtr handle))
                {
                    {|BND5002:NativeLibrary.Free(handle)|};
                }

                if (NativeLibrary.TryLoad("libstats.so", out var other))
                {
                    {|BND5002:NativeLibrary.Free(other)|};
                }

                nint declaredFirst;
                if (NativeLibrary.TryLoad("stats", typeof(P).Assembly, DllImportSearchPath.AssemblyDirectory, out declaredFirst))
                {
                    {|BND5002:NativeLibrary.Free(declaredFirst)|};
                }
            }

            static void WithAssembly()
            {
                nint handle = NativeLibrary.Load(assembly: typeof(P).Assembly, libraryName: "stats", searchPath: null);
                {|BND5002:NativeLibrary.Free(handle: handle)|};
            }
        }
        """);

    [Fact]
    public Task Reports_the_library_of_a_Go_handle_type() => Verify.VerifyAsync(Libraries + """
        static class P
        {
            static void M()
            {
                var kv = NativeLibrary.Load("/opt/app/libkv.so");
                {|BND5002:NativeLibrary.Free(kv)|};
            }
        }
        """);

    [Fact]
    public Task Follows_the_handle_through_locals_and_constants() => Verify.VerifyAsync(Libraries + """
        static class P
        {
            private const string GoLibrary = "lib" + "stats" + ".so";

            static void M(bool close)
            {
                IntPtr loaded = NativeLibrary.Load(GoLibrary);
                IntPtr copy = loaded;
                var same = (nint)copy;
                if (close)
                {
                    {|BND5002:NativeLibrary.Free(same)|};
                }

                Action later = () => {|BND5002:NativeLibrary.Free(loaded)|};
                later();
            }
        }
        """);

    [Theory]
    [InlineData("stats")]
    [InlineData("libstats.so")]
    [InlineData("stats.so")]
    [InlineData("stats.dll")]
    [InlineData("Stats.DLL")]
    [InlineData("libstats.dylib")]
    [InlineData("libstats")]
    [InlineData("/opt/app/libstats.so")]
    [InlineData("./stats")]
    [InlineData(@"C:\\app\\stats.dll")]
    public Task Reports_every_file_name_that_designates_the_Go_library(string name) => Verify.VerifyAsync(Libraries + $$"""
        static class P
        {
            static void M() => {|BND5002:NativeLibrary.Free(NativeLibrary.Load("{{name}}"))|};
        }
        """);

    [Fact]
    public Task Follows_fields_and_properties_written_once_by_their_type() => Verify.VerifyAsync(Libraries + """
        sealed class Holder
        {
            private static readonly IntPtr s_stats = NativeLibrary.Load("stats");
            private readonly IntPtr _kv;
            private IntPtr _assignedOnce;

            public Holder()
            {
                _kv = NativeLibrary.Load("kv");
                NativeLibrary.TryLoad("stats", out _assignedOnce);
            }

            public static IntPtr Stats { get; } = NativeLibrary.Load("libstats.so");

            public void Close()
            {
                {|BND5002:NativeLibrary.Free(s_stats)|};
                {|BND5002:NativeLibrary.Free(this._kv)|};
                {|BND5002:NativeLibrary.Free(_assignedOnce)|};
                {|BND5002:NativeLibrary.Free(Holder.Stats)|};
            }
        }

        static class Elsewhere
        {
            static void M() => {|BND5002:NativeLibrary.Free(Holder.Stats)|};
        }
        """);

    [Fact]
    public Task Reports_Free_and_Load_through_a_static_import() => Verify.VerifyAsync(Libraries + """
        namespace App
        {
            using static System.Runtime.InteropServices.NativeLibrary;

            static class P
            {
                static void M() => {|BND5002:Free(Load("libstats.so"))|};
            }
        }
        """);

    [Fact]
    public Task The_message_names_the_library_says_why_and_what_to_do()
        => MessageVerifier.VerifyAsync<GoLibraryFreeAnalyzer>(
            Libraries + """
            static class P
            {
                static void M() => {|#0:NativeLibrary.Free(NativeLibrary.Load("libstats.so"))|};
            }
            """,
            "BND5002",
            "This frees the handle of Go library 'stats' (loaded as \"libstats.so\"): a Go library cannot be unloaded, and freeing it leaves the Go runtime's threads running code that is gone, which crashes the process; remove the call and keep the library loaded until the process exits");

    // ---------------------------------------------------------------- what it must not report

    [Fact]
    public Task A_Rust_library_or_another_file_may_be_freed() => Verify.VerifyAsync(Libraries + """
        static class P
        {
            static void M()
            {
                NativeLibrary.Free(NativeLibrary.Load("geo"));
                NativeLibrary.Free(NativeLibrary.Load("libgeo.so"));
                NativeLibrary.Free(NativeLibrary.Load("libstats_helper.so"));
                NativeLibrary.Free(NativeLibrary.Load("mystats.so"));
                NativeLibrary.Free(NativeLibrary.Load("libstats.so.1"));
                NativeLibrary.Free(NativeLibrary.Load("/opt/stats/libgeo.so"));
                if (NativeLibrary.TryLoad("libgeo.so", out IntPtr geo))
                {
                    NativeLibrary.Free(geo);
                }
            }
        }
        """);

    [Fact]
    public Task Unknown_provenance_is_not_reported() => Verify.VerifyAsync(Libraries + """
        static class P
        {
            static IntPtr Open() => NativeLibrary.Load("stats");

            static void Parameter(IntPtr handle) => NativeLibrary.Free(handle);

            static void Call() => NativeLibrary.Free(Open());

            static void ComputedName(string name, string dir)
            {
                NativeLibrary.Free(NativeLibrary.Load(name));
                NativeLibrary.Free(NativeLibrary.Load(dir + "/libstats.so"));
                NativeLibrary.Free(NativeLibrary.Load($"{dir}/libstats.so"));
            }

            static void AssignedTwice(bool geo)
            {
                IntPtr handle = NativeLibrary.Load("stats");
                if (geo)
                {
                    handle = NativeLibrary.Load("geo");
                }

                NativeLibrary.Free(handle);
            }

            static void WrittenThroughRef()
            {
                IntPtr handle = NativeLibrary.Load("stats");
                Reload(ref handle);
                NativeLibrary.Free(handle);
                IntPtr aliased = NativeLibrary.Load("stats");
                ref IntPtr alias = ref aliased;
                alias = NativeLibrary.Load("geo");
                NativeLibrary.Free(aliased);
            }

            static void WrittenInALambda()
            {
                IntPtr handle = NativeLibrary.Load("stats");
                Action swap = () => handle = NativeLibrary.Load("geo");
                swap();
                NativeLibrary.Free(handle);
            }

            static void TryLoadOfAnotherHandle()
            {
                IntPtr other = Open();
                NativeLibrary.TryLoad("stats", out IntPtr loaded);
                NativeLibrary.Free(other);
            }

            static void Pattern(object boxed)
            {
                if (boxed is IntPtr handle)
                {
                    NativeLibrary.Free(handle);
                }
            }

            static void Conditional(bool go) => NativeLibrary.Free(go ? NativeLibrary.Load("stats") : NativeLibrary.Load("geo"));

            static void Reload(ref IntPtr handle) => handle = NativeLibrary.Load("geo");
        }
        """);

    [Fact]
    public Task Fields_others_can_write_or_written_twice_are_not_followed() => Verify.VerifyAsync(Libraries + """
        class Holder
        {
            internal static IntPtr Shared = NativeLibrary.Load("stats");
            public IntPtr Public = NativeLibrary.Load("stats");
            private static IntPtr s_twice = NativeLibrary.Load("stats");
            public static IntPtr Settable { get; set; } = NativeLibrary.Load("stats");
            public IntPtr Init { get; init; } = NativeLibrary.Load("stats");
            private static readonly IntPtr A = B;
            private static readonly IntPtr B = A;

            public static void Reset() => s_twice = NativeLibrary.Load("geo");

            public void Close()
            {
                NativeLibrary.Free(Shared);
                NativeLibrary.Free(Public);
                NativeLibrary.Free(s_twice);
                NativeLibrary.Free(Settable);
                NativeLibrary.Free(Init);
                NativeLibrary.Free(A);
            }
        }

        struct Slot
        {
            private readonly IntPtr _handle = NativeLibrary.Load("stats");

            public Slot() { }

            public void Close() => NativeLibrary.Free(_handle);
        }
        """);

    [Fact]
    public Task Other_Free_methods_and_projects_without_Go_are_not_reported() => Verify.VerifyAsync("""
        [ForeignBoundary("geo")]
        internal static partial class Geo
        {
            public static partial double Distance(double a, double b);
        }

        static class Memory
        {
            public static void Free(IntPtr p) { }
        }

        static class P
        {
            static void M()
            {
                Memory.Free(NativeLibrary.Load("stats"));
                NativeLibrary.Free(NativeLibrary.Load("stats"));
                Marshal.FreeHGlobal(NativeLibrary.Load("geo"));
            }
        }
        """);

    // ---------------------------------------------------------------- the code fix

    [Fact]
    public Task The_fix_removes_the_Free_statement_with_Fix_All() => CodeFixVerifier<GoLibraryFreeAnalyzer, RemoveGoLibraryFreeFixer>.VerifyAsync(
        [TestSetup.Usings + Libraries + """
        sealed class Plugin : IDisposable
        {
            private readonly IntPtr _stats = NativeLibrary.Load("libstats.so");

            public void Dispose()
            {
                // The Go library goes with the plugin.
                {|BND5002:NativeLibrary.Free(_stats)|};
                GC.SuppressFinalize(this);
            }

            public static void Probe(int mode)
            {
                if (NativeLibrary.TryLoad("stats", out IntPtr handle))
                {
                    Console.WriteLine(Stats.Mean());
                    {|BND5002:NativeLibrary.Free(handle)|};
                }

                switch (mode)
                {
                    case 1:
                        {|BND5002:NativeLibrary.Free(NativeLibrary.Load("kv"))|};
                        break;
                }
            }

            public static void Arrow() => {|BND5002:NativeLibrary.Free(NativeLibrary.Load("stats"))|};
        }
        """],
        [TestSetup.Usings + Libraries + """
        sealed class Plugin : IDisposable
        {
            private readonly IntPtr _stats = NativeLibrary.Load("libstats.so");

            public void Dispose()
            {
                GC.SuppressFinalize(this);
            }

            public static void Probe(int mode)
            {
                if (NativeLibrary.TryLoad("stats", out IntPtr handle))
                {
                    Console.WriteLine(Stats.Mean());
                }

                switch (mode)
                {
                    case 1:
                        break;
                }
            }

            public static void Arrow() => {|BND5002:NativeLibrary.Free(NativeLibrary.Load("stats"))|};
        }
        """],
        test => test.FixedState.MarkupHandling = MarkupMode.Allow); // the expression-bodied Free has no fix and stays
}
