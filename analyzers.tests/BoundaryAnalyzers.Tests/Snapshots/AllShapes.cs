using System.Runtime.InteropServices;
using Boundary;

namespace Snapshots.AllShapes;

public enum Color { Red, Green, Blue }

[StructLayout(LayoutKind.Sequential)]
public struct Vec3
{
    public double X;
    public double Y;
    public double Z;
}

[ForeignHandle(Release = "shapes_counter_free")]
public sealed partial class Counter;

/// <summary>A native object that is not safe for concurrent use: calls with one Parser run one at a time.</summary>
[ForeignHandle(Release = "shapes_parser_free", ThreadSafe = false)]
public sealed partial class Parser;

[ForeignBoundary("shapes")]
internal static partial class Shapes
{
    public static partial int AddI32(int a, int b);
    public static partial double Scale(Vec3 v, double k);
    public static partial Color NextColor(Color c);
    public static partial bool Not(bool value);
    public static partial bool Divmod(int a, int b, out int quotient, out int remainder);
    public static partial void Increment(ref long value, long by);
    public static partial double Length(in Vec3 v);
    public static partial void Flip(ref bool value);
    public static partial void IsReady(out bool ready);
    public static partial Counter CounterNew(long start);
    public static partial Counter? CounterTryNew(long start);
    public static partial long CounterAdd(Counter counter, long delta);
    public static partial long CounterAddMaybe(Counter? counter, long delta);
    public static partial long CounterIntoValue([Consumed] Counter counter);
    public static partial long CounterMerge(Counter into, [Consumed] Counter from);
    [return: Borrowed] public static partial Counter CounterGlobal();
    public static partial long CounterMergeBoth([Consumed] Counter first, [Consumed] Counter? second);
    public static partial Parser ParserNew();
    public static partial long ParserFeed(Parser parser, long value);
    public static partial long ParserFeedMaybe(Parser? parser, long value);
    public static partial long ParserJoin(Parser first, [Retained] Parser second);
    public static partial long ParserFinish([Consumed] Parser parser);
    [ForeignFunction("custom_symbol")] internal static partial void Custom();
    public static partial void Noop();
    public static partial long Utf8Len(string text);
    public static partial long Utf8LenMaybe(string? text, int flags);
}

[ForeignBoundary("shapes", Strings = ForeignStrings.NulTerminated)]
internal static partial class ShapesC
{
    public static partial long CstrLen(string text);
}
