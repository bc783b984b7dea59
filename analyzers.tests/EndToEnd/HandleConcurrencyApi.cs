using System.Runtime.InteropServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>A Rust Counter declared not thread-safe: the same native object as <see cref="RustCounter"/>, used one call at a time.</summary>
[ForeignHandle(Release = "rtest_counter_free", ThreadSafe = false)]
public sealed partial class RustSerialCounter;

/// <summary>A Go Counter declared not thread-safe: the same native object as <see cref="GoCounter"/>, used one call at a time.</summary>
[ForeignHandle(Release = "gotest_counter_free", ThreadSafe = false)]
public sealed partial class GoSerialCounter;

/// <summary>
/// "Handle concurrency" of docs/design/native-test-abi.md, once per language, for thread-safe handles (the default) and
/// for handles declared <c>ThreadSafe = false</c>. Each override is a one-line forward to a generated boundary.
/// </summary>
public abstract unsafe class ConcurrencyApi
{
    /// <summary>The library name, as it appears in the exceptions' <c>library!symbol</c>.</summary>
    public abstract string Library { get; }

    /// <summary>Called first on every thread a test starts (see README, "Go in a .NET process").</summary>
    public virtual void PrepareThread()
    {
    }

    public abstract SafeHandle New(long start);
    public abstract long Add(SafeHandle c, long delta);
    public abstract long IntoValue(SafeHandle c);
    public abstract long Merge(SafeHandle into, SafeHandle from);
    public abstract long Hold(SafeHandle c, long gate);
    public abstract long Touch(SafeHandle c, long delta);
    public abstract long CallBack(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData);

    public abstract SafeHandle NewSerial(long start);
    public abstract long AddSerial(SafeHandle c, long delta);
    public abstract long IntoValueSerial(SafeHandle c);
    public abstract long MergeSerial(SafeHandle into, SafeHandle from);
    public abstract long HoldSerial(SafeHandle c, long gate);
    public abstract long TouchSerial(SafeHandle c, long delta);
    public abstract long CallBackSerial(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData);

    public abstract bool GateWaiting(long gate);
    public abstract void GateOpen(long gate);
    public abstract long ConcurrentUses();
    public abstract long LiveCounters();
    public abstract long ReleasedTotal();
    public abstract long BadReleases();
    public abstract long BadUses();
}

public sealed unsafe class RustConcurrencyApi : ConcurrencyApi
{
    public override string Library => "rtest";
    public override SafeHandle New(long start) => RustLib.CounterNew(start);
    public override long Add(SafeHandle c, long delta) => RustLib.CounterAdd((RustCounter)c, delta);
    public override long IntoValue(SafeHandle c) => RustLib.CounterIntoValue((RustCounter)c);
    public override long Merge(SafeHandle into, SafeHandle from) => RustLib.CounterMerge((RustCounter)into, (RustCounter)from);
    public override long Hold(SafeHandle c, long gate) => RustConcurrency.CounterHold((RustCounter)c, gate);
    public override long Touch(SafeHandle c, long delta) => RustConcurrency.CounterTouch((RustCounter)c, delta);
    public override long CallBack(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData) => RustConcurrency.CounterCallBack((RustCounter)c, callback, userData);
    public override SafeHandle NewSerial(long start) => RustConcurrency.SerialNew(start);
    public override long AddSerial(SafeHandle c, long delta) => RustConcurrency.SerialAdd((RustSerialCounter)c, delta);
    public override long IntoValueSerial(SafeHandle c) => RustConcurrency.SerialIntoValue((RustSerialCounter)c);
    public override long MergeSerial(SafeHandle into, SafeHandle from) => RustConcurrency.SerialMerge((RustSerialCounter)into, (RustSerialCounter)from);
    public override long HoldSerial(SafeHandle c, long gate) => RustConcurrency.SerialHold((RustSerialCounter)c, gate);
    public override long TouchSerial(SafeHandle c, long delta) => RustConcurrency.SerialTouch((RustSerialCounter)c, delta);
    public override long CallBackSerial(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData) => RustConcurrency.SerialCallBack((RustSerialCounter)c, callback, userData);
    public override bool GateWaiting(long gate) => RustConcurrency.GateWaiting(gate);
    public override void GateOpen(long gate) => RustConcurrency.GateOpen(gate);
    public override long ConcurrentUses() => RustConcurrency.ConcurrentUses();
    public override long LiveCounters() => RustLib.LiveCounters();
    public override long ReleasedTotal() => RustLib.ReleasedTotal();
    public override long BadReleases() => RustLib.BadReleases();
    public override long BadUses() => RustLib.BadUses();
}

