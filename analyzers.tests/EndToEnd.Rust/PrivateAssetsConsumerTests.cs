using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// BND6010 through the packed package: a class library that keeps the package private (PrivateAssets="all") fails its
/// build with a message that says what to change, instead of its app failing at run time; without it the app runs
/// through the library; an app may keep the package private (also when it is published: the SDK would leave such a
/// package out), but no project may exclude its runtime.
/// </summary>
public sealed class PrivateAssetsConsumerTests(ITestOutputHelper output) : IDisposable
{
    // The library's public API hides the generated code (internal handle and boundary), so its consumers compile
    // without Boundary.Runtime and need it only at run time: the case that failed silently.
    private const string LibraryCode = """
        using Boundary;

        namespace Lib;

        public static class Counting
        {
            public static string Run()
            {
                using (Counter c = Native.CounterNew(40))
                {
                    return $"counter={Native.CounterAdd(c, 2)} live={Native.LiveCounters()}";
                }
            }

            public static long Live() => Native.LiveCounters();
        }

        [ForeignHandle(Release = "rtest_counter_free")]
        internal sealed partial class Counter;

        [ForeignBoundary("rtest")]
        internal static partial class Native
        {
            public static partial Counter CounterNew(long start);
            public static partial long CounterAdd(Counter c, long delta);
            public static partial long LiveCounters();
        }
        """;

    private readonly ConsumerProject _project = new(output, "boundary-private-assets-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_library_that_keeps_the_package_private_fails_its_build_with_BND6010_and_without_it_the_app_runs()
    {
        _project.WriteNuGetConfig();
        WriteLibrary("""PrivateAssets="all" """);
        _project.WriteFile("App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
                <None Include="{ConsumerProject.Metadata("NativeDir")}librtest.so" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("App/Program.cs", """
            Console.WriteLine(Lib.Counting.Run());
            Console.WriteLine($"after dispose live={Lib.Counting.Live()}");
            """);

        (int exit, string text) = _project.Dotnet("build", "App", "-c", "Release");

        exit.Should().NotBe(0, "the library's build stops");
        text.Should().Contain("Lib.csproj : error BND6010: BoundaryAnalyzers is referenced with PrivateAssets=\"all\" in library 'Lib'")
            .And.Contain("fail at run time with FileNotFoundException for Boundary.Runtime")
            .And.Contain("(CS0012)")
            .And.Contain("Remove PrivateAssets=\"all\" from the BoundaryAnalyzers PackageReference");
        text.Should().NotContain("error CS", "the check runs before compilation: BND6010 is the only error");

        // What the check prevents: with it turned off, the app builds and dies at the first call into the library.
        (int skippedExit, string skipped) = _project.Dotnet("run", "--project", "App", "-c", "Release", "-p:BoundarySkipRuntimeCheck=true");
        skipped.Should().NotContain("BND6010");
        skippedExit.Should().NotBe(0, skipped);
        skipped.Should().Contain("FileNotFoundException").And.Contain("Boundary.Runtime");

        // The fix the message names.
        WriteLibrary("");
        (int runExit, string run) = _project.Dotnet("run", "--project", "App", "-c", "Release");
        runExit.Should().Be(0, run);
        run.Should().Contain("counter=42 live=1").And.Contain("after dispose live=0").And.NotContain("BND6010");
    }

    [Fact]
    public void An_app_may_keep_the_package_private_also_when_published_but_no_project_may_exclude_its_runtime()
    {
        _project.Write(
            """
            using Boundary;

            using (Counter c = Native.CounterNew(40))
            {
                Console.WriteLine($"counter={Native.CounterAdd(c, 2)}");
            }

            [ForeignHandle(Release = "rtest_counter_free")]
            public sealed partial class Counter;

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial Counter CounterNew(long start);
                public static partial long CounterAdd(Counter c, long delta);
            }
            """);
        string csproj = Path.Combine(_project.Directory, "Consumer.csproj");
        string original = File.ReadAllText(csproj);
        File.WriteAllText(csproj, original.Replace("<PackageReference Include=\"BoundaryAnalyzers\"", "<PackageReference PrivateAssets=\"all\" Include=\"BoundaryAnalyzers\"", StringComparison.Ordinal));

        (int exit, string text) = _project.Dotnet("run", "-c", "Release");

        exit.Should().Be(0, text);
        text.Should().Contain("counter=42").And.NotContain("BND6010");

        // The SDK leaves a PrivateAssets="all" package out of 'dotnet publish'; the package publishes its runtime anyway.
        string published = Path.Combine(_project.Directory, "published");
        (int publishExit, string publishText) = _project.Dotnet("publish", "-c", "Release", "-o", published);
        publishExit.Should().Be(0, publishText);
        File.Exists(Path.Combine(published, "Boundary.Runtime.dll")).Should().BeTrue(publishText);
        (int publishedExit, string publishedRun) = _project.Dotnet("exec", Path.Combine(published, "Consumer.dll"));
        publishedExit.Should().Be(0, publishedRun);
        publishedRun.Should().Contain("counter=42");

        File.WriteAllText(csproj, original.Replace("<PackageReference Include=\"BoundaryAnalyzers\"", "<PackageReference ExcludeAssets=\"runtime\" Include=\"BoundaryAnalyzers\"", StringComparison.Ordinal));
        (int excludedExit, string excluded) = _project.Dotnet("build", "-c", "Release");

        excludedExit.Should().NotBe(0);
        excluded.Should().Contain("error BND6010: BoundaryAnalyzers is referenced with ExcludeAssets=\"runtime\" in 'Consumer'")
            .And.Contain("Take 'runtime' out of ExcludeAssets");
    }

    private void WriteLibrary(string referenceAttributes)
    {
        _project.WriteFile("Lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" {referenceAttributes}/>
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("Lib/Native.cs", LibraryCode);
    }
}
