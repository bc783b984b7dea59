using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Native = System.Runtime.InteropServices.NativeLibrary;
using Boundary;
using Boundary.Interop;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// SPEC section 7: once a Go library is loaded, .NET's signal handlers run on the alternate signal stack and the GC's
/// suspension signal overflows it on any thread. Ordinary app shapes that also call Go (analyzers.tests/GoStress), each
/// in a fresh process, must survive through the generated stubs — and the same shapes through a plain [DllImport] are
/// the baseline that crashes. Longer runs: BOUNDARY_GO_STRESS_SECONDS=30, or every shape 30 times: ./build.sh soak.
/// </summary>
public sealed class GoSignalStackTests(ITestOutputHelper output)
{
    /// <summary>Seconds each stress run lasts: a few in CI, longer on demand (BOUNDARY_GO_STRESS_SECONDS=120).</summary>
    private static readonly double StressSeconds =
        double.TryParse(Environment.GetEnvironmentVariable("BOUNDARY_GO_STRESS_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 3;

    public static TheoryData<string> Shapes => new(StressProcess.Shapes);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generated_stubs_survive_an_app_shape(string shape)
    {
        (int exitCode, string text) = RunStress(shape, "generated", StressSeconds);
        output.WriteLine(text);
        exitCode.Should().Be(0, text);
        text.Should().Contain($"survived shape={shape} via=generated").And.Contain("shim=active");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Baseline_the_same_shape_through_a_plain_DllImport(string shape)
    {
        // Reported, not asserted: some shapes crash on most runs, some on a few (README, "Go in a .NET process").
        (int exitCode, string text) = RunStress(shape, "raw", StressSeconds);
        output.WriteLine(exitCode == 0 ? $"survived this time: {text}" : $"crashed ({StressProcess.Describe(exitCode)}): {Tail(text)}");
    }

    [Fact]
    public void Without_the_shim_a_thread_that_never_calls_Go_crashes()
    {
        // The control experiment: the bystander shape with the per-thread guarantee alone (the shim turned off). It
        // must crash, or the runs above prove nothing about the shim. A crash is usually immediate; a few attempts keep
        // a rare slow one from failing the test.
        var attempts = new List<string>();
        for (int attempt = 0; attempt < 4; attempt++)
        {
            (int exitCode, string text) = RunStress("bystander", "noshim", StressSeconds);
            attempts.Add($"exit {exitCode}: {Tail(text)}");
            if (exitCode != 0)
            {
                output.WriteLine(string.Join(Environment.NewLine, attempts));
                return;
            }
        }

        Assert.Fail("the bystander shape survived every run without the shim, so the stress cannot tell the shim works:\n" + string.Join("\n", attempts));
    }

    private static (int ExitCode, string Output) RunStress(string shape, string via, double seconds)
    {
        string stress = typeof(GoSignalStackTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GoStress").Value!;
        return StressProcess.Run(stress, shape, via, seconds);
    }

    private static string Tail(string text) => text.Length > 300 ? text[^300..] : text;

    internal static unsafe class Libc
    {
        public static (ulong Size, bool Disabled) AltStack()
        {
            var sigaltstack = (delegate* unmanaged<void*, nuint*, int>)Native.GetExport(Native.GetMainProgramHandle(), "sigaltstack");
            nuint* stack = stackalloc nuint[3]; // Linux stack_t: ss_sp, ss_flags (padded), ss_size
            sigaltstack(null, stack).Should().Be(0);
            return (stack[2], ((int)stack[1] & 2) != 0);
        }

        /// <summary>Whether a library file is loaded in this process (dlopen with RTLD_NOLOAD never loads it).</summary>
        public static bool IsLoaded(string path)
        {
            var dlopen = (delegate* unmanaged<byte*, int, nint>)Native.GetExport(Native.GetMainProgramHandle(), "dlopen");
            byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* p = name)
            {
                return dlopen(p, 0x1 | 0x4) != 0; // RTLD_LAZY | RTLD_NOLOAD (leaks one reference when loaded; fine in a test process)
            }
        }

        public static int SigRtMin()
        {
            var current = (delegate* unmanaged<int>)Native.GetExport(Native.GetMainProgramHandle(), "__libc_current_sigrtmin");
            return current();
        }
    }
}

/// <summary>Go thread preparation and the signal shim, observed from inside a process that hosts Go. Runs isolated (see <see cref="GoIsolationTests"/>).</summary>
#pragma warning disable xUnit1000 // Deliberately not public: xunit must not run it in its own process.
internal sealed class GoThreadTests
#pragma warning restore xUnit1000
{
    private const int SigSegv = 11;
    private const int SigUsr2 = 12;
    private const int SigWinch = 28;

    private static unsafe void Kill(int pid, int signal)
    {
        var kill = (delegate* unmanaged<int, int, int>)Native.GetExport(Native.GetMainProgramHandle(), "kill");
        kill(pid, signal).Should().Be(0);
    }

    [Fact]
    public void A_generated_Go_call_prepares_the_thread_with_a_large_alternate_signal_stack()
    {
        (bool Prepared, ulong Size, bool Disabled) before = default, after = default;
        bool preparedAfter = false;
        var thread = new Thread(() =>
        {
            before = (GoThread.IsPrepared, 0, false);
            Lib.Noop();
            preparedAfter = GoThread.IsPrepared;
            (after.Size, after.Disabled) = GoSignalStackTests.Libc.AltStack();
        });
        thread.Start();
        thread.Join();

        before.Prepared.Should().BeFalse("a new thread starts unprepared");
        preparedAfter.Should().BeTrue();
        after.Disabled.Should().BeFalse();
        after.Size.Should().BeGreaterThanOrEqualTo((ulong)GoThread.MinimumSignalStackBytes);
    }

    [Fact]
    public void The_shim_wraps_the_GC_activation_signal_and_leaves_fault_signals_to_Go()
    {
        Lib.Noop();

        GoSignals.IsActive.Should().BeTrue(GoSignals.InactiveReason ?? "");
        GoSignals.InactiveReason.Should().BeNull();
        GoSignals.IsWrapped(GoSignalStackTests.Libc.SigRtMin()).Should().BeTrue(".NET's thread activation signal (SIGRTMIN) is what overflows");
        GoSignals.IsWrapped(SigSegv).Should().BeFalse("Go owns SIGSEGV and forwards it to .NET's handler, built for the alternate stack");
        GoSignals.Counters.GoModules.Should().Be(1, "the shim must know where the Go code is, or it could run a handler on a goroutine stack");
        Boundary.Interop.GoLibrary.ProcessGoLibrary.Should().Be("gotest");
    }

    [Fact]
    public unsafe void A_handler_installed_after_Go_loaded_is_wrapped_when_a_new_thread_first_calls_Go()
    {
        Lib.Noop();
        nint process = Native.GetMainProgramHandle();
        var signal = (delegate* unmanaged<int, nint, nint>)Native.GetExport(process, "signal");
        // Some native code installs a handler long after the Go library loaded (getpid stands in: harmless with an argument).
        signal(SigUsr2, Native.GetExport(process, "getpid")).Should().NotBe(-1);
        GoSignals.IsWrapped(SigUsr2).Should().BeFalse("nothing has looked since");

        var thread = new Thread(Lib.Noop);
        thread.Start();
        thread.Join();

        GoSignals.IsWrapped(SigUsr2).Should().BeTrue();
        long before = GoSignals.Counters.Switched + GoSignals.Counters.InPlace;
        Kill(Environment.ProcessId, SigUsr2);
        SpinWait.SpinUntil(() => GoSignals.Counters.Switched + GoSignals.Counters.InPlace > before, TimeSpan.FromSeconds(5))
            .Should().BeTrue("the wrapped handler ran");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void NET_signal_handling_still_works_behind_the_shim()
    {
        Lib.Noop();
        // Child processes: .NET reaps them from its SIGCHLD handler, which the shim now runs.
        for (int i = 0; i < 20; i++)
        {
            using Process child = Process.Start(new ProcessStartInfo("sh", "-c \"exit 3\"") { UseShellExecute = false })!;
            child.WaitForExit(10_000).Should().BeTrue();
            child.ExitCode.Should().Be(3);
        }

        // A POSIX signal registration fires (SIGWINCH: harmless, .NET's handler forwards it to managed code).
        using var fired = new ManualResetEventSlim();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            context.Cancel = true;
            fired.Set();
        });
        GoSignals.Refresh(); // if the registration installed .NET's handler just now, wrap it as a new thread's first Go call would
        Console.WriteLine($"SIGWINCH behind the shim: {GoSignals.IsWrapped(SigWinch)}, SIGCHLD: {GoSignals.IsWrapped(17)}");
        for (int i = 0; i < 5 && !fired.IsSet; i++)
        {
            Kill(Environment.ProcessId, SigWinch);
            fired.Wait(TimeSpan.FromSeconds(2));
        }

        fired.IsSet.Should().BeTrue("the registered handler ran");
    }

    [Fact]
    public void A_second_Go_library_is_refused_before_it_is_loaded()
    {
        Lib.Noop();
        // A real second Go c-shared library: loading it would start a second Go runtime in this process.
        string copy = Path.Combine(AppContext.BaseDirectory, "libgotestcopy.so");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "libgotest.so"), copy, overwrite: true);

        GoRuntimeConflictException refused = FluentActions.Invoking(() => SecondGoLibrary.Noop())
            .Should().Throw<GoRuntimeConflictException>().Which;

        refused.LoadedLibrary.Should().Be("gotest");
        refused.RefusedLibrary.Should().Be("gotestcopy");
        refused.Message.Should().Contain("only one Go runtime");
        GoSignalStackTests.Libc.IsLoaded(copy).Should().BeFalse("the refusal comes before the library is loaded");
        FluentActions.Invoking(() => SecondGoLibrary.Noop()).Should().Throw<GoRuntimeConflictException>("every later call is refused too");
    }
}