public sealed unsafe class GoConcurrencyApi : ConcurrencyApi
{
    public override string Library => "gotest";
    public override void PrepareThread() => Boundary.Interop.GoThread.EnsurePrepared();
    public override SafeHandle New(long start) => GoLib.CounterNew(start);
    public override long Add(SafeHandle c, long delta) => GoLib.CounterAdd((GoCounter)c, delta);
    public override long IntoValue(SafeHandle c) => GoLib.CounterIntoValue((GoCounter)c);
    public override long Merge(SafeHandle into, SafeHandle from) => GoLib.CounterMerge((GoCounter)into, (GoCounter)from);
    public override long Hold(SafeHandle c, long gate) => GoConcurrency.CounterHold((GoCounter)c, gate);
    public override long Touch(SafeHandle c, long delta) => GoConcurrency.CounterTouch((GoCounter)c, delta);
    public override long CallBack(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData) => GoConcurrency.CounterCallBack((GoCounter)c, callback, userData);
    public override SafeHandle NewSerial(long start) => GoConcurrency.SerialNew(start);
    public override long AddSerial(SafeHandle c, long delta) => GoConcurrency.SerialAdd((GoSerialCounter)c, delta);
    public override long IntoValueSerial(SafeHandle c) => GoConcurrency.SerialIntoValue((GoSerialCounter)c);
    public override long MergeSerial(SafeHandle into, SafeHandle from) => GoConcurrency.SerialMerge((GoSerialCounter)into, (GoSerialCounter)from);
    public override long HoldSerial(SafeHandle c, long gate) => GoConcurrency.SerialHold((GoSerialCounter)c, gate);
    public override long TouchSerial(SafeHandle c, long delta) => GoConcurrency.SerialTouch((GoSerialCounter)c, delta);
    public override long CallBackSerial(SafeHandle c, delegate* unmanaged<nint, long, void> callback, nint userData) => GoConcurrency.SerialCallBack((GoSerialCounter)c, callback, userData);
    public override bool GateWaiting(long gate) => GoConcurrency.GateWaiting(gate);
    public override void GateOpen(long gate) => GoConcurrency.GateOpen(gate);
    public override long ConcurrentUses() => GoConcurrency.ConcurrentUses();
    public override long LiveCounters() => GoLib.LiveCounters();
    public override long ReleasedTotal() => GoLib.ReleasedTotal();
    public override long BadReleases() => GoLib.BadReleases();
    public override long BadUses() => GoLib.BadUses();
}

[ForeignBoundary("rtest", Language = ForeignLanguage.Rust)]
internal static unsafe partial class RustConcurrency
{
    public static partial long CounterHold(RustCounter c, long id);
    public static partial long CounterTouch(RustCounter c, long delta);
    public static partial long CounterCallBack(RustCounter c, delegate* unmanaged<nint, long, void> callback, nint userData);
    public static partial bool GateWaiting(long id);
    public static partial void GateOpen(long id);
    public static partial long ConcurrentUses();

    [ForeignFunction("rtest_counter_new")] public static partial RustSerialCounter SerialNew(long start);
    [ForeignFunction("rtest_counter_add")] public static partial long SerialAdd(RustSerialCounter c, long delta);
    [ForeignFunction("rtest_counter_into_value")] public static partial long SerialIntoValue([Consumed] RustSerialCounter c);
    [ForeignFunction("rtest_counter_merge")] public static partial long SerialMerge(RustSerialCounter into, [Consumed] RustSerialCounter from);
    [ForeignFunction("rtest_counter_hold")] public static partial long SerialHold(RustSerialCounter c, long id);
    [ForeignFunction("rtest_counter_touch")] public static partial long SerialTouch(RustSerialCounter c, long delta);
    [ForeignFunction("rtest_counter_call_back")] public static partial long SerialCallBack(RustSerialCounter c, delegate* unmanaged<nint, long, void> callback, nint userData);
}

[ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
internal static unsafe partial class GoConcurrency
{
    public static partial long CounterHold(GoCounter c, long id);
    public static partial long CounterTouch(GoCounter c, long delta);
    public static partial long CounterCallBack(GoCounter c, delegate* unmanaged<nint, long, void> callback, nint userData);
    public static partial bool GateWaiting(long id);
    public static partial void GateOpen(long id);
    public static partial long ConcurrentUses();

    [ForeignFunction("gotest_counter_new")] public static partial GoSerialCounter SerialNew(long start);
    [ForeignFunction("gotest_counter_add")] public static partial long SerialAdd(GoSerialCounter c, long delta);
    [ForeignFunction("gotest_counter_into_value")] public static partial long SerialIntoValue([Consumed] GoSerialCounter c);
    [ForeignFunction("gotest_counter_merge")] public static partial long SerialMerge(GoSerialCounter into, [Consumed] GoSerialCounter from);
    [ForeignFunction("gotest_counter_hold")] public static partial long SerialHold(GoSerialCounter c, long id);
    [ForeignFunction("gotest_counter_touch")] public static partial long SerialTouch(GoSerialCounter c, long delta);
    [ForeignFunction("gotest_counter_call_back")] public static partial long SerialCallBack(GoSerialCounter c, delegate* unmanaged<nint, long, void> callback, nint userData);
}
