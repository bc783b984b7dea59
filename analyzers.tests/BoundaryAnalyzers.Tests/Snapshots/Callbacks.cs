using System;
using System.Threading;
using System.Threading.Tasks;
using Boundary;

namespace Snapshots.Callbacks;

[ForeignHandle(Release = "ev_bus_free")]
public sealed partial class Bus;

[ForeignHandle(Release = "ev_subscription_free")]
public sealed partial class Subscription;

public delegate int Visitor(ReadOnlySpan<byte> chunk, string name, Bus? bus);

[ForeignErrors]
public enum EvError { Ok = 0, Failed = 1, Cancelled = 6 }

[ForeignBoundary("ev", Errors = typeof(EvError), Cancel = "ev_cancel")]
internal static partial class Events
{
    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial long SumMap(ReadOnlySpan<int> items, [CallbackFailure(-1)] Func<int, int> map);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial int CountIf(int from, int to, Func<int, bool> predicate);

    public static partial void Walk(Bus bus, Visitor visit, Action? done);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial string JoinNames(int n, Func<int, string?> name);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial void TickerStart(int ticks, [Retained] Action<int> tick);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial Subscription Subscribe(Bus bus, [Retained] Action<int> onEvent);

    [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
    public static partial Task<int> AddAsync(int a, int b);

    public static partial Task<string> GreetAsync(string name, CancellationToken cancellationToken);

    [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)]
    public static partial ValueTask<Bus> OpenAsync(long start);

    [ForeignFunction(ErrorShape = ForeignErrorShape.OutError)]
    public static partial ValueTask PingAsync(CancellationToken cancellationToken);

    [ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)]
    public static partial Task<NativeBuffer<int>> RangeAsync(int count);

    [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)]
    public static partial Task<Bus> FindAsync(string name);

    [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)]
    public static partial Task FlushAsync();
}
