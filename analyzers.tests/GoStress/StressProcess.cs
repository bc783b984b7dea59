using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Runs one GoStress shape in a fresh process and reads how it ended. Shared by the soak (<c>GoStress soak</c>) and
/// the end-to-end tests, which compile this file in.
/// </summary>
internal static class StressProcess
{
    /// <summary>The app shapes GoStress knows, in the order tables list them.</summary>
    public static readonly string[] Shapes = ["callers", "threadpool", "async", "callbacks", "delegates", "rustthreads", "bystander", "preloaded"];

    /// <summary>Runs <paramref name="shape"/> through <paramref name="via"/> for <paramref name="seconds"/>; exit code -1 is a hang.</summary>
    public static (int ExitCode, string Output) Run(string stressDll, string shape, string via, double seconds)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { stressDll, shape, via, seconds.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(stressDll)!,
        };
        // A crash is the expected outcome of the baselines: no dump, no crash report.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds + 60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, "hung and was killed: " + stdout.Result + stderr.Result);
        }

        string text = (stdout.Result + stderr.Result).Trim();
        return (process.ExitCode, text.Length > 4000 ? text[..4000] : text);
    }

    /// <summary>A crashed child's exit code as the signal that killed it.</summary>
    public static string Describe(int exitCode) => exitCode switch
    {
        -1 => "hang",
        134 => "SIGABRT",
        135 => "SIGBUS",
        137 => "SIGKILL",
        139 => "SIGSEGV",
        _ => $"exit {exitCode}",
    };
}
