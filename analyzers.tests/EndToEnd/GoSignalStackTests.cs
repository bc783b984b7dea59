using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Boundary.Interop;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// SPEC section 7: a Go library forces SA_ONSTACK on .NET's signal handlers, so the GC suspension signal runs on the
/// thread's alternate signal stack; generated Go stubs must make that stack big enough before the thread's first Go call.
/// </summary>
public sealed class GoSignalStackTests(ITestOutputHelper output)
{
    /// <summary>Seconds each stress run lasts: a few in CI, longer on demand (BOUNDARY_GO_STRESS_SECONDS=120).</summary>
    private static readonly double StressSeconds =
        double.TryParse(Environment.GetEnvironmentVariable("BOUNDARY_GO_STRESS_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 4;

    [Fact]
    public void A_Rust_call_does_not_touch_the_signal_stack()
    {
        bool prepared = true;
        var thread = new Thread(() =>
        {
            RustLib.Noop();
            prepared = GoThread.IsPrepared;
        });
        thread.Start();
        thread.Join();
        prepared.Should().BeFalse();
    }

    [Fact]
    public void Generated_stubs_survive_many_threads_calling_Go_while_GCs_run()
    {
        (int exitCode, string text) = RunStress("generated", StressSeconds);
        output.WriteLine(text);
        exitCode.Should().Be(0, text);
        text.Should().Contain("survived mode=generated");
    }

    [Fact]
    public void Without_the_guarantee_the_same_load_crashes()
    {
        // The control experiment: the same export through a plain [DllImport]. It must crash, or the stress above
        // proves nothing. A crash is usually immediate; a few attempts keep a rare slow one from failing the test.
        var attempts = new List<string>();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            (int exitCode, string text) = RunStress("raw", StressSeconds);
            attempts.Add($"exit {exitCode}: {text}");
            if (exitCode != 0)
            {
                output.WriteLine(string.Join(Environment.NewLine, attempts));
                return;
            }
        }

        Assert.Fail("a plain [DllImport] into Go survived every stress run, so the stress test cannot tell the guarantee works:\n" + string.Join("\n", attempts));
    }

    private static (int ExitCode, string Output) RunStress(string mode, double seconds)
    {
        string stress = typeof(GoSignalStackTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GoStress").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { stress, mode, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "8" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(stress)!,
        };
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds + 60)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "hung and was killed: " + stdout.Result + stderr.Result);
        }

        string text = (stdout.Result + stderr.Result).Trim();
        return (process.ExitCode, text.Length > 2000 ? text[..2000] : text);
    }

    internal static unsafe class AltStack
    {
        public static (ulong Size, bool Disabled) Current()
        {
            var sigaltstack = (delegate* unmanaged<void*, nuint*, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(
                System.Runtime.InteropServices.NativeLibrary.GetMainProgramHandle(), "sigaltstack");
            nuint* stack = stackalloc nuint[3]; // Linux stack_t: ss_sp, ss_flags (padded), ss_size
            sigaltstack(null, stack).Should().Be(0);
            return (stack[2], ((int)stack[1] & 2) != 0);
        }
    }
}

/// <summary>Go thread preparation, observed from inside a process that hosts Go. Runs isolated (see <see cref="GoIsolationTests"/>).</summary>
#pragma warning disable xUnit1000 // Deliberately not public: xunit must not run it in its own process.
internal sealed class GoThreadTests
#pragma warning restore xUnit1000
{
    [Fact]
    public void A_generated_Go_call_prepares_the_thread_with_a_large_alternate_signal_stack()
    {
        (bool Prepared, ulong Size, bool Disabled) before = default, after = default;
        bool preparedAfter = false;
        var thread = new Thread(() =>
        {
            before = (GoThread.IsPrepared, 0, false);
            GoLib.Noop();
            preparedAfter = GoThread.IsPrepared;
            (after.Size, after.Disabled) = GoSignalStackTests.AltStack.Current();
        });
        thread.Start();
        thread.Join();

        before.Prepared.Should().BeFalse("a new thread starts unprepared");
        preparedAfter.Should().BeTrue();
        after.Disabled.Should().BeFalse();
        after.Size.Should().BeGreaterThanOrEqualTo((ulong)GoThread.MinimumSignalStackBytes);
    }
}
