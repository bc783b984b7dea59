using System.Diagnostics;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Runs the Go test classes that must see a process where no Go library has loaded yet (the signal shim's first load, a
/// missing library that must claim nothing) in a fresh process each (see <see cref="Program"/>), and reports every
/// test's result. The shared tests run in this project's own test process, which only ever hosts Go.
/// </summary>
public sealed class GoIsolationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(nameof(GoThreadTests))]
    [InlineData(nameof(GoMissingLibraryTests))]
    public async Task Go_tests_pass_in_an_isolated_process(string testClass)
    {
        Type type = typeof(Program).Assembly.GetTypes().Single(t => t.Name == testClass);
        string[] expected = Program.Facts(type).Select(m => $"PASS {type.Name}.{m.Name}").ToArray();
        expected.Should().NotBeEmpty();

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(Program).Assembly.Location, "isolated", testClass },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        string text = await stdout + await stderr;
        output.WriteLine(text);

        process.ExitCode.Should().Be(0, text);
        text.Should().ContainAll(expected);
    }
}
