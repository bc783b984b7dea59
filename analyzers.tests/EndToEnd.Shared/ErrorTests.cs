using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The three native error shapes (SPEC section 4) through generated stubs: the exception type, code and message,
/// idiomatic mapping with the ForeignException inside, unknown codes, panics, redaction, and every native message
/// freed exactly once.
/// </summary>
[Collection(OwnedMemory.Name)]
public sealed class ErrorTests : IDisposable
{
    private const string Library = Target.Library;

    public void Dispose()
    {
        Memory.LiveStrings().Should().Be(0, "every native error message is freed");
        Memory.BadStringFrees().Should().Be(0);
        Memory.LiveErrors().Should().Be(0, "every error record is released");
        Memory.BadErrorFrees().Should().Be(0);
        Memory.LiveBuffers().Should().Be(0);
        Memory.LiveCounters().Should().Be(0);
    }

    [Fact]
    public void Status_code_success_returns_the_result()
    {
        Status.CheckedDiv(7, 2).Should().Be(3);
        Status.Lookup("alpha").Should().Be("first");
        Status.CheckedRange(3).Should().Equal(0, 1, 2);
        using Counter counter = Status.CheckedCounter(5);
        counter.IsInvalid.Should().BeFalse();
        Memory.LiveCounters().Should().Be(1);
    }

    [Fact]
    public void Status_codes_map_to_idiomatic_exceptions_with_the_ForeignException_inside()
    {
        ArgumentException argument = FluentActions.Invoking(() => Status.CheckedDiv(1, 0)).Should().Throw<ArgumentException>().Which;
        var inner = argument.InnerException.Should().BeOfType<ForeignException<TestError>>().Which;
        inner.Code.Should().Be(TestError.InvalidArgument);
        inner.IsDefinedCode.Should().BeTrue();
        inner.NativeCode.Should().Be(2);
        inner.NativeMessage.Should().Be("division by zero");
        inner.Library.Should().Be(Library);
        inner.Function.Should().Be($"{Library}_checked_div");
        argument.Message.Should().Be($"{Library}!{Library}_checked_div failed: InvalidArgument (2): division by zero");

        FluentActions.Invoking(() => Status.Lookup("zeta")).Should().Throw<KeyNotFoundException>()
            .WithInnerException<ForeignException<TestError>>().Which.NativeMessage.Should().Be("no entry for 'zeta'");
        FluentActions.Invoking(() => Status.CheckedCounter(-1)).Should().Throw<ArgumentException>().WithMessage("*negative start");
        FluentActions.Invoking(() => Status.CheckedRange(-1)).Should().Throw<ArgumentException>().WithMessage("*negative count");
    }

