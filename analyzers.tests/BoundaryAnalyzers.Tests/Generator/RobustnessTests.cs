using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>Bad declarations get diagnostics, never a generator crash (CS8785) or an analyzer crash (AD0001).</summary>
public class RobustnessTests
{
    public static TheoryData<string> BrokenInputs => new()
    {
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial int F(UnknownType x); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial UnknownType F(); }""",
        """[Boundary.ForeignBoundary(null)] static partial class Lib { public static partial void F(); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(int a, ; }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(this int a); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib<T> { public static partial void F(T a); }""",
        """[Boundary.ForeignBoundary("lib")] partial struct Lib { public static partial void F(); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { [Boundary.ForeignFunction(null)] public static partial void F(); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial ref int F(); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(params int[] a); }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(S s); } struct S { public S Self; }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(S s); } struct S { public T t; } struct T { public S s; }""",
        """[Boundary.ForeignHandle] sealed partial class H; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial H F(ref H h); }""",
        """[Boundary.ForeignHandle(Release = "")] class H : System.IDisposable { public void Dispose() {} }""",
        """[Boundary.ForeignHandle(Release = "x")] static partial class H { }""",
        """[Boundary.ForeignHandle(Release = "x")] sealed partial class H<T>;""",
        """[Boundary.ForeignBoundary("lib")] [Boundary.ForeignHandle(Release="x")] static partial class Both { public static partial void F(); }""",
        """[Boundary.ForeignBoundary("lib", Errors = typeof(int), ErrorShape = Boundary.ForeignErrorShape.StatusCode)] static partial class Lib { public static partial int F(); }""",
        """[Boundary.ForeignBoundary("lib", Errors = typeof(Missing), ErrorShape = (Boundary.ForeignErrorShape)42)] static partial class Lib { public static partial string F(); }""",
        """[Boundary.ForeignBoundary("lib", Errors = typeof(E), ErrorShape = Boundary.ForeignErrorShape.OutError)] static partial class Lib { public static partial void F(); } [Boundary.ForeignErrors] enum E { [Boundary.ThrowsAs(null)] A = 1, [Boundary.ThrowsAs(typeof(Missing))] B = 2, [Boundary.ForeignPanic] C = 2 }""",
        """[Boundary.ForeignBoundary("lib", Errors = typeof(E), ErrorShape = Boundary.ForeignErrorShape.GoErrorWithCode)] static partial class Lib { public static partial Boundary.NativeBuffer<> F(); public static partial System.Span F2(); } [Boundary.ForeignErrors] enum E : byte { Ok, X = 255 }""",
        """[Boundary.ForeignBoundary("lib", StringFree = null, LastError = "", ErrorShape = Boundary.ForeignErrorShape.StatusCode)] static partial class Lib { [Boundary.ForeignFunction(ErrorShape = Boundary.ForeignErrorShape.Inherit)] public static partial System.ReadOnlySpan<System.ReadOnlySpan<int>> F(); public static partial int[][] G(); }""",
        """[Boundary.ForeignErrors] enum E { Ok = 0, A = 1, B = A, C = unknown }""",
        """[Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial Missing* CreateX(); public static partial nint NewY(); public static partial void YFree(Missing y); public static partial void Free(nint); }""",
        """[Boundary.ForeignHandle(Release = "x")] sealed partial class H; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial H New(); public static partial void Eat([Boundary.Consumed] H h); } class C { H f = Lib.New(); void M() { var h = Lib.New(); Lib.Eat(h); Lib.Eat(h); h = Lib.New(); goto end; end: Lib.Eat(Lib.New()); Lib.Eat(Missing()); var x = Lib.New(; } }""",
        """[Boundary.ForeignHandle(Release = "x")] sealed partial class H; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial H New(); } class C { System.Collections.Generic.IEnumerable<H> M() { var h = Lib.New(); yield return h; try { throw null!; } catch { } finally { h.Dispose(); } } }""",
        """[Boundary.ForeignBoundary("a", Language = Boundary.ForeignLanguage.Go)] static partial class A { public static partial void F(); } [Boundary.ForeignBoundary("b", Language = (Boundary.ForeignLanguage)1)] static partial class B<T> { public static partial void F(); } [Boundary.ForeignHandle(Library = "c", Language = Boundary.ForeignLanguage.Go)] class H; class C { void M() { System.Runtime.InteropServices.NativeLibrary.Free(System.Runtime.InteropServices.NativeLibrary.Load("b")); System.Runtime.InteropServices.NativeLibrary.Free(); } }""",
        TestSetup.Usings + """[ForeignBoundary("stats", Language = ForeignLanguage.Go)] static partial class S { } class C { void M() { NativeLibrary.Free(); NativeLibrary.Free(Missing); NativeLibrary.Free(NativeLibrary.Load(null)); NativeLibrary.Free(NativeLibrary.Load()); } }""",
        TestSetup.Usings + """[ForeignBoundary("stats", Language = ForeignLanguage.Go)] static partial class S { } class C { void M() { var h = NativeLibrary.Load("stats"; NativeLibrary.Free(h); NativeLibrary.TryLoad("stats", out var x, out var y); NativeLibrary.Free(x); } }""",
        TestSetup.Usings + """[ForeignBoundary("", Language = ForeignLanguage.Go)] static partial class S { } [ForeignBoundary("/", Language = ForeignLanguage.Go)] static partial class T { } class C { void M() { NativeLibrary.Free(NativeLibrary.Load("")); NativeLibrary.Free(NativeLibrary.Load("/")); } }""",
        TestSetup.Usings + """[ForeignBoundary("stats", Language = ForeignLanguage.Go)] static partial class S { } class C { static readonly IntPtr A = B, B = A; IntPtr P => P; void M() { NativeLibrary.Free(A); NativeLibrary.Free(P); NativeLibrary.Free(Missing.H); NativeLibrary.Free(this.); } }""",
        TestSetup.Usings + """[ForeignBoundary("stats", Language = ForeignLanguage.Go)] static partial class S { } unsafe class C { void M() { IntPtr h = NativeLibrary.Load("stats"); IntPtr* p = &h; h++; (h, h) = (h, h); foreach (var f in new IntPtr[0]) NativeLibrary.Free(f); NativeLibrary.Free(*p); NativeLibrary.Free(h); } }""",
        TestSetup.Usings + """[ForeignBoundary(null, Language = ForeignLanguage.Go)] static partial class S { } [ForeignBoundary("a", Language = Missing)] static partial class T { } [ForeignHandle(Library = null, Language = ForeignLanguage.Go)] sealed partial class H; [ForeignHandle(Library = "b", Language = (ForeignLanguage)1, Library = "c")] sealed partial class I;""",
        TestSetup.Usings + """[ForeignBoundary("a", Language = ForeignLanguage.Go), ForeignBoundary("b", Language = ForeignLanguage.Go)] static partial class S { } [ForeignBoundary(Language = ForeignLanguage.Go)] static partial class T { } [ForeignBoundary("c", "d", Language = ForeignLanguage.Go)] static partial class U { }""",
        TestSetup.Usings + """[ForeignBoundary("stats", Language = ForeignLanguage.Go)] static partial class S { } partial class C { IntPtr _h; } partial class C { C() { _h = NativeLibrary.Load("stats"); } void M() { NativeLibrary.Free(_h); NativeLibrary.Free(nameof(_h)); NativeLibrary.Free(this?._h ?? default); } }""",
        """[Boundary.ForeignHandle(Release = "x", ThreadSafe = 1)] sealed partial class H; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(H h, [Boundary.Consumed] H g); }""",
        """[Boundary.ForeignHandle(ThreadSafe = false)] struct S { } [Boundary.ForeignHandle(ThreadSafe = false)] interface I { } [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(S s, I i); }""",
        """[Boundary.ForeignHandle(Release = null, ThreadSafe = default)] sealed partial class H; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F([Boundary.Consumed] H h, [Boundary.Consumed] H h); public static partial void G([Boundary.Consumed, Boundary.Retained] H? a, H? b); }""",
        """[Boundary.ForeignHandle(Release = "x", ThreadSafe = false, ThreadSafe = true)] sealed partial class H : System.Runtime.InteropServices.SafeHandle; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial H F(H a, H b); }""",
        """[Boundary.ForeignHandle(Release = "x", ThreadSafe = false)] sealed partial class H : Boundary.Interop.ForeignSafeHandle; [Boundary.ForeignBoundary("lib")] static partial class Lib { public static partial void F(H @class, [Boundary.Consumed] H @event); }""",
        // The error and release shapes of hand-written libraries, declared every wrong way.
        """[Boundary.ForeignBoundary("lib", ErrorShape = (Boundary.ForeignErrorShape)5)] static partial class Lib { [Boundary.ForeignFunction(ErrorSentinel = new[] { 1 })] public static partial int A(); [Boundary.ForeignFunction(ErrorSentinel = new object[] { null })] public static partial bool B(); [Boundary.ForeignFunction(ErrorSentinel = Missing.X)] public static partial long C(); [Boundary.ForeignFunction(ErrorSentinel = 'c')] public static partial char D(); public static partial decimal E(); public static partial void F(); [Boundary.ForeignFunction(ErrorSentinel = null)] public static partial int G(); [Boundary.ForeignFunction(ErrorSentinel = 1.5)] public static partial float H(); [Boundary.ForeignFunction(ErrorSentinel = -1, ErrorSentinel = 2)] public static partial ulong I(); }""",
        """[Boundary.ForeignHandle(Release = "x", ErrorMessage = null, ReleaseReturnsStatus = true)] sealed partial class H; [Boundary.ForeignHandle(Release = "y", ErrorMessage = "y", ReleaseReturnsStatus = 1)] sealed partial class G; [Boundary.ForeignHandle(ErrorMessage = " ", ReleaseReturnsStatus = true)] sealed partial class K; [Boundary.ForeignBoundary("lib", Errors = typeof(E), ErrorShape = Boundary.ForeignErrorShape.StatusCode)] static partial class Lib { public static partial E F(H h, G? g, [Boundary.Consumed] K k); public static partial E? N(out H h); [Boundary.ForeignFunction(ErrorShape = (Boundary.ForeignErrorShape)5)] public static partial H? M(G g, H h); public static partial void O(ref E e); } [Boundary.ForeignErrors] enum E : sbyte { [Boundary.ForeignSuccess, Boundary.ForeignPanic] Ok = 0, [Boundary.ForeignSuccess] A = -1, [Boundary.ForeignSuccess(1)] B = 100, [Boundary.ForeignSuccess, Boundary.ThrowsAs(null)] C = 101, [Boundary.ForeignSuccess] D = 101 }""",
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public void The_generator_never_throws(string source)
    {
        GeneratorRun run = TestCompilation.Run(source);

        run.GeneratorDiagnostics.Should().NotContain(d => d.Id == "CS8785", "a generator exception is reported as CS8785");
        run.Driver.GetRunResult().Results.Should().OnlyContain(r => r.Exception == null);
    }

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task The_analyzers_never_throw(string source)
    {
        Compilation compilation = TestCompilation.Run(source).Output;
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(
            new Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer(),
            new Boundary.Analyzers.Analyzers.Declarations.HandleDeclarationAnalyzer(),
            new Boundary.Analyzers.Analyzers.Declarations.RawHandleReturnAnalyzer(),
            new Boundary.Analyzers.Analyzers.Errors.ErrorEnumAnalyzer(),
            new Boundary.Analyzers.Analyzers.Ownership.OwnershipAnalyzer(),
            new Boundary.Analyzers.Analyzers.Ownership.RetainedArgumentAnalyzer(),
            new Boundary.Analyzers.Analyzers.Runtime.SingleGoRuntimeAnalyzer(),
            new Boundary.Analyzers.Analyzers.Runtime.GoLibraryFreeAnalyzer());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzersOptions(
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));

        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();

        diagnostics.Should().NotContain(d => d.Id == "AD0001");
    }
}
