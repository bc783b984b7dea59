using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>The test library's Counter declared not thread-safe: the same native object as <see cref="Counter"/>, used one call at a time.</summary>
[ForeignHandle(Release = Target.Prefix + "counter_free", ThreadSafe = false)]
public sealed partial class SerialCounter;

/// <summary>"Handle concurrency" of docs/design/native-test-abi.md, and the Counter functions again for <see cref="SerialCounter"/>.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static unsafe partial class Concurrency
{
    public static partial long CounterHold(Counter c, long id);
    public static partial long CounterTouch(Counter c, long delta);
    public static partial long CounterCallBack(Counter c, delegate* unmanaged<nint, long, void> callback, nint userData);
    public static partial bool GateWaiting(long id);
    public static partial void GateOpen(long id);
    public static partial long ConcurrentUses();

    [ForeignFunction(Target.Prefix + "counter_new")] public static partial SerialCounter SerialNew(long start);
    [ForeignFunction(Target.Prefix + "counter_add")] public static partial long SerialAdd(SerialCounter c, long delta);
    [ForeignFunction(Target.Prefix + "counter_into_value")] public static partial long SerialIntoValue([Consumed] SerialCounter c);
    [ForeignFunction(Target.Prefix + "counter_merge")] public static partial long SerialMerge(SerialCounter into, [Consumed] SerialCounter from);
    [ForeignFunction(Target.Prefix + "counter_hold")] public static partial long SerialHold(SerialCounter c, long id);
    [ForeignFunction(Target.Prefix + "counter_touch")] public static partial long SerialTouch(SerialCounter c, long delta);
    [ForeignFunction(Target.Prefix + "counter_call_back")] public static partial long SerialCallBack(SerialCounter c, delegate* unmanaged<nint, long, void> callback, nint userData);
}
