using System.Runtime.InteropServices;
using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The three native error shapes (SPEC section 4) through generated stubs: the exception type, code and message,
/// idiomatic mapping with the ForeignException inside, unknown codes, panics, redaction, and every native message
/// freed exactly once.
/// </summary>
public abstract class ErrorTests(MemoryApi lib) : IDisposable
{
    private string Prefix => lib.Language == "Rust" ? "rtest" : "gotest";

    public void Dispose()
    {
        lib.LiveStrings().Should().Be(0, "every native error message is freed");
        lib.BadStringFrees().Should().Be(0);
        lib.LiveErrors().Should().Be(0, "every error record is released");
        lib.BadErrorFrees().Should().Be(0);
        lib.LiveBuffers().Should().Be(0);
        lib.LiveCounters().Should().Be(0);
    }

    [Fact]
    public void Status_code_success_returns_the_result()
    {
        lib.CheckedDiv(7, 2).Should().Be(3);
        lib.Lookup("alpha").Should().Be("first");
        lib.CheckedRange(3).Should().Equal(0, 1, 2);
        using SafeHandle counter = lib.CheckedCounter(5);
        counter.IsInvalid.Should().BeFalse();
        lib.LiveCounters().Should().Be(1);
    }

    [Fact]
    public void Status_codes_map_to_idiomatic_exceptions_with_the_ForeignException_inside()
    {
        ArgumentException argument = FluentActions.Invoking(() => lib.CheckedDiv(1, 0)).Should().Throw<ArgumentException>().Which;
        var inner = argument.InnerException.Should().BeOfType<ForeignException<TestError>>().Which;
        inner.Code.Should().Be(TestError.InvalidArgument);
        inner.IsDefinedCode.Should().BeTrue();
        inner.NativeCode.Should().Be(2);
        inner.NativeMessage.Should().Be("division by zero");
        inner.Library.Should().Be(Prefix);
        inner.Function.Should().Be($"{Prefix}_checked_div");
        argument.Message.Should().Be($"{Prefix}!{Prefix}_checked_div failed: InvalidArgument (2): division by zero");

        FluentActions.Invoking(() => lib.Lookup("zeta")).Should().Throw<KeyNotFoundException>()
            .WithInnerException<ForeignException<TestError>>().Which.NativeMessage.Should().Be("no entry for 'zeta'");
        FluentActions.Invoking(() => lib.CheckedCounter(-1)).Should().Throw<ArgumentException>().WithMessage("*negative start");
        FluentActions.Invoking(() => lib.CheckedRange(-1)).Should().Throw<ArgumentException>().WithMessage("*negative count");
    }

