using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>A callback native code calls from threads it started.</summary>
public delegate void ThreadCallback(int thread, int index);

/// <summary>A callback that borrows a Counter for the duration of one call.</summary>
public delegate void CounterVisitor(Counter counter, int index);

/// <summary>A subscription to the test library's event bus: releasing it unregisters the callback.</summary>
[ForeignHandle(Release = Target.Prefix + "subscription_free")]
public sealed partial class Subscription;

/// <summary>The test library's event bus.</summary>
[ForeignHandle(Release = Target.Prefix + "bus_free")]
public sealed partial class Bus;

/// <summary>"Callbacks" of docs/design/native-test-abi.md: delegates native code calls during the call, from its own
/// threads, and after it (retained until native code releases them, or until the subscription handle is released).</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static partial class Callbacks
{
    public static partial long SumMap(ReadOnlySpan<int> items, [CallbackFailure(-1)] Func<int, int> map);
    public static partial int CountIf(int from, int to, Func<int, bool> predicate);
    public static partial int CallUntil(int n, [CallbackFailure(-1)] Func<int, int> callback);
    [ForeignFunction(Target.Prefix + "call_until")] public static partial int CallUntilWithoutFailureValue(int n, Func<int, int> callback);
    public static partial void ForEachWord(string text, Action<string> visit);
    public static partial string JoinNames(int n, Func<int, string?> name);
    public static partial void CallOnThreads(int threads, int perThread, ThreadCallback callback);
    public static partial void CounterVisit(Counter c, int times, CounterVisitor visit);
    public static partial nuint AltstackSp();
    public static partial nuint AltstackSize();

    public static partial void TickerStart(int ticks, int intervalMs, [Retained] Action<int> tick);
    public static partial long TickersRunning();
    public static partial void ReleaseTwice([Retained] Action<int> callback);

    public static partial Bus BusNew();
    public static partial Subscription BusSubscribe(Bus bus, [Retained] Action<int> onEvent);
    public static partial int BusPublish(Bus bus, int value);
    public static partial void BusPublishOnThread(Bus bus, int value, int count);
    public static partial long BusPublishersRunning();
    public static partial long BusSubscriberCount(Bus bus);
    public static partial long LiveBuses();
    public static partial long LiveSubscriptions();
    public static partial long BadSubscriptionFrees();
}

/// <summary>The same library's callback that passes NUL-terminated words.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Strings = ForeignStrings.NulTerminated)]
internal static partial class CStrCallbacks
{
    public static partial void ForEachWordCstr(string text, Action<string> visit);
}

/// <summary>
/// "Async" of docs/design/native-test-abi.md: operations that complete later through a completion callback, in every
/// error shape, with owned results, cancellation through <c>P_cancel</c>, and deliberately buggy double completions.
/// </summary>
[ForeignBoundary(Target.Library, Language = Target.Language, Errors = typeof(TestError), ErrorShape = ForeignErrorShape.None, Cancel = Target.Prefix + "cancel")]
internal static partial class AsyncOps
{
    public static partial Task<int> AddAsync(int a, int b, int delayMs);
    [ForeignFunction(Target.Prefix + "add_async")] public static partial ValueTask<int> AddValueAsync(int a, int b, int delayMs);
    public static partial Task PingAsync(int delayMs);
    [ForeignFunction(Target.Prefix + "ping_async")] public static partial ValueTask PingValueAsync(int delayMs);

    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)] public static partial Task<int> DivAsyncStatus(int a, int b, int delayMs);
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)] public static partial Task<int> DivAsyncGo(int a, int b, int delayMs);
    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial Task<int> DivAsyncCode(int a, int b, int delayMs);
    [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)] public static partial Task<int> DivAsyncRecord(int a, int b, int delayMs);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)] public static partial Task<string> GreetAsync(string name, int delayMs);
    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)] public static partial Task<Counter> CounterNewAsync(long start, int delayMs);
    public static partial Task<NativeBuffer<int>> RangeAsync(int start, int count, int delayMs);
    [ForeignFunction(Target.Prefix + "range_async")] public static partial Task<int[]> RangeCopyAsync(int start, int count, int delayMs);

    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)] public static partial Task<int> WaitAsync(int timeoutMs, CancellationToken cancellationToken);
    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)] public static partial Task<int> CancelSyncAsync(CancellationToken cancellationToken);
    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)] public static partial Task<int> PanicAsync(int x);

    public static partial Task<int> AddAsyncTwice(int a, int b);
    public static partial Task<string> GreetAsyncTwice(string name);

    public static partial long AsyncPending();
    public static partial long StrayThreadsRunning();
    public static partial long CancelsUnknown();
}
