using System.Diagnostics;
using System.Reflection;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A fresh project in a temporary folder outside the repository — no Directory.Build.props, no central package
/// management, no project references — that restores BoundaryAnalyzers from the local feed, as a user's project does.
/// </summary>
public sealed class ConsumerProject(ITestOutputHelper output, string prefix = "boundary-consumer-") : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>A value the test project's build recorded (LocalFeed, NativeDir, BoundaryVersion, BoundaryRepositoryUrl, BoundaryRulesUrl).</summary>
    public static string Metadata(string key)
        => typeof(ConsumerProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>
    /// Writes nuget.config, <c>{name}.csproj</c> (with the native test library copied as <paramref name="nativeItem"/> says,
    /// <paramref name="packageReferenceAttributes"/> on the package reference) and Program.cs.
    /// </summary>
    public void Write(string program, string extraProperties = "", string name = "Consumer", string nativeLibrary = "librtest.so", string nativeItem = "CopyToOutputDirectory", string packageReferenceAttributes = "")
    {
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Metadata("LocalFeed")}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{Metadata("BoundaryVersion")}" {packageReferenceAttributes}/>
                <None Include="{Metadata("NativeDir")}{nativeLibrary}" {nativeItem}="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), program);
    }

    /// <summary>Writes <paramref name="relativePath"/> (folders created) under the project folder.</summary>
    public void WriteFile(string relativePath, string text)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Writes only nuget.config (the local feed first), for tests that write their own project files.</summary>
    public void WriteNuGetConfig() => WriteFile("nuget.config", $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{Metadata("LocalFeed")}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    /// <summary>Environment variables for the programs <see cref="Run"/> starts, beside the defaults it sets.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> in the project folder.</summary>
    public (int ExitCode, string Output) Dotnet(params string[] args) => Run("dotnet", args);

    /// <summary>Runs a program in the project folder and returns its exit code and output (also written to the test output).</summary>
    public (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach ((string key, string value) in Environment)
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(10)).Should().BeTrue(program + " " + string.Join(' ', args) + " hung");
        string text = stdout.Result + stderr.Result;
        output.WriteLine(text.Length > 20_000 ? text[^20_000..] : text);
        return (process.ExitCode, text);
    }
}
