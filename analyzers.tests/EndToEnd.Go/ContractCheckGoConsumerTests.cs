using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The contract check through the packed package against the header <c>go build -buildmode=c-shared</c> writes, which
/// <c>&lt;ForeignLibrary&gt;</c> feeds to it: each BND400x kind a Go library can show is reported in the command-line
/// build; the agreeing declarations report nothing.
/// </summary>
public sealed class ContractCheckGoConsumerTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output, "boundary-contract-go-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Every_mismatch_kind_is_reported_against_the_cgo_header()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("gonative/shapes/go.mod", "module example.com/shapes\n\ngo 1.21\n");
        _project.WriteFile("gonative/shapes/main.go", """
            package main

            /*
            #include <stdint.h>
            #define SHAPES_NOT_FOUND 2
            typedef struct { int64_t a; int32_t b; } Pair;
            */
            import "C"

            //export shapes_add
            func shapes_add(a, b C.int32_t) C.int32_t { return a + b }

            //export shapes_count
            func shapes_count() C.uint64_t { return 7 }

            //export shapes_fill
            func shapes_fill(p **C.int32_t) {}

            //export shapes_pair_sum
            func shapes_pair_sum(p C.Pair) C.int64_t { return p.a + C.int64_t(p.b) }

            //export shapes_ok
            func shapes_ok(x C.int32_t) C.int32_t { return x }

            func main() {}
            """);
        _project.WriteFile("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" />
                <ForeignLibrary Include="../gonative/shapes" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("app/Program.cs", """
            using System.Runtime.InteropServices;
            using Boundary;

            [StructLayout(LayoutKind.Sequential)]
            public struct Pair { public int A; public long B; }

            [ForeignErrors]
            public enum ShapesError { Ok = 0, NotFound = 1 }

            [ForeignBoundary("shapes", Language = ForeignLanguage.Go, Errors = typeof(ShapesError), ErrorShape = ForeignErrorShape.None)]
            internal static unsafe partial class Shapes
            {
                public static partial int Ok(int x);
                public static partial int Missing();
                public static partial int Add(int a);
                public static partial int Count();
                public static partial void Fill(int* p);
                public static partial long PairSum(Pair p);
            }

            internal static class Program
            {
                private static void Main() => Console.WriteLine(Shapes.Ok(1));
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "app", "-c", "Release");
        exit.Should().Be(0, text);
        foreach (string rule in new[] { "BND4001", "BND4002", "BND4003", "BND4004", "BND4005", "BND4006" })
        {
            text.Should().Contain($"warning {rule}", $"{rule} is reported against the header Go wrote");
        }

        text.Should().Contain("shapes_count").And.Contain("C:", "messages name both sides");
        text.Should().NotContain("Shapes.Ok", "the agreeing declaration reports nothing");
    }
}
