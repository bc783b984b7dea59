using System.Diagnostics;
using System.Reflection;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A user's NativeAOT app (`dotnet publish -p:PublishAot=true`, outside the repository, restoring the packed package)
/// calls Go through a generated stub: the signal shim is published next to the binary, found and active, and the
/// bystander load (threads that never call Go allocating while Go is loaded) survives.
/// </summary>
public sealed class GoAotPublishTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("boundary-aot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_NativeAOT_app_publishes_the_Go_signal_shim_and_survives_threads_that_never_call_Go()
    {
        File.WriteAllText(Path.Combine(_dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Metadata("LocalFeed")}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(_dir, "AotConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <PublishAot>true</PublishAot>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{Metadata("BoundaryVersion")}" />
                <None Include="{Metadata("NativeDir")}libgotest.so" CopyToPublishDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using Boundary;
            using Boundary.Interop;

            GoTest.Noop();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            bool Stopped() => clock.Elapsed.TotalSeconds >= 3;
            var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                var keep = new object[256];
                while (!Stopped())
                {
                    for (int i = 0; i < 1024; i++) keep[i & 255] = new byte[(i & 7) * 64];
                }
            })).ToList();
            allocators.ForEach(t => t.Start());
            long sum = 0;
            while (!Stopped()) for (int i = 0; i < 100_000; i++) sum += i ^ (sum >> 3);
            allocators.ForEach(t => t.Join());
            Console.WriteLine($"survived gcs={GC.CollectionCount(0)} shim={(GoSignals.IsActive ? "active" : GoSignals.InactiveReason)} go={GoLibrary.ProcessGoLibrary} switched={GoSignals.Counters.Switched} {sum & 1}");

            [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
            internal static partial class GoTest
            {
                public static partial void Noop();
            }
            """);

        (int publishExit, string publish) = Run("dotnet", "publish", "-c", "Release", "-r", "linux-x64", "-o", "out");
        publishExit.Should().Be(0, publish);
        string app = Path.Combine(_dir, "out", "AotConsumer");
        File.Exists(Path.Combine(_dir, "out", "libboundary_signals.so")).Should().BeTrue("the package's runtimes/linux-x64/native asset is published next to the app");

        (int exit, string text) = Run(app);

        exit.Should().Be(0, text);
        text.Should().Contain("survived").And.Contain("shim=active").And.Contain("go=gotest");
    }

    private static string Metadata(string key)
        => typeof(GoAotPublishTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(10)).Should().BeTrue(program + " " + string.Join(' ', args) + " hung");
        string text = stdout.Result + stderr.Result;
        output.WriteLine(text.Length > 6000 ? text[^6000..] : text);
        return (process.ExitCode, text);
    }
}