    [Fact]
    public void Unmapped_unknown_and_message_less_codes_still_throw()
    {
        FluentActions.Invoking(() => Status.FailIo()).Should().Throw<ForeignException<TestError>>()
            .Which.Code.Should().Be(TestError.Io);

        var unknown = FluentActions.Invoking(() => Status.CheckedDiv(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>().Which;
        unknown.IsDefinedCode.Should().BeFalse();
        unknown.NativeCode.Should().Be(42);
        unknown.Message.Should().Be($"{Library}!{Library}_checked_div failed: unknown TestError code 42: overflow");

        FluentActions.Invoking(() => Status.FailSilent()).Should().Throw<KeyNotFoundException>()
            .WithInnerException<ForeignException<TestError>>().Which.NativeMessage.Should().BeNull();
    }

    [Fact]
    public void Panics_are_ForeignPanicExceptions_in_every_shape()
    {
        ForeignPanicException status = FluentActions.Invoking(() => Status.StatusPanic(7)).Should().Throw<ForeignPanicException>().Which;
        status.NativeCode.Should().Be(99);
        status.NativeMessage.Should().Be("panic: boom 7");
        status.Message.Should().Be($"{Library}!{Library}_status_panic panicked: boom 7");

        FluentActions.Invoking(() => GoShape.GoPanic(8)).Should().Throw<ForeignPanicException>().WithMessage("*panicked: boom 8");
        FluentActions.Invoking(() => GoShape.GoPanicCode(9)).Should().Throw<ForeignPanicException>().Which.NativeCode.Should().Be(99);
        FluentActions.Invoking(() => Records.OePanic(10)).Should().Throw<ForeignPanicException>().WithMessage("*panicked: boom 10");
    }

    [Fact]
    public void Go_errors_without_a_code_are_plain_ForeignExceptions()
    {
        GoShape.GoDiv(9, 3).Should().Be(3);
        GoShape.GoCheck(1);
        GoShape.GoGreet("Bo").Should().Be("Hello, Bo!");
        using (Counter counter = GoShape.GoCounter(2))
        {
            Memory.LiveCounters().Should().Be(1);
        }

        ForeignException error = FluentActions.Invoking(() => GoShape.GoDiv(1, 0)).Should().Throw<ForeignException>().Which;
        error.GetType().Should().Be(typeof(ForeignException));
        error.NativeMessage.Should().Be("division by zero");
        error.Message.Should().Be($"{Library}!{Library}_go_div failed: division by zero");
        FluentActions.Invoking(() => GoShape.GoCheck(-3)).Should().Throw<ForeignException>().WithMessage("*negative: -3");
        FluentActions.Invoking(() => GoShape.GoGreet("")).Should().Throw<ForeignException>().WithMessage("*empty name");
        FluentActions.Invoking(() => GoShape.GoCounter(-1)).Should().Throw<ForeignException>().WithMessage("*negative start");
    }

    [Fact]
    public void Go_errors_with_a_code_map_like_status_codes()
    {
        GoShape.GoDivCode(8, 2).Should().Be(4);
        GoShape.GoCheckCode(5);
        FluentActions.Invoking(() => GoShape.GoDivCode(1, 0)).Should().Throw<ArgumentException>().WithMessage("*division by zero");
        FluentActions.Invoking(() => GoShape.GoDivCode(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>()
            .Which.IsDefinedCode.Should().BeFalse();
        FluentActions.Invoking(() => GoShape.GoCheckCode(0)).Should().Throw<KeyNotFoundException>().WithMessage("*NotFound (1): zero");
        FluentActions.Invoking(() => GoShape.GoCheckCode(-1)).Should().Throw<ArgumentException>().WithMessage("*negative");
    }

    [Fact]
    public void Error_records_are_read_then_released()
    {
        Records.OeDiv(9, 2).Should().Be(4);
        Records.OeGreet("Cy").Should().Be("Hello, Cy!");
        Records.OeCheck(0);
        FluentActions.Invoking(() => Records.OeDiv(1, 0)).Should().Throw<ArgumentException>().WithMessage("*division by zero");
        FluentActions.Invoking(() => Records.OeDiv(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>().Which.NativeCode.Should().Be(42);
        FluentActions.Invoking(() => Records.OeGreet("")).Should().Throw<KeyNotFoundException>().WithMessage("*empty name");
        FluentActions.Invoking(() => Records.OeCheck(-1)).Should().Throw<ArgumentException>().WithMessage("*negative");
        Memory.LiveErrors().Should().Be(0);
    }

    [Fact]
    public void Redaction_keeps_the_code_and_drops_the_native_message_which_is_still_freed()
    {
        ForeignErrorOptions.RedactNativeMessages = true;
        try
        {
            var status = FluentActions.Invoking(() => Status.CheckedDiv(1, 0)).Should().Throw<ArgumentException>().Which;
            status.Message.Should().Be($"{Library}!{Library}_checked_div failed: InvalidArgument (2).");
            ((ForeignException)status.InnerException!).NativeMessage.Should().BeNull();
            FluentActions.Invoking(() => GoShape.GoDiv(1, 0)).Should().Throw<ForeignException>().Which.Message.Should().NotContain("division");
            FluentActions.Invoking(() => Records.OeDiv(1, 0)).Should().Throw<ArgumentException>().Which.Message.Should().NotContain("division");
            FluentActions.Invoking(() => Status.StatusPanic(1)).Should().Throw<ForeignPanicException>().Which.Message.Should().NotContain("boom");
        }
        finally
        {
            ForeignErrorOptions.RedactNativeMessages = false;
        }
    }

    [Fact]
    public void Success_paths_allocate_nothing_for_error_handling()
    {
        for (int i = 0; i < 10; i++)
        {
            Status.CheckedDiv(10, 3);
            GoShape.GoDivCode(10, 3);
            GoShape.GoDiv(10, 3);
            Records.OeDiv(10, 3);
            GoShape.GoCheck(1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Status.CheckedDiv(10, 3);
            GoShape.GoDivCode(10, 3);
            GoShape.GoDiv(10, 3);
            Records.OeDiv(10, 3);
            GoShape.GoCheck(1);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
