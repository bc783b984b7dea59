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

    /// <summary>
    /// "Assigned once" is counted over the local's scope (the block, loop, using or switch section that declares it),
    /// which holds every write of it: a write after the call, in a nested block, a loop or a lambda still counts, and a
    /// local of the same name in another scope does not. A switch section's local belongs to the whole switch.
    /// </summary>
    [Fact]
    public Task A_local_is_followed_to_its_one_write_anywhere_in_its_scope() => Verify.VerifyAsync(Lib + """
        static unsafe class P
        {
            static void NestedBlock()
            {
                {
                    byte* p = stackalloc byte[8];
                    Lib.KeepBytes({|BND2004:p|}, 8);
                }

                {
                    byte* p = (byte*)NativeMemory.Alloc(8);
                    Lib.KeepBytes(p, 8);
                }
            }

            static void WrittenAgainLater(byte* native)
            {
                byte* p = stackalloc byte[8];
                {
                    Lib.KeepBytes(p, 8); // two writes: the origin is not certain, so it is accepted
                }

                p = native;
            }

            static void WrittenInALambda(byte* native)
            {
                byte* p = stackalloc byte[8];
                System.Action reset = () => p = native;
                Lib.KeepBytes(p, 8);
            }

            static void LoopLocal()
            {
                for (byte* p = stackalloc byte[8]; p != null; p = null)
                {
                    Lib.KeepBytes(p, 8);
                }

                for (int i = 0; i < 2; i++)
                {
                    byte* q = stackalloc byte[4];
                    Lib.KeepBytes({|BND2004:q|}, 4);
                }
            }

            static void SwitchSection(int kind)
            {
                switch (kind)
                {
                    case 1:
                        byte* p = stackalloc byte[8];
                        Lib.KeepBytes(p, 8); // the section's local is the whole switch's: written in case 2 as well
                        break;
                    case 2:
                        p = (byte*)NativeMemory.Alloc(8);
                        Lib.KeepBytes(p, 8);
                        break;
                }
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

    // ---------------------------------------------------------------- callbacks and their registrations

    /// <summary>Retained callbacks: kept by the Subscription their function returns (Subscribe, Watch), or released by native code (the rest).</summary>
    private const string Events = """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        [ForeignHandle(Release = "ev_bus_free")]
        public sealed partial class Bus;

        [ForeignHandle(Release = "ev_subscription_free")]
        public sealed partial class Subscription;

        public delegate void Changed(int value);

        [ForeignBoundary("ev")]
        internal static partial class Events
        {
            public static partial Subscription Subscribe(Bus bus, [Retained] Action<int> onEvent);
            public static partial Subscription Watch(Bus bus, [Retained] Changed? onChange, [Retained] Action? onClose);
            public static partial void TickerStart(int ticks, [Retained] Action<int> tick);
            [return: Borrowed] public static partial Subscription Current(Bus bus, [Retained] Action<int> onEvent);
            public static partial NativeBuffer<int> Collect([Retained] Action<int> onItem);
            public static partial Subscription Listen(Bus bus, Action<int> onEvent);
        }

        """;

    [Fact]
    public Task Reports_a_callback_whose_registration_is_dropped() => Verify.VerifyAsync(Events + """
        static class P
        {
            static void OnEvent(int value) { }

            static void Dropped(Bus bus, Action<int> handler, Changed changed)
            {
                Events.Subscribe(bus, {|BND2004:e => Console.WriteLine(e)|});
                _ = Events.Subscribe(bus, {|BND2004:OnEvent|});
                Events.Subscribe(bus, {|BND2004:handler|});
                Events.Watch(bus, {|BND2004:changed|}, {|BND2004:() => { }|});
                Events.Watch(bus, null, {|BND2004:delegate { }|});
                Events.Watch(bus, default, {|BND2004:onClose: () => { }|});
            }

            static async Task InFunctions(Bus bus)
            {
                Action subscribe = () => Events.Subscribe(bus, {|BND2004:OnEvent|});
                void Local() => Events.Subscribe(bus, {|BND2004:OnEvent|});
                await Task.Yield();
                Events.Subscribe(bus, {|BND2004:OnEvent|});
            }
        }
        """);

    [Fact]
    public async Task The_message_says_the_registration_is_dropped()
        => await MessageVerifier.VerifyAsync<RetainedArgumentAnalyzer>(Events + """
            static class P
            {
                static void F(Bus bus) => Events.Subscribe(bus, {|#0:e => { }|});
            }
            """,
            "BND2004",
            "'Subscribe' keeps 'onEvent' after it returns, but this is a callback that stays registered only while the Subscription returned by 'Subscribe' lives, and that Subscription is dropped here: the callback stays registered only until the dropped registration is finalized, at an unpredictable time");

    [Fact]
    public Task Accepts_registrations_that_are_kept_and_callbacks_native_code_releases() => Verify.VerifyAsync(Events + """
        sealed class Subscriber : IDisposable
        {
            private readonly Subscription subscription;
            private readonly List<Subscription> all = new();

            public Subscriber(Bus bus)
            {
                subscription = Events.Subscribe(bus, OnEvent);
                all.Add(Events.Subscribe(bus, e => { }));
                Keep(Events.Watch(bus, v => { }, null));
            }

            public void Dispose()
            {
                subscription.Dispose();
                all.ForEach(s => s.Dispose());
            }

            private void Keep(Subscription kept) => all.Add(kept);

            private static void OnEvent(int value) { }

            static Subscription Returned(Bus bus) => Events.Subscribe(bus, e => { });

            static void Scoped(Bus bus)
            {
                using var scoped = Events.Subscribe(bus, e => { });
                using (Events.Subscribe(bus, e => { }))
                {
                }

                var neverDisposed = Events.Subscribe(bus, e => { }); // BND2001's business, not BND2004's
            }

            static void NativeReleases(Bus bus)
            {
                Events.TickerStart(3, t => { });
                Events.Current(bus, e => { });
                Events.Collect(i => { }).Dispose();
                Events.Listen(bus, e => { }).Dispose();
                Events.Watch(bus, null, null).Dispose();
                Func<Subscription> factory = () => Events.Subscribe(bus, e => { });
            }
        }
        """);

    [Fact]
    public async Task A_dropped_registration_is_BND2004_alone_and_everything_else_stays_BND2001()
    {
        (string source, List<(string Id, int Start, int Length)> expected) = OwnershipCorpusTests.Parse(TestSetup.Usings + Events + """
            static class P
            {
                static void F(Bus bus)
                {
                    Events.Subscribe(bus, {|BND2004:e => { }|});
                    _ = Events.Subscribe(bus, {|BND2004:e => { }|});
                    var {|BND2001:kept = Events.Subscribe(bus, e => { })|};
                    bool invalid = {|BND2001:Events.Subscribe(bus, e => { })|}.IsInvalid;
                    {|BND2001:Events.Watch(bus, null, null)|};
                    {|BND2001:Events.Listen(bus, e => { })|};
                    {|BND2001:Events.Collect(i => { })|};
                }
            }
            """);

        IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(source, new OwnershipAnalyzer(), new RetainedArgumentAnalyzer());

        diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))
            .Should().BeEquivalentTo(expected, string.Join("\n", diagnostics));
    }

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
