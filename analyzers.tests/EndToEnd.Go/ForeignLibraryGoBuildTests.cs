using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// <c>&lt;ForeignLibrary&gt;</c> with a Go module, through the packed package: the module requires
/// boundaryanalyzers.dev/boundary v0.0.0 with no replace (the go.work the targets write points it at the package's copy),
/// is built with its build tags, runs, is not rebuilt when nothing changed, and a missing Go is BND6004.
/// </summary>
public sealed class ForeignLibraryGoBuildTests(ITestOutputHelper output) : IDisposable
{
    private const string Marker = "BoundaryAnalyzers: building native library 'tinygo'";
    private readonly ConsumerProject _project = new(output, "boundary-foreign-go-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_Go_module_is_built_with_the_package_helper_and_not_rebuilt()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("gonative/tinygo/go.mod", """
            module example.com/tinygo

            go 1.21

            require boundaryanalyzers.dev/boundary v0.0.0
            """);
        _project.WriteFile("gonative/tinygo/main.go", """
            package main

            // #include <stdint.h>
            import "C"

            import "boundaryanalyzers.dev/boundary"

            //export tinygo_is_positive
            func tinygo_is_positive(v C.int) C.uint8_t { return C.uint8_t(boundary.Byte(v > 0)) }

            func main() {}
            """);
        _project.WriteFile("gonative/tinygo/factor_tagged.go", "//go:build triple\n\npackage main\n\nconst factor = 3\n");
        _project.WriteFile("gonative/tinygo/factor_plain.go", "//go:build !triple\n\npackage main\n\nconst factor = 1\n");
        _project.WriteFile("gonative/tinygo/scale.go", """
            package main

            import "C"

            //export tinygo_scale
            func tinygo_scale(v C.int) C.int { return v * factor }
            """);
        _project.WriteFile("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" />
                <ForeignLibrary Include="../gonative/tinygo" Tags="triple" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("app/Program.cs", """
            using Boundary;

            Console.WriteLine($"scale={Native.Scale(14)} positive={Native.IsPositive(-1)}");

            [ForeignBoundary("tinygo", Language = ForeignLanguage.Go)]
            internal static partial class Native
            {
                public static partial int Scale(int v);
                public static partial bool IsPositive(int v);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "app", "-c", "Release");
        exit.Should().Be(0, text);
        text.Should().Contain(Marker);
        File.Exists(Path.Combine(_project.Directory, "app/obj/Release/net10.0/boundary/go/tinygo/libtinygo.h")).Should().BeTrue("Go writes the header the contract check reads");
        (exit, text) = _project.Run("dotnet", "app/bin/Release/net10.0/App.dll");
        exit.Should().Be(0, text);
        text.Should().Contain("scale=42 positive=False", "the module is built with Tags=triple");

        (exit, text) = _project.Dotnet("build", "app", "-c", "Release");
        exit.Should().Be(0, text);
        text.Should().NotContain(Marker, "nothing changed, so no go build runs");

        File.SetLastWriteTimeUtc(Path.Combine(_project.Directory, "gonative/tinygo/scale.go"), DateTime.UtcNow);
        (exit, text) = _project.Dotnet("build", "app", "-c", "Release", "-p:GoToolPath=/nonexistent/go");
        exit.Should().NotBe(0);
        text.Should().Contain("error BND6004").And.Contain("Go was not found ('/nonexistent/go')");
    }
}
