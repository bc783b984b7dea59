using Verify = BoundaryAnalyzers.Tests.Infrastructure.AnalyzerVerifier<Boundary.Analyzers.Analyzers.Declarations.BoundaryDeclarationAnalyzer>;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>
/// Delegate parameters and task results: what crosses is silent (including every error shape, retained callbacks and
/// cancellation with a cancel export); what cannot is BND1003 naming the callback's part, and an incomplete declaration
/// (a token without a cancel export, a token in a synchronous function, a failure value that does not fit) is BND1016.
/// </summary>
public class CallbackDeclarationTests
{
    [Fact]
    public Task Accepts_callbacks_of_every_crossing_kind_and_tasks_in_every_error_shape() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        [ForeignHandle(Release = "a_bus_free")]
        public sealed partial class Bus;

        public delegate int Visitor(ReadOnlySpan<byte> chunk, Span<int> scratch, string name, string? label, Bus bus, Bus? other, bool flag, double weight);

        [ForeignErrors]
        public enum AError { Ok = 0, Failed = 1 }

        [ForeignBoundary("a", Errors = typeof(AError), Cancel = "a_cancel")]
        internal static unsafe partial class A
        {
            public static partial long Map(ReadOnlySpan<int> items, [CallbackFailure(-1)] Func<int, int> map, Func<int, bool>? filter, [CallbackFailure(true)] Func<long, bool> stop);
            public static partial void Walk(Visitor visit, Action done);
            public static partial string Join(int n, Func<int, string?> name, Func<string> separator);
            public static partial void Tick([Retained] Action<int> tick);
            public static partial Bus Subscribe([Retained] Action<int> onEvent);

            [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial Task<int> Add(int a, int b);
            public static partial Task<string> Greet(string name, CancellationToken cancellationToken);
            [ForeignFunction(ErrorShape = ForeignErrorShape.GoError)] public static partial ValueTask<Bus> Open(long start);
            [ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] public static partial Task Flush();
            [ForeignFunction(ErrorShape = ForeignErrorShape.OutError, Cancel = "a_ping_cancel")] public static partial ValueTask Ping(CancellationToken token);
            [ForeignFunction(ErrorShape = ForeignErrorShape.NullOrSentinel)] public static partial Task<Bus> Find(string name);
            public static partial Task<NativeBuffer<int>> Range(int count);
            [return: Borrowed] public static partial Task<string> Version();
            [ForeignFunction(ErrorShape = ForeignErrorShape.None)] public static partial Task<long> Download(string url, [Retained] Action<long> progress);
        }
        """);

    [Fact]
    public Task Reports_callback_parts_that_cannot_cross() => Verify.VerifyAsync(
        """
        public delegate void ByRef(ref int value);

        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            public static partial void Objects({|BND1003:Action<object>|} visit);
            public static partial void Returns({|BND1003:Func<System.Collections.Generic.List<int>>|} make);
            public static partial void Refs({|BND1003:ByRef|} visit);
            public static partial {|BND1003:Action|} Hand();
            public static partial void Out(out {|BND1003:Action|} action);
            public static partial void Task({|BND1003:System.Threading.Tasks.Task|} pending);
            public static partial {|BND1003:System.Threading.Tasks.Task<object>|} Objects();
        }
        """);

    [Fact]
    public Task Reports_incomplete_async_and_callback_declarations() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        [ForeignBoundary("a")]
        internal static unsafe partial class A
        {
            public static partial Task<int> NoCancel(int x, CancellationToken {|BND1016:token|});
            public static partial int NotAsync(int x, {|BND1016:CancellationToken|} token);
            [ForeignFunction(Cancel = "a_cancel")] public static partial {|BND1016:Task|} Two(CancellationToken first, CancellationToken second);
            public static partial void Failure([{|BND1016:CallbackFailure("no")|}] Func<int, int> map);
            public static partial void VoidFailure([{|BND1016:CallbackFailure(1)|}] Action<int> visit);
            public static partial void TooBig([{|BND1016:CallbackFailure(300)|}] Func<int, byte> visit);
            public static partial Task<int> Progress({|BND1016:Action<long>|} progress);
        }
        """);
}

/// <summary>BND1017: AbiVersion must be MAJOR.MINOR.</summary>
public class AbiVersionTests
{
    [Theory]
    [InlineData("2.1")]
    [InlineData("0.0")]
    [InlineData("10.25")]
    public Task Accepts_major_dot_minor(string version) => Verify.VerifyAsync(
        $$"""
        [ForeignBoundary("a", AbiVersion = "{{version}}", AbiVersionFunction = "a_version")]
        internal static partial class A
        {
            public static partial int Count();
        }
        """);

    [Theory]
    [InlineData("2")]
    [InlineData("2.1.0")]
    [InlineData("v2.1")]
    [InlineData("2.x")]
    [InlineData("")]
    public Task Reports_anything_else(string version) => Verify.VerifyAsync(
        $$"""
        [{|BND1017:ForeignBoundary("a", AbiVersion = "{{version}}")|}]
        internal static partial class A
        {
            public static partial int Count();
        }
        """);
}
