namespace BoundaryAnalyzers.Tests.Ownership;

/// <summary>
/// The two corpora of the ownership rules. Valid programs are realistic correct uses that must produce no
/// diagnostic; every mistake is marked <c>{|BNDxxxx:...|}</c> at the exact span that must be reported, and nothing
/// else may be.
/// </summary>
internal static class OwnershipCorpus
{
    public const string Declarations = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        using Boundary;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void LogFn(nint context, int level);

        [ForeignHandle(Release = "lib_h_free")]
        public sealed partial class H;

        [ForeignBoundary("lib")]
        internal static unsafe partial class Lib
        {
            public static partial H New();
            public static partial H? TryNew();
            public static partial long Use(H h);
            public static partial long Merge(H into, [Consumed] H from);
            public static partial void Consume([Consumed] H h);
            public static partial H Seal([Consumed] H builder);
            [return: Borrowed] public static partial H Shared();
            [return: Borrowed] public static partial H Child(H parent);
            public static partial NativeBuffer<int> Data();
            public static partial long Sum(ReadOnlySpan<int> values);
            public static partial void Share([Retained] H h);
            public static partial void KeepBytes([Retained] byte* data, nuint length);
            public static partial void SetLogger([Retained] nint logger, [Retained] nint context);
            public static partial void OnEvent([Retained] delegate* unmanaged<nint, int, void> callback, [Retained] nint context);
            public static partial void ClearRetained();
            public static partial void Open(string name, out H h, int flags);
            public static partial int Prepare(H db, string sql, out H statement);
            public static partial bool TryOpen(string name, out H? h);
            public static partial void Fill(out NativeBuffer<int> data);
            public static partial void Peek(H parent, [Borrowed] out H view);
            public static partial H Subscribe(H bus, [Retained] Action<int> onEvent);
            public static partial void Tick([Retained] Action<int> tick);
        }

        """;

    public static readonly (string Name, string Code)[] Valid =
    [
        ("using declaration", """
            static class P { static long F() { using var h = Lib.New(); return Lib.Use(h); } }
            """),
        ("using statement with early return", """
            static class P
            {
                static long F(bool stop)
                {
                    using (H h = Lib.New())
                    {
                        if (stop) return 0;
                        return Lib.Use(h);
                    }
                }
            }
            """),
        ("try/finally Dispose", """
            static class P { static long F() { H h = Lib.New(); try { return Lib.Use(h); } finally { h.Dispose(); } } }
            """),
        ("disposed on every branch", """
            static class P
            {
                static void F(int mode)
                {
                    var h = Lib.New();
                    if (mode == 0) { Lib.Use(h); h.Dispose(); return; }
                    else if (mode == 1) { h.Dispose(); }
                    else { Lib.Consume(h); }
                }
            }
            """),
        ("returned to the caller", """
            static class P
            {
                static H Create() { var h = Lib.New(); Lib.Use(h); return h; }
                static H CreateDirect() => Lib.New();
                static long Caller() { using var h = Create(); return Lib.Use(h); }
            }
            """),
        ("owned by a disposable class", """
            sealed class Owner : IDisposable
            {
                private readonly H handle;
                public Owner() { handle = Lib.New(); }
                public long Value => Lib.Use(handle);
                public void Dispose() => handle.Dispose();
            }
            static class P { static void F() { var h = Lib.New(); var o = new Holder(h); o.Dispose(); } }
            sealed class Holder(H h) : IDisposable { public void Dispose() => h.Dispose(); }
            """),
        ("stored in a collection owned by a disposable", """
            sealed class Pool : IDisposable
            {
                private readonly List<H> items = new();
                public void Grow() { var h = Lib.New(); items.Add(h); }
                public void Dispose() { foreach (H h in items) h.Dispose(); items.Clear(); }
            }
            """),
        ("moved exactly once", """
            static class P
            {
                static long F() { using var into = Lib.New(); var from = Lib.New(); return Lib.Merge(into, from); }
                static void G() { Lib.Consume(Lib.New()); }
                static void UsingThenConsume() { using var h = Lib.New(); Lib.Use(h); Lib.Consume(h); }
            }
            """),
        ("conditional disposal with a nullable handle", """
            static class P
            {
                static long F()
                {
                    H? h = Lib.TryNew();
                    try { return h is null ? 0 : Lib.Use(h); }
                    finally { h?.Dispose(); }
                }
            }
            """),
        ("using in loops", """
            static class P
            {
                static long F(int n)
                {
                    long total = 0;
                    for (int i = 0; i < n; i++) { using var h = Lib.New(); total += Lib.Use(h); }
                    while (total < 100) { using (var h = Lib.New()) { total += Lib.Use(h); } }
                    return total;
                }
            }
            """),
        ("async method with using", """
            static class P
            {
                static async Task<long> F()
                {
                    using var h = Lib.New();
                    await Task.Yield();
                    return Lib.Use(h);
                }
            }
            """),
        ("lambdas and local functions that own what they create", """
            static class P
            {
                static Func<long> F() => () => { using var h = Lib.New(); return Lib.Use(h); };
                static long G() { return Local(); long Local() { using var h = Lib.New(); return Lib.Use(h); } }
                static Action Keep() { var h = Lib.New(); return () => Lib.Use(h); }
            }
            """),
        ("borrowed returns are not owned", """
            static class P { static long F() { var shared = Lib.Shared(); return Lib.Use(shared) + Lib.Use(Lib.Shared()); } }
            """),
        ("native buffers in using", """
            static class P
            {
                static long F() { using var data = Lib.Data(); return Lib.Sum(data.Span); }
                static int[] G() { using (NativeBuffer<int> data = Lib.Data()) { return data.ToArray(); } }
            }
            """),
        ("borrowed views used while their owner lives", """
            static class P
            {
                static long F()
                {
                    using var data = Lib.Data();
                    ReadOnlySpan<int> view = data.Span;
                    long sum = Lib.Sum(view);
                    using var parent = Lib.New();
                    var child = Lib.Child(parent);
                    return sum + Lib.Use(child);
                }

