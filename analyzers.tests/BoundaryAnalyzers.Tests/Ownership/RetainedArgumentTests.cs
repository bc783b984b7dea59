using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.CodeFixes.Ownership;
using BoundaryAnalyzers.Tests.Infrastructure;
using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Ownership.RetainedArgumentAnalyzer>;

namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>BND2004: what a [Retained] parameter is given must outlive the call.</summary>
public class RetainedArgumentTests
{
    private const string Lib = """
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void LogFn(nint context, int level);

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial void KeepBytes([Retained] byte* data, nuint length);
            public static partial void KeepContext([Retained] nint context);
            public static partial void SetLogger([Retained] nint logger, [Retained] nint context);
            public static partial void SetCallback([Retained] delegate* unmanaged<nint, int, void> callback, [Retained] nint context);
            public static partial long Sum(byte* data, nuint length);
        }

        """;

    [Fact]
    public Task Reports_pinned_and_stack_memory_handed_to_a_retaining_parameter() => Verify.VerifyAsync(Lib + """
        static unsafe class P
        {
            static void Pinned(byte[] array, string text, ReadOnlySpan<byte> span)
            {
                fixed (byte* p = array)
                {
                    Lib.KeepBytes({|BND2004:p|}, (nuint)array.Length);
                }

                fixed (char* c = text)
                {
                    Lib.KeepBytes({|BND2004:(byte*)c|}, (nuint)(text.Length * 2));
                }

                fixed (byte* s = span)
                {
                    byte* second = s + 1;
                    Lib.KeepBytes({|BND2004:second|}, (nuint)span.Length - 1);
                    Lib.KeepContext({|BND2004:(nint)s|});
                }
            }

            static void Stack()
            {
                byte* buffer = stackalloc byte[64];
                Lib.KeepBytes({|BND2004:buffer|}, 64);
                long local = 42;
                Lib.KeepContext({|BND2004:(nint)(&local)|});
                Lib.KeepContext({|BND2004:new IntPtr(&local)|});
            }

            static void Managed(ref long slot)
            {
                Lib.KeepContext({|BND2004:(nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref slot)|});
            }
        }
        """);

    [Fact]
    public Task Reports_a_delegate_that_nothing_keeps_alive() => Verify.VerifyAsync(Lib + """
        static class P
        {
            static void OnLog(nint context, int level) { }

            static void Inline()
            {
                Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog))|}, 0);
                Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => { }))|}, 0);
            }

            static void Local()
            {
                LogFn log = OnLog;
                Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(log)|}, 0);
                GC.KeepAlive(log); // only until here; native code keeps calling
            }

            static void ThroughALocalPointer()
            {
                LogFn log = (c, l) => { };
                nint pointer = Marshal.GetFunctionPointerForDelegate(log);
                Lib.SetLogger({|BND2004:pointer|}, 0);
            }
        }
        """);

    [Fact]
    public Task Accepts_what_outlives_the_call() => Verify.VerifyAsync(Lib + """
        sealed unsafe class Logger : IDisposable
        {
            private static readonly LogFn StaticLog = OnLog;
            private readonly LogFn log;
            private GCHandle self;
            private readonly byte* block;

            public Logger()
            {
                log = OnLog;
                self = GCHandle.Alloc(this);
                block = (byte*)NativeMemory.Alloc(64);
                Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(log), GCHandle.ToIntPtr(self));
                Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(StaticLog), 0);
                Lib.KeepBytes(block, 64);
                Lib.SetCallback(&Callback, GCHandle.ToIntPtr(self));
            }

            public static void Stored(System.Collections.Generic.Dictionary<string, LogFn> registry)
            {
                LogFn local = OnLog;
                registry["log"] = local;
                Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(local), 0);
            }

            public static void FromCaller(LogFn given, byte* native, nint context)
            {
                Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(given), context);
                Lib.KeepBytes(native, 1);
                Lib.KeepContext(Marshal.AllocHGlobal(16));
            }

            public static void PinnedByAHandle(byte[] array)
            {
                GCHandle pin = GCHandle.Alloc(array, GCHandleType.Pinned);
                Lib.KeepBytes((byte*)pin.AddrOfPinnedObject(), (nuint)array.Length);
            }

            public static long Borrowing(byte[] array)
            {
                // Not retained: pinned and stack memory are fine for the length of a call.
                byte* scratch = stackalloc byte[8];
                fixed (byte* p = array)
                {
                    return Lib.Sum(p, (nuint)array.Length) + Lib.Sum(scratch, 8);
                }
            }

            [UnmanagedCallersOnly]
            private static void Callback(nint context, int level) { }

            private static void OnLog(nint context, int level) { }

            public void Dispose()
            {
                self.Free();
                NativeMemory.Free(block);
            }
        }
        """);

    [Fact]
    public Task Fix_moves_a_capture_free_delegate_into_a_static_field_and_Fix_All_does_each()
        => FixVerifier<RetainedArgumentAnalyzer, KeepDelegateAliveFixer>.VerifyAsync(
            Lib + """
            class P
            {
                static void OnLog(nint context, int level) { }

                void Install()
                {
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog))|}, 0);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => Console.WriteLine(l)))|}, 0);
                }
            }
            """,
            Lib + """
            class P
            {
                // Native code keeps a pointer to this delegate: the field keeps it from being collected.
                private static readonly LogFn OnLogCallback = new LogFn(OnLog);

                // Native code keeps a pointer to this delegate: the field keeps it from being collected.
                private static readonly LogFn LogFnCallback = (LogFn)((c, l) => Console.WriteLine(l));

                static void OnLog(nint context, int level) { }

                void Install()
                {
                    Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(OnLogCallback), 0);
                    Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(LogFnCallback), 0);
                }
            }
            """);

    [Fact]
    public Task Fix_is_not_offered_for_a_delegate_that_captures_state()
        => FixVerifier<RetainedArgumentAnalyzer, KeepDelegateAliveFixer>.VerifyAsync(
            Lib + """
            class P
            {
                private int count;

                void OnLog(nint context, int level) => count++;

                void Install(int threshold)
                {
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog))|}, 0);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => count += l))|}, 0);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => Console.WriteLine(l > threshold)))|}, 0);
                }
            }
            """,
            Lib + """
            class P
            {
                private int count;

                void OnLog(nint context, int level) => count++;

                void Install(int threshold)
                {
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog))|}, 0);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => count += l))|}, 0);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate((LogFn)((c, l) => Console.WriteLine(l > threshold)))|}, 0);
                }
            }
            """);

    [Fact]
    public Task Reports_nothing_in_broken_code() => Verify.VerifyAsync(Lib + """
        static unsafe class P
        {
            static void F()
            {
                Lib.KeepBytes({|CS0103:missing|}, 1);
                Lib.KeepContext(Marshal.GetFunctionPointerForDelegate({|CS0103:unknown|}));
                Lib.{|CS7036:SetLogger|}();
            }
        }
        """);
}