    [Fact]
    public void Unmapped_unknown_and_message_less_codes_still_throw()
    {
        FluentActions.Invoking(() => lib.FailIo()).Should().Throw<ForeignException<TestError>>()
            .Which.Code.Should().Be(TestError.Io);

        var unknown = FluentActions.Invoking(() => lib.CheckedDiv(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>().Which;
        unknown.IsDefinedCode.Should().BeFalse();
        unknown.NativeCode.Should().Be(42);
        unknown.Message.Should().Be($"{Prefix}!{Prefix}_checked_div failed: unknown TestError code 42: overflow");

        FluentActions.Invoking(() => lib.FailSilent()).Should().Throw<KeyNotFoundException>()
            .WithInnerException<ForeignException<TestError>>().Which.NativeMessage.Should().BeNull();
    }

    [Fact]
    public void Panics_are_ForeignPanicExceptions_in_every_shape()
    {
        ForeignPanicException status = FluentActions.Invoking(() => lib.StatusPanic(7)).Should().Throw<ForeignPanicException>().Which;
        status.NativeCode.Should().Be(99);
        status.NativeMessage.Should().Be("panic: boom 7");
        status.Message.Should().Be($"{Prefix}!{Prefix}_status_panic panicked: boom 7");

        FluentActions.Invoking(() => lib.GoPanic(8)).Should().Throw<ForeignPanicException>().WithMessage("*panicked: boom 8");
        FluentActions.Invoking(() => lib.GoPanicCode(9)).Should().Throw<ForeignPanicException>().Which.NativeCode.Should().Be(99);
        FluentActions.Invoking(() => lib.OePanic(10)).Should().Throw<ForeignPanicException>().WithMessage("*panicked: boom 10");
    }

    [Fact]
    public void Go_errors_without_a_code_are_plain_ForeignExceptions()
    {
        lib.GoDiv(9, 3).Should().Be(3);
        lib.GoCheck(1);
        lib.GoGreet("Bo").Should().Be("Hello, Bo!");
        using (SafeHandle counter = lib.GoCounter(2))
        {
            lib.LiveCounters().Should().Be(1);
        }

        ForeignException error = FluentActions.Invoking(() => lib.GoDiv(1, 0)).Should().Throw<ForeignException>().Which;
        error.GetType().Should().Be(typeof(ForeignException));
        error.NativeMessage.Should().Be("division by zero");
        error.Message.Should().Be($"{Prefix}!{Prefix}_go_div failed: division by zero");
        FluentActions.Invoking(() => lib.GoCheck(-3)).Should().Throw<ForeignException>().WithMessage("*negative: -3");
        FluentActions.Invoking(() => lib.GoGreet("")).Should().Throw<ForeignException>().WithMessage("*empty name");
        FluentActions.Invoking(() => lib.GoCounter(-1)).Should().Throw<ForeignException>().WithMessage("*negative start");
    }

    [Fact]
    public void Go_errors_with_a_code_map_like_status_codes()
    {
        lib.GoDivCode(8, 2).Should().Be(4);
        lib.GoCheckCode(5);
        FluentActions.Invoking(() => lib.GoDivCode(1, 0)).Should().Throw<ArgumentException>().WithMessage("*division by zero");
        FluentActions.Invoking(() => lib.GoDivCode(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>()
            .Which.IsDefinedCode.Should().BeFalse();
        FluentActions.Invoking(() => lib.GoCheckCode(0)).Should().Throw<KeyNotFoundException>().WithMessage("*NotFound (1): zero");
        FluentActions.Invoking(() => lib.GoCheckCode(-1)).Should().Throw<ArgumentException>().WithMessage("*negative");
    }

    [Fact]
    public void Error_records_are_read_then_released()
    {
        lib.OeDiv(9, 2).Should().Be(4);
        lib.OeGreet("Cy").Should().Be("Hello, Cy!");
        lib.OeCheck(0);
        FluentActions.Invoking(() => lib.OeDiv(1, 0)).Should().Throw<ArgumentException>().WithMessage("*division by zero");
        FluentActions.Invoking(() => lib.OeDiv(int.MinValue, -1)).Should().Throw<ForeignException<TestError>>().Which.NativeCode.Should().Be(42);
        FluentActions.Invoking(() => lib.OeGreet("")).Should().Throw<KeyNotFoundException>().WithMessage("*empty name");
        FluentActions.Invoking(() => lib.OeCheck(-1)).Should().Throw<ArgumentException>().WithMessage("*negative");
        lib.LiveErrors().Should().Be(0);
    }

    [Fact]
    public void Redaction_keeps_the_code_and_drops_the_native_message_which_is_still_freed()
    {
        ForeignErrorOptions.RedactNativeMessages = true;
        try
        {
            var status = FluentActions.Invoking(() => lib.CheckedDiv(1, 0)).Should().Throw<ArgumentException>().Which;
            status.Message.Should().Be($"{Prefix}!{Prefix}_checked_div failed: InvalidArgument (2).");
            ((ForeignException)status.InnerException!).NativeMessage.Should().BeNull();
            FluentActions.Invoking(() => lib.GoDiv(1, 0)).Should().Throw<ForeignException>().Which.Message.Should().NotContain("division");
            FluentActions.Invoking(() => lib.OeDiv(1, 0)).Should().Throw<ArgumentException>().Which.Message.Should().NotContain("division");
            FluentActions.Invoking(() => lib.StatusPanic(1)).Should().Throw<ForeignPanicException>().Which.Message.Should().NotContain("boom");
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
            lib.CheckedDiv(10, 3);
            lib.GoDivCode(10, 3);
            lib.GoDiv(10, 3);
            lib.OeDiv(10, 3);
            lib.GoCheck(1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            lib.CheckedDiv(10, 3);
            lib.GoDivCode(10, 3);
            lib.GoDiv(10, 3);
            lib.OeDiv(10, 3);
            lib.GoCheck(1);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}

[Collection(RustOwnedMemory.Name)]
public sealed class RustErrorTests() : ErrorTests(new RustMemoryApi());

/// <summary>Runs in an isolated process (see <see cref="GoIsolationTests"/>), never in the xunit host.</summary>
internal sealed class GoErrorTests() : ErrorTests(new GoMemoryApi());