                static int G()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    int first = view.Length > 0 ? view[0] : 0;
                    data.Dispose();
                    return first;
                }
            }
            """),
        ("handed to helpers that own it", """
            static class P
            {
                static void F() { var h = Lib.New(); Register(h); }
                static void Register(H h) => Registry.Add(h);
                static readonly List<H> Registry = new();
            }
            """),
        ("switch statement: every case disposes, consumes or hands on", """
            static class P
            {
                static H? F(int mode)
                {
                    var h = Lib.New();
                    switch (mode)
                    {
                        case 0:
                            Lib.Use(h);
                            h.Dispose();
                            return null;
                        case 1:
                            Lib.Consume(h);
                            break;
                        case 2 or 3:
                            return h;
                        default:
                            using (h) { Lib.Use(h); }
                            break;
                    }

                    return null;
                }
            }
            """),
        ("switch expressions choosing and inspecting a handle", """
            static class P
            {
                static long F(int mode)
                {
                    using H h = mode switch
                    {
                        0 => Lib.New(),
                        1 => Lib.TryNew() ?? Lib.New(),
                        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
                    };
                    return h switch { null => 0, _ => Lib.Use(h) };
                }

                static long G(bool fresh)
                {
                    var h = fresh ? Lib.New() : Lib.TryNew();
                    try { return h is null ? 0 : Lib.Use(h); }
                    finally { h?.Dispose(); }
                }
            }
            """),
        ("pattern matching on an optional handle", """
            static class P
            {
                static long F()
                {
                    if (Lib.TryNew() is { } h)
                    {
                        using (h) { return Lib.Use(h); }
                    }

                    return 0;
                }

                static long G()
                {
                    if (Lib.TryNew() is not { } h) return -1;
                    try { return Lib.Use(h); }
                    finally { h.Dispose(); }
                }

                static long K()
                {
                    if (Lib.TryNew() is H h) { long n = Lib.Use(h); h.Close(); return n; }
                    return 0;
                }

                static long M()
                {
                    H? h = Lib.TryNew();
                    if (h is not null)
                    {
                        long n = Lib.Use(h);
                        h.Dispose();
                        return n;
                    }

                    return 0;
                }

                static void N()
                {
                    var h = Lib.TryNew();
                    if (h is null) return;
                    using (h) { Lib.Use(h); }
                }
            }
            """),
        ("conditional dispose and reuse of one local", """
            static class P
            {
                static long F(int n)
                {
                    H? current = null;
                    long total = 0;
                    for (int i = 0; i < n; i++)
                    {
                        current?.Dispose();
                        current = Lib.New();
                        total += Lib.Use(current);
                    }

                    current?.Dispose();
                    return total;
                }

                static long G()
                {
                    var h = Lib.New();
                    long first = Lib.Use(h);
                    h.Dispose();
                    h = Lib.New();
                    long second = Lib.Use(h);
                    h.Dispose();
                    h = null!;
                    return first + second;
                }
            }
            """),
        ("a local collection of handles disposed one by one", """
            static class P
            {
                static long F(int n)
                {
                    var handles = new List<H>();
                    try
                    {
                        for (int i = 0; i < n; i++) handles.Add(Lib.New());
                        long total = 0;
                        foreach (H h in handles) total += Lib.Use(h);
                        return total;
                    }
                    finally
                    {
                        foreach (H h in handles) h.Dispose();
                    }
                }
            }
            """),
        ("owners of collections that dispose every element", """
            sealed class Pool : IDisposable
            {
                private readonly List<H> free = new();
                private readonly Dictionary<string, H> named = new();
                private readonly H[] slots = new H[4];
                public void Grow() => free.Add(Lib.New());
                public void Name(string key) { var h = Lib.New(); named[key] = h; }
                public void Fill(int i) => slots[i] = Lib.New();
                public void Dispose()
                {
                    free.ForEach(h => h.Dispose());
                    foreach (H h in named.Values) h.Dispose();
                    for (int i = 0; i < slots.Length; i++) slots[i]?.Dispose();
                }
            }
            """),
        ("owners that dispose through Dispose(bool), Close, or an explicit interface", """
            class Connection : IDisposable
            {
                private H? handle;
                public void Open() => handle = Lib.New();
                public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                protected virtual void Dispose(bool disposing) { if (disposing) Release(); }
                private void Release() { handle?.Dispose(); handle = null; }
            }

            sealed class Cursor : IDisposable
            {
                private readonly H position = Lib.New();
                public H Current { get; private set; } = Lib.New();
                public void Reset() { Current.Dispose(); Current = Lib.New(); }
                void IDisposable.Dispose() { position.Dispose(); Current.Dispose(); }
            }

            sealed class Channel
            {
                private H? handle;
                public void Open() { handle ??= Lib.New(); }
                public void Close() { using (handle) { } handle = null; }
            }
            """),
        ("a base class that lets derived classes dispose", """
            public abstract class NativeResource : IDisposable
            {
                protected H? Handle { get; set; }
                public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                protected abstract void Dispose(bool disposing);
            }

            internal sealed class Index : NativeResource
            {
                public Index() { Handle = Lib.New(); }
                protected override void Dispose(bool disposing) { if (disposing) Handle?.Dispose(); }
            }

            internal class Shape { protected H? Outline; }
            internal sealed class Circle : Shape, IDisposable
            {
                public Circle() { Outline = Lib.New(); }
                public void Dispose() => Outline?.Dispose();
            }
            """),
        ("handles handed to a disposable owner by its constructor or an initializer", """
            sealed class Session : IDisposable
            {
                private readonly H handle;
                public Session(H handle) { this.handle = handle; }
                public long Ping() => Lib.Use(handle);
                public void Dispose() => handle.Dispose();
            }

            sealed class Options : IDisposable
            {
                public H? Handle { get; init; }
                public void Dispose() => Handle?.Dispose();
            }

            static class P
            {
                static long F()
                {
                    using var session = new Session(Lib.New());
                    using var options = new Options { Handle = Lib.New() };
                    return session.Ping();
                }
            }
            """),
        ("a field that leaves its owner: moved to native code, handed to a registry, or swapped out", """
            sealed class Registry : IDisposable
            {
                private readonly List<H> all = new();
                public void Track(H h) => all.Add(h);
                public void Dispose() { foreach (H h in all) h.Dispose(); }
            }

            sealed class Builder
            {
                private H? pending;
                public void Start() { pending = Lib.New(); }
                public void Finish() { if (pending is { } h) Lib.Consume(h); pending = null; }
            }

            sealed class Node
            {
                private readonly H handle;
                public Node(Registry registry) { handle = Lib.New(); registry.Track(handle); }
                public long Value => Lib.Use(handle);
            }

            sealed class Slot
            {
                private H? held;
                public void Put() => held = Lib.New();
                public H? Take() { H? taken = held; held = null; return taken; }
            }
            """),
        ("await using and IAsyncDisposable owners", """
            sealed class AsyncSession : IAsyncDisposable
            {
                private readonly H handle = Lib.New();
                private readonly List<NativeBuffer<int>> buffers = new();
                public void Keep() => buffers.Add(Lib.Data());
                public long Ping() => Lib.Use(handle);
                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    foreach (NativeBuffer<int> buffer in buffers) buffer.Dispose();
                    handle.Dispose();
                }
            }

            static class P
            {
                static async Task<long> F()
                {
                    await using var session = new AsyncSession();
                    session.Keep();
                    await Task.Yield();
                    return session.Ping();
                }
            }
            """),
        ("iterators that hand handles to the caller or own them while they run", """
            static class P
            {
                static IEnumerable<H> Open(int n)
                {
                    for (int i = 0; i < n; i++) yield return Lib.New();
                }

                static IEnumerable<H> Prepared(int n)
                {
                    for (int i = 0; i < n; i++)
                    {
                        var h = Lib.New();
                        Lib.Use(h);
                        yield return h;
                    }
                }

                static IEnumerable<long> Measure(int n)
                {
                    using var h = Lib.New();
                    for (int i = 0; i < n; i++) yield return Lib.Use(h);
                }
            }
            """),
        ("local functions: captured, creating, and static", """
            static class P
            {
                static long F()
                {
                    var h = Lib.New();
                    try { return Twice(); }
                    finally { Release(); }

                    long Twice() => Lib.Use(h) * 2;
                    void Release() => h.Dispose();
                }

                static long G()
                {
                    using var h = Make();
                    return Measure(h);

                    static H Make() => Lib.New();
                    static long Measure(H handle) => Lib.Use(handle);
                }

                static long K()
                {
                    long total = 0;
                    Each(3);
                    return total;

                    void Each(int n)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            using var h = Lib.New();
                            total += Lib.Use(h);
                        }
                    }
                }
            }
            """),
        ("try/catch: disposal in the try, the catch, or a finally", """
            static class P
            {
                static long DisposedInTry()
                {
                    var h = Lib.New();
                    try
                    {
                        long n = Lib.Use(h);
                        h.Dispose();
                        return n;
                    }
                    catch (InvalidOperationException)
                    {
                        return -1;
                    }
                }

                static long DisposedInTryCatchRethrows()
                {
                    var h = Lib.New();
                    try
                    {
                        long n = Lib.Use(h);
                        h.Dispose();
                        return n;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Console.Error.WriteLine(e.Message);
                        throw;
                    }
                }

                static H CleanupOnFailure()
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Use(h);
                        return h;
                    }
                    catch
                    {
                        h.Dispose();
                        throw;
                    }
                }

                static long CatchAndFinally()
                {
                    var h = Lib.New();
                    try { return Lib.Use(h); }
                    catch (InvalidOperationException) { return -1; }
                    finally { h.Dispose(); }
                }

                static long UsingInsideTry()
                {
                    try
                    {
                        using var h = Lib.New();
                        return Lib.Use(h);
                    }
                    catch (Exception e) { throw new InvalidOperationException("native call failed", e); }
                }

                static long Retry(int attempts)
                {
                    for (int i = 0; ; i++)
                    {
                        try
                        {
                            using var h = Lib.New();
                            return Lib.Use(h);
                        }
                        catch (InvalidOperationException) when (i < attempts)
                        {
                            using var fallback = Lib.New();
                            Lib.Use(fallback);
                        }
                    }
                }

                static long MovedInTry()
                {
                    var h = Lib.New();
                    try
                    {
                        Lib.Use(h);
                        Lib.Consume(h);
                        return 0;
                    }
                    catch
                    {
                        h.Dispose();
                        throw;
                    }
                }
            }
            """),
        ("static singletons own their handles for the process", """
            static class Shared
            {
                public static readonly H Instance = Lib.New();
                private static H? lazy;
                public static H Lazy => lazy ??= Lib.New();
                public static H Cached { get; } = Lib.New();
            }

            sealed class Catalog
            {
                private static readonly List<H> Everything = new();
                public static void Register() => Everything.Add(Lib.New());
            }
            """),
        ("retained native memory, delegates in fields and GCHandle user data outlive the call", """
            sealed unsafe class Codec : IDisposable
            {
                private static readonly LogFn Log = OnLog;
                private readonly byte* dictionary;
                private GCHandle self;

                public Codec(ReadOnlySpan<byte> bytes)
                {
                    dictionary = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
                    bytes.CopyTo(new Span<byte>(dictionary, bytes.Length));
                    self = GCHandle.Alloc(this);
                    Lib.KeepBytes(dictionary, (nuint)bytes.Length);
                    Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(Log), GCHandle.ToIntPtr(self));
                    Lib.OnEvent(&OnEvent, GCHandle.ToIntPtr(self));
                }

                [UnmanagedCallersOnly]
                private static void OnEvent(nint context, int code) { }

                private static void OnLog(nint context, int level) { }

                public void Dispose()
                {
                    Lib.ClearRetained();
                    self.Free();
                    NativeMemory.Free(dictionary);
                }
            }
            """),
        ("a retained handle stays owned by .NET and is disposed as usual", """
            static class P
            {
                static void F()
                {
                    using var h = Lib.New();
                    Lib.Share(h);
                }
            }
            """),
        ("pinned memory lent to a borrowing parameter, delegates kept by the caller", """
            static unsafe class P
            {
                static long F(int[] values, LogFn given, nint context)
                {
                    fixed (int* p = values)
                    {
                        Lib.SetLogger(Marshal.GetFunctionPointerForDelegate(given), context);
                        return Lib.Sum(new ReadOnlySpan<int>(p, values.Length));
                    }
                }
            }
            """),
        ("retained callbacks: registrations kept by an owner, scoped by using, returned; callbacks native code releases", """
            sealed class Listener : IDisposable
            {
                private readonly H subscription;

                public Listener(H bus) => subscription = Lib.Subscribe(bus, OnEvent);

                private void OnEvent(int value) => Console.WriteLine(value);

                public void Dispose() => subscription.Dispose();

                public static H Forward(H bus, Action<int> handler) => Lib.Subscribe(bus, handler);

                public static async Task Scoped(H bus, Task done)
                {
                    using var scoped = Lib.Subscribe(bus, e => Console.WriteLine(e));
                    await done;
                    Lib.Tick(e => Console.WriteLine(e));
                }
            }
            """),
        ("owned out parameters: disposed, returned, moved, forwarded, or kept by an owner", """
            sealed class Connection : IDisposable
            {
                private readonly H handle;
                public Connection() { Lib.Open("db", out handle, 0); }
                public long Ping() => Lib.Use(handle);
                public void Dispose() => handle.Dispose();
            }

            static class P
            {
                static long Read()
                {
                    Lib.Open("db", out var db, 0);
                    using (db)
                    {
                        int rc = Lib.Prepare(db, "select 1", out H statement);
                        try { return rc + Lib.Use(statement); }
                        finally { statement.Dispose(); }
                    }
                }

                static H Create() { Lib.Open("db", out H created, 0); return created; }
                static void Forward(out H h) => Lib.Open("db", out h, 0);
                static void Move() { Lib.Open("db", out var db, 0); Lib.Consume(db); }
                static long Maybe() { Lib.TryOpen("db", out var h); using (h) { return h is null ? 0 : Lib.Use(h); } }
                static long Buffer() { Lib.Fill(out var data); using (data) { return Lib.Sum(data.Span); } }
                static long Borrowed() { using var parent = Lib.New(); Lib.Peek(parent, out var view); return Lib.Use(view); }

                static void Reuse(int n)
                {
                    H? h = null;
                    for (int i = 0; i < n; i++)
                    {
                        h?.Dispose();
                        Lib.Open("db", out h, 0);
                        Lib.Use(h);
                    }

                    h?.Dispose();
                }
            }
            """),
        ("a flag tested twice: seal or dispose, an ownership flag read in a finally, a copied flag, a flag set once in a loop", """
            static class P
            {
                static long SealOrDispose(bool seal)
                {
                    var builder = Lib.New();
                    long result = 0;
                    if (seal)
                    {
                        using var v = Lib.Seal(builder);
                        result = Lib.Use(v);
                    }

                    if (!seal) builder.Dispose();
                    return result;
                }

                static long Transactional()
                {
                    var builder = Lib.New();
                    bool sealedIt = false;
                    try
                    {
                        Lib.Use(builder);
                        using var product = Lib.Seal(builder);
                        sealedIt = true;
                        return Lib.Use(product);
                    }
                    finally
                    {
                        if (!sealedIt) builder.Dispose();
                    }
                }

                static H? KeepOrFree(bool keep)
                {
                    var h = Lib.New();
                    bool free = !keep;
                    H? kept = keep ? h : null;
                    if (free) h.Dispose();
                    return kept;
                }

                static void Once(int n)
                {
                    var h = Lib.New();
                    bool moved = false;
                    for (int i = 0; i < n; i++)
                    {
                        if (!moved && i == 3) { Lib.Consume(h); moved = true; }
                        if (moved is false) Lib.Use(h);
                    }

                    if (moved == false) h.Dispose();
                }
            }
            """),
        ("raw pointers into native memory used while their owner lives, compared, or kept with their owner", """
            sealed unsafe class Reader : IDisposable
            {
                private readonly NativeBuffer<int> buffer;
                private readonly int* start;

                public Reader()
                {
                    var data = Lib.Data();
                    start = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(data.Span));
                    buffer = data;
                }

                public int First => *start;

                public void Dispose() => buffer.Dispose();
            }

            static unsafe class P
            {
                static int Sum()
                {
                    using var data = Lib.Data();
                    int total = 0;
                    fixed (int* p = data.Span)
                    {
                        for (int* q = p; q < p + data.Span.Length; q++) total += *q;
                    }

                    return total;
                }

                static bool WasSet()
                {
                    var data = Lib.Data();
                    int* p = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref data.Span[0]);
                    data.Dispose();
                    return p != null;
                }

                static long Address()
                {
                    using var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    return Lib.Use(h) + (long)raw;
                }
            }

            sealed unsafe class Shared : IDisposable
            {
                private readonly NativeBuffer<int> data;

                public Shared()
                {
                    var d = Lib.Data();
                    Lib.KeepBytes((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref d.Span[0]), 4);
                    data = d; // native code keeps a pointer into it: the owner lives as long as this object
                }

                public void Dispose() { Lib.ClearRetained(); data.Dispose(); }
            }
            """),
    ];

    public static readonly (string Name, string Code)[] Mistakes =
    [
        ("never disposed", """
            static class P { static long F() { var {|BND2001:h = Lib.New()|}; return Lib.Use(h); } }
            """),
        ("disposed on one branch only", """
            static class P { static void F(bool b) { var {|BND2001:h = Lib.New()|}; if (b) h.Dispose(); } }
            """),
        ("leaked by an early return", """
            static class P { static void F(bool stop) { var {|BND2001:h = Lib.New()|}; if (stop) return; h.Dispose(); } }
            """),
        ("discarded result", """
            static class P { static void F() { {|BND2001:Lib.New()|}; _ = {|BND2001:Lib.Data()|}; } }
            """),
        ("lent to a borrowing call and lost", """
            static class P { static long F() => Lib.Use({|BND2001:Lib.New()|}); }
            """),
        ("used only for a member and lost", """
            static class P { static int F() => {|BND2001:Lib.Data()|}.Length; }
            """),
        ("use after consume", """
            static class P { static long F() { var h = Lib.New(); Lib.Consume(h); return Lib.Use({|BND2002:h|}); } }
            """),
        ("consumed twice", """
            static class P { static void F() { var h = Lib.New(); Lib.Consume(h); Lib.Consume({|BND2002:h|}); } }
            """),
        ("disposed after consume", """
            static class P { static void F() { var h = Lib.New(); Lib.Consume(h); {|BND2002:h|}.Dispose(); } }
            """),
        ("use on a path that follows the move", """
            static class P
            {
                static long F(bool b)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (b) Lib.Consume(h);
                    return Lib.Use({|BND2002:h|});
                }
            }
            """),
        ("disposed twice", """
            static class P { static void F() { var h = Lib.New(); Lib.Use(h); h.Dispose(); {|BND2005:h.Dispose()|}; } }
            """),
        ("created in a loop, never disposed", """
            static class P { static long F(int n) { long t = 0; for (int i = 0; i < n; i++) { var {|BND2001:h = Lib.New()|}; t += Lib.Use(h); } return t; } }
            """),
        ("native buffer not disposed", """
            static class P { static long F() { var {|BND2001:data = Lib.Data()|}; return Lib.Sum(data.Span); } }
            """),
        ("leak inside a lambda", """
            static class P { static Func<long> F() => () => { var {|BND2001:h = Lib.New()|}; return Lib.Use(h); }; }
            """),
        ("leak in an async method", """
            static class P { static async Task<long> F() { var {|BND2001:h = Lib.New()|}; await Task.Yield(); return Lib.Use(h); } }
            """),
        ("span used after its buffer is disposed", """
            static class P
            {
                static int F()
                {
                    var data = Lib.Data();
                    Span<int> view = data.Span;
                    data.Dispose();
                    return {|BND2003:view|}.Length;
                }
            }
            """),
        ("borrowed child used after its parent is consumed", """
            static class P
            {
                static long F()
                {
                    var parent = Lib.New();
                    var child = Lib.Child(parent);
                    Lib.Consume(parent);
                    return Lib.Use({|BND2003:child|});
                }
            }
            """),
        ("borrowed child escapes its parent", """
            sealed class Cache
            {
                private H? last;
                public H Keep()
                {
                    using var parent = Lib.New();
                    var child = Lib.Child(parent);
                    last = {|BND2003:child|};
                    return {|BND2003:child|};
                }
            }
            """),
        ("try without finally", """
            static class P { static long F() { var {|BND2001:h = Lib.New()|}; try { return Lib.Use(h); } catch (Exception) { return -1; } } }
            """),
        ("conditional dispose on one branch only", """
            static class P { static void F(bool done) { var {|BND2001:h = Lib.New()|}; Lib.Use(h); if (done) h?.Dispose(); } }
            """),
        ("conditional dispose twice, and after a move", """
            static class P
            {
                static void F() { var h = Lib.New(); h?.Dispose(); {|BND2005:h?.Dispose()|}; }
                static void G() { var h = Lib.New(); Lib.Consume(h); {|BND2002:h|}?.Dispose(); }
            }
            """),
        ("overwritten while still owned", """
            static class P
            {
                static long F()
                {
                    var h = Lib.New();
                    long first = Lib.Use(h);
                    {|BND2001:h = Lib.New()|};
                    long second = Lib.Use(h);
                    h.Dispose();
                    return first + second;
                }

                static void G(bool b)
                {
                    H? h = Lib.New();
                    if (b) h.Dispose();
                    {|BND2001:h = null|};
                }
            }
            """),
        ("reassigned in a loop without disposing the previous one", """
            static class P
            {
                static long F(int n)
                {
                    H h = Lib.New();
                    long total = 0;
                    for (int i = 0; i < n; i++)
                    {
                        {|BND2001:h = Lib.New()|};
                        total += Lib.Use(h);
                    }

                    h.Dispose();
                    return total;
                }
            }
            """),
        ("a switch case that leaks", """
            static class P
            {
                static long F(int mode)
                {
                    var {|BND2001:h = Lib.New()|};
                    switch (mode)
                    {
                        case 0:
                            return -1;
                        case 1:
                            Lib.Consume(h);
                            return 1;
                        default:
                            long n = Lib.Use(h);
                            h.Dispose();
                            return n;
                    }
                }
            }
            """),
        ("a handle chosen by a switch expression, never disposed", """
            static class P
            {
                static long F(int mode)
                {
                    H {|BND2001:h = mode switch { 0 => Lib.New(), _ => Lib.TryNew() ?? Lib.New() }|};
                    return Lib.Use(h);
                }
            }
            """),
        ("pattern-matched handles that leak", """
            static class P
            {
                static long F()
                {
                    if ({|BND2001:Lib.TryNew() is { } h|}) return Lib.Use(h);
                    return 0;
                }

                static long G(bool quick)
                {
                    if ({|BND2001:Lib.TryNew() is not { } h|}) return -1;
                    if (quick) return 0;
                    using (h) { return Lib.Use(h); }
                }

                static void K()
                {
                    var {|BND2001:h = Lib.TryNew()|};
                    if (h is not null) Lib.Use(h);
                }
            }
            """),
        ("catch handlers that leak, or use what the try block moved", """
            static class P
            {
                static long LiveThroughTheTry()
                {
                    var {|BND2001:h = Lib.New()|};
                    long n;
                    try { n = Checked(); }
                    catch (InvalidOperationException) { return -1; }
                    n += Lib.Use(h);
                    h.Dispose();
                    return n;
                }

                static long CreatedInCatch()
                {
                    try { return Checked(); }
                    catch (InvalidOperationException)
                    {
                        var {|BND2001:fallback = Lib.New()|};
                        return Lib.Use(fallback);
                    }
                }

                static long DiscardedInCatch()
                {
                    try { return Checked(); }
                    catch (InvalidOperationException) { {|BND2001:Lib.New()|}; return 0; }
                }

                static long MovedBeforeTheTry()
                {
                    var h = Lib.New();
                    Lib.Consume(h);
                    try { return Checked(); }
                    catch (InvalidOperationException) { return Lib.Use({|BND2002:h|}); }
                }

                static long Checked() => 1;
            }
            """),
        ("a type that is not IDisposable keeps a handle", """
            sealed class Session
            {
                private readonly H handle;
                private readonly H {|BND2001:spare = Lib.New()|};
                public Session() { {|BND2001:handle = Lib.New()|}; }
                public long Ping() => Lib.Use(handle) + Lib.Use(spare);
            }

            class Cache
            {
                private H? last;
                public void Remember() { var h = Lib.New(); Lib.Use(h); {|BND2001:last = h|}; }
                public long Size() => last is null ? 0 : Lib.Use(last);
            }
            """),
        ("Dispose forgets a field, a lazily created one, and a collection's elements", """
            sealed class Connection : IDisposable
            {
                private readonly H control = Lib.New();
                private H? data;
                private H? cached;
                private readonly List<H> pending = new();
                public void Open() { {|BND2001:data = Lib.New()|}; }
                public H Cached => {|BND2001:cached ??= Lib.New()|};
                public void Queue() { var h = Lib.New(); {|BND2001:pending.Add(h)|}; }
                public void Dispose() { control.Dispose(); pending.Clear(); }
            }
            """),
        ("an object initializer stores a handle in a type that never disposes it", """
            sealed class Request
            {
                private H? target;
                private int retries;
                public static Request For() => new Request { {|BND2001:target = Lib.New()|}, retries = 3 };
                public long Send() => target is null ? retries : Lib.Use(target);
            }
            """),
        ("pinned and stack memory handed to a retaining parameter", """
            static unsafe class P
            {
                static void F(byte[] bytes, string name)
                {
                    fixed (byte* p = bytes)
                    {
                        Lib.KeepBytes({|BND2004:p|}, (nuint)bytes.Length);
                    }

                    fixed (char* c = name)
                    {
                        Lib.KeepBytes({|BND2004:(byte*)c|}, (nuint)(name.Length * 2));
                    }

                    byte* scratch = stackalloc byte[32];
                    Lib.KeepBytes({|BND2004:scratch + 4|}, 28);
                }
            }
            """),
        ("a delegate nothing keeps alive handed to a retaining parameter", """
            static class P
            {
                static void OnLog(nint context, int level) { }

                static void Install()
                {
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog))|}, 0);
                    LogFn local = (c, l) => Console.WriteLine(l);
                    Lib.SetLogger({|BND2004:Marshal.GetFunctionPointerForDelegate(local)|}, 0);
                    GC.KeepAlive(local);
                }
            }
            """),
        ("a dropped registration of a retained callback, and one kept but never disposed", """
            static class P
            {
                static void OnEvent(int value) { }

                static void Listen(H bus)
                {
                    Lib.Subscribe(bus, {|BND2004:OnEvent|});
                    _ = Lib.Subscribe(bus, {|BND2004:e => Console.WriteLine(e)|});
                    var {|BND2001:kept = Lib.Subscribe(bus, OnEvent)|};
                }
            }
            """),
        ("owned out parameters leaked, discarded, overwritten, disposed twice, used after a move, or kept by a type that never disposes them", """
            static class P
            {
                static long Leak() { Lib.Open("db", {|BND2001:out var db|}, 0); return Lib.Use(db); }
                static void Discard() { Lib.Open("db", {|BND2001:out _|}, 0); }
                static void Twice() { Lib.Open("db", out H db, 0); db.Dispose(); {|BND2005:db.Dispose()|}; }
                static long AfterMove() { Lib.Open("db", out var db, 0); Lib.Consume(db); return Lib.Use({|BND2002:db|}); }
                static void Overwrite() { var h = Lib.New(); Lib.Use(h); Lib.Open("db", {|BND2001:out h|}, 0); h.Dispose(); }
                static long Statement(H db) { int rc = Lib.Prepare(db, "select 1", {|BND2001:out var statement|}); return rc + Lib.Use(statement); }
                static long Loop(int n) { long t = 0; for (int i = 0; i < n; i++) { Lib.Fill({|BND2001:out var data|}); t += Lib.Sum(data.Span); } return t; }
            }

            sealed class Session
            {
                private H? handle;
                public void Start() => Lib.Open("db", {|BND2001:out handle|}, 0);
                public long Ping() => handle is null ? 0 : Lib.Use(handle);
            }
            """),
        ("a flag tested twice where one path really leaks, or that changes between the tests", """
            static class P
            {
                static bool Flip() => Environment.TickCount % 2 == 0;
                static void Toggle(ref bool b) => b = !b;

                static void Leak(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    if (!seal) Lib.Use(h);
                }

                static void SameSide(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    if (seal) {|BND2002:h|}.Dispose();
                }

                static void Reassigned(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    seal = Flip();
                    if (!seal) {|BND2002:h|}.Dispose();
                }

                static void ByRef(bool seal)
                {
                    var {|BND2001:h = Lib.New()|};
                    if (seal) Lib.Consume(h);
                    Toggle(ref seal);
                    if (!seal) {|BND2002:h|}.Dispose();
                }
            }
            """),
        ("raw pointers into native memory used after their owner is released, or escaping a method that releases it", """
            static unsafe class P
            {
                static int AfterDispose()
                {
                    var data = Lib.Data();
                    int* p = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(data.Span));
                    data.Dispose();
                    return *{|BND2003:p|};
                }

                static void InsideFixed()
                {
                    var data = Lib.Data();
                    fixed (int* p = data.Span)
                    {
                        data.Dispose();
                        {|BND2003:p|}[0] = 1;
                    }
                }

                static long AfterMove()
                {
                    var h = Lib.New();
                    nint raw = h.DangerousGetHandle();
                    Lib.Consume(h);
                    return {|BND2003:raw|}.ToInt64();
                }

                static int* Returned()
                {
                    using var data = Lib.Data();
                    int* p = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref data.Span[0]);
                    return {|BND2003:p|} + 1;
                }

                static void Retained()
                {
                    using var data = Lib.Data();
                    Lib.KeepBytes({|BND2003:(byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref data.Span[0])|}, 4);
                }
            }
            """),
    ];
}
