using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The contract check as a user meets it, through the packed package: a crate built by <c>&lt;ForeignLibrary&gt;</c>
/// feeds its Rust source to the check, and a declaration that disagrees with it shows each BND400x kind in the
/// command-line build, naming both sides; the agreeing declarations report nothing.
/// </summary>
public sealed class ContractCheckConsumerTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output, "boundary-contract-rust-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Every_mismatch_kind_is_reported_against_the_Rust_source()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("app/native/Cargo.toml", """
            [package]
            name = "shapes"
            version = "0.1.0"
            edition = "2021"

            [lib]
            crate-type = ["cdylib"]
            """);
        _project.WriteFile("app/native/src/lib.rs", """
            pub const NOT_FOUND: i32 = 2;

            #[repr(C)]
            pub struct Pair { pub a: i64, pub b: i32 }

            #[no_mangle]
            pub extern "C" fn shapes_add(a: i32, b: i32) -> i32 { a + b }

            #[no_mangle]
            pub extern "C" fn shapes_count() -> u64 { 7 }

            #[no_mangle]
            pub unsafe extern "C" fn shapes_fill(p: *mut *mut i32) { let _ = p; }

            #[no_mangle]
            pub extern "C" fn shapes_pair_sum(p: Pair) -> i64 { p.a + i64::from(p.b) }

            #[no_mangle]
            pub extern "C" fn shapes_ok(x: i32) -> i32 { x }

            #[no_mangle]
            pub extern "C" fn shapes_undeclared(x: i32) -> i32 { x }
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
                <ForeignLibrary Include="native" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("app/Program.cs", """
            using System.Runtime.InteropServices;
            using Boundary;

            Console.WriteLine(Shapes.Ok(1));

            [StructLayout(LayoutKind.Sequential)]
            public struct Pair { public int A; public long B; }

            [ForeignErrors]
            public enum ShapesError { Ok = 0, NotFound = 1 }

            [ForeignBoundary("shapes", Errors = typeof(ShapesError), ErrorShape = ForeignErrorShape.None)]
            internal static unsafe partial class Shapes
            {
                public static partial int Ok(int x);
                public static partial int Missing();
                public static partial int Add(int a);
                public static partial int Count();
                public static partial void Fill(int* p);
                public static partial long PairSum(Pair p);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "app", "-c", "Release");
        exit.Should().Be(0, text);
        foreach (string rule in new[] { "BND4001", "BND4002", "BND4003", "BND4004", "BND4005", "BND4006" })
        {
            text.Should().Contain($"warning {rule}", $"{rule} is reported against the crate's source");
        }

        text.Should().Contain("shapes_count").And.Contain("Rust:", "messages name both sides");
        text.Should().NotContain("Shapes.Ok", "the agreeing declaration reports nothing");
    }
}
