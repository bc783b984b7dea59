using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// <c>&lt;ForeignLibrary&gt;</c> in a user's project, through the packed package: a tiny crate inside the project folder
/// (depending on boundary-ffi = "0.1", which only the package's copy satisfies offline) is built by <c>dotnet build</c>,
/// copied next to the app and into the publish folder, packed under runtimes/&lt;rid&gt;/native by a class library, not
/// rebuilt when nothing changed, and a missing cargo is BND6003. One consumer folder serves every step.
/// </summary>
public sealed class ForeignLibraryBuildTests(ITestOutputHelper output) : IDisposable
{
    private const string Marker = "BoundaryAnalyzers: building native library 'tiny'";
    private readonly ConsumerProject _project = new(output, "boundary-foreign-rust-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_Rust_crate_in_the_project_is_built_copied_published_packed_and_not_rebuilt()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("app/native/tiny/Cargo.toml", """
            [package]
            name = "tiny"
            version = "0.1.0"
            edition = "2021"

            [lib]
            crate-type = ["cdylib"]

            [features]
            twice = []

            [dependencies]
            boundary-ffi = "0.1"
            """);
        _project.WriteFile("app/native/tiny/src/lib.rs", """
            #[no_mangle]
            pub extern "C" fn tiny_add(a: i32, b: i32) -> i32 {
                let sum = a + b;
                if cfg!(feature = "twice") { 2 * sum } else { sum }
            }

            #[no_mangle]
            pub extern "C" fn tiny_is_positive(v: i32) -> boundary_ffi::abi::Bool8 {
                boundary_ffi::abi::from_bool(v > 0)
            }
            """);
        // Default items must not pick up the native folder: this file would not compile.
        _project.WriteFile("app/native/tiny/Stray.cs", "this is not C#");
        string package = $"""<PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" />""";
        _project.WriteFile("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                {package}
                <ForeignLibrary Include="native/tiny" Features="twice" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("app/Program.cs", """
            using Boundary;

            Console.WriteLine($"add={Native.Add(20, 1)} positive={Native.IsPositive(3)}");

            [ForeignBoundary("tiny")]
            internal static partial class Native
            {
                public static partial int Add(int a, int b);
                public static partial bool IsPositive(int v);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "app", "-c", "Release");
        exit.Should().Be(0, text);
        text.Should().Contain(Marker);
        (exit, text) = _project.Run("dotnet", "app/bin/Release/net10.0/App.dll");
        exit.Should().Be(0, text);
        text.Should().Contain("add=42 positive=True", "the crate is built with Features=twice");

        (exit, text) = _project.Dotnet("build", "app", "-c", "Release", "-v:n");
        exit.Should().Be(0, text);
        text.Should().NotContain(Marker, "nothing changed, so no cargo runs")
            .And.Contain("Skipping target \"_BoundaryCheckForeignLibraries\" because all output files are up-to-date");

        (exit, text) = _project.Dotnet("publish", "app", "-c", "Release", "-o", "published");
        exit.Should().Be(0, text);
        File.Exists(Path.Combine(_project.Directory, "published", "libtiny.so")).Should().BeTrue(text);

        _project.WriteFile("lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
              </PropertyGroup>
              <ItemGroup>
                {package}
                <ForeignLibrary Include="../app/native/tiny" Language="Rust" Name="tiny" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("lib/Class.cs", "public static class Class;");
        (exit, text) = _project.Dotnet("pack", "lib", "-c", "Release", "-o", "packed");
        exit.Should().Be(0, text);
        using (var nupkg = System.IO.Compression.ZipFile.OpenRead(Path.Combine(_project.Directory, "packed", "Lib.1.0.0.nupkg")))
        {
            nupkg.Entries.Select(e => e.FullName).Should().Contain("runtimes/linux-x64/native/libtiny.so");
        }

        File.SetLastWriteTimeUtc(Path.Combine(_project.Directory, "app/native/tiny/src/lib.rs"), DateTime.UtcNow);
        (exit, text) = _project.Dotnet("build", "app", "-c", "Release", "-p:CargoPath=/nonexistent/cargo");
        exit.Should().NotBe(0);
        text.Should().Contain("error BND6003").And.Contain("cargo was not found ('/nonexistent/cargo')");
    }
}