/// <summary>A Go boundary whose library is missing, in a fresh process (see <see cref="GoIsolationTests"/>).</summary>
#pragma warning disable xUnit1000 // Deliberately not public: xunit must not run it in its own process.
internal sealed class GoMissingLibraryTests
#pragma warning restore xUnit1000
{
    [Fact]
    public void A_missing_Go_library_leaves_the_process_as_safe_as_before_and_claims_nothing()
    {
        FluentActions.Invoking(() => MissingGoLibrary.Noop()).Should().Throw<DllNotFoundException>();
        FluentActions.Invoking(() => MissingGoLibrary.Noop()).Should().Throw<DllNotFoundException>("every call tries again");
        Boundary.Interop.GoLibrary.ProcessGoLibrary.Should().BeNull("nothing was loaded, so no Go library owns the process");
        GoSignals.IsActive.Should().BeTrue(GoSignals.InactiveReason ?? "");

        // The handlers are wrapped now (with SA_ONSTACK) although no Go code exists: they must not stay on the small
        // alternate stack, or the GC crashes threads that are running managed code.
        var clock = Stopwatch.StartNew();
        var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            var keep = new object[256];
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                for (int i = 0; i < 1024; i++)
                {
                    keep[i & 255] = new byte[(i & 7) * 64];
                }
            }
        })).ToList();
        allocators.ForEach(t => t.Start());
        long sum = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            sum += sum >> 3 ^ clock.ElapsedTicks;
        }

        allocators.ForEach(t => t.Join());
        GoSignals.Counters.Switched.Should().BeGreaterThan(0, "the GC's signals ran on the interrupted stacks");

        Lib.AddI32(20, 22).Should().Be(42, "the real Go library is not refused: the missing one never claimed the process");
        Boundary.Interop.GoLibrary.ProcessGoLibrary.Should().Be("gotest");
    }
}

[ForeignBoundary("nosuchgolibrary", Language = ForeignLanguage.Go)]
internal static partial class MissingGoLibrary
{
    public static partial void Noop();
}

// Deliberately a second Go library (BND5001 is turned off for this project): its run-time refusal is under test.
[ForeignBoundary("gotestcopy", Language = ForeignLanguage.Go)]
internal static partial class SecondGoLibrary
{
    [ForeignFunction("gotest_noop")]
    public static partial void Noop();
}
