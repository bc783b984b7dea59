using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// What a user sees when a native build cannot work, through the packed package: each BND60xx build error with a
/// message that says what to change, and <c>&lt;ForeignContract&gt;</c> feeding a hand-written header of a library built
/// elsewhere to the contract check. One consumer folder, one build per case.
/// </summary>
public sealed class ForeignLibraryErrorTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output, "boundary-foreign-errors-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Each_impossible_native_build_is_a_precise_build_error()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("app/Program.cs", """
            using Boundary;

            Console.WriteLine("built");

            [ForeignBoundary("elsewhere", Language = ForeignLanguage.Go)]
            internal static partial class Elsewhere
            {
                public static partial int Count();
            }
            """);

        Build("""<ForeignLibrary Include="../missing" Language="Rust" />""")
            .Should().Contain("error BND6001");

        _project.WriteFile("plain/readme.txt", "neither a crate nor a Go module");
        Build("""<ForeignLibrary Include="../plain" />""")
            .Should().Contain("error BND6002");

        Build("""<ForeignContract Include="../nowhere.h" Library="elsewhere" />""")
            .Should().Contain("error BND6008");

        _project.WriteFile("contract.txt", "int32_t elsewhere_count(void);");
        Build("""<ForeignContract Include="../contract.txt" Library="elsewhere" />""")
            .Should().Contain("error BND6009");

        // A hand-written header of a library built elsewhere feeds the contract check like a built one.
        _project.WriteFile("elsewhere.h", "#include <stdint.h>\nuint64_t elsewhere_count(void);\n");
        string checkedBuild = Build("""<ForeignContract Include="../elsewhere.h" Library="elsewhere" />""", expectSuccess: true);
        checkedBuild.Should().Contain("warning BND4003").And.Contain("elsewhere_count");

        // Only a Go older than 1.21 available: say why it is refused.
        _project.WriteFile("gonative/go.mod", "module example.com/old\n\ngo 1.19\n");
        _project.WriteFile("gonative/main.go", "package main\n\nimport \"C\"\n\nfunc main() {}\n");
        _project.WriteFile("oldgo/go", "#!/bin/sh\necho go1.19.8\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_project.Directory, "oldgo/go"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Build($"""<ForeignLibrary Include="../gonative" />""", extraProperties: $"<GoToolPath>{Path.Combine(_project.Directory, "oldgo/go")}</GoToolPath>")
            .Should().Contain("error BND6005").And.Contain("go1.19.8").And.Contain("8,400 ns").And.Contain("76 ns");

        // A native build that fails shows the tool's own words.
        _project.WriteFile("broken/Cargo.toml", "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n");
        _project.WriteFile("broken/src/lib.rs", "pub extern \"C\" fn broken( -> i32 { 1 }\n");
        Build("""<ForeignLibrary Include="../broken" />""")
            .Should().Contain("error BND6006").And.Contain("broken");
    }

    private string Build(string item, string extraProperties = "", bool? expectSuccess = false)
    {
        _project.WriteFile("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" />
                {item}
              </ItemGroup>
            </Project>
            """);
        (int exit, string text) = _project.Dotnet("build", "app", "-c", "Release");
        if (expectSuccess is { } success)
        {
            (exit == 0).Should().Be(success, text);
        }

        return text;
    }
}
