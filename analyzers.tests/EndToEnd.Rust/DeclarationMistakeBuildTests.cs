using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The declaration mistakes whose compiler errors stop a command-line build before analyzers run (CS0751, CS8795,
/// CS0759, CS0501, CS0708) still show the package's explanation: the generator reports them. Nothing is generated for
/// them, so no error comes from inside a generated file.
/// </summary>
public sealed class DeclarationMistakeBuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Every_declaration_mistake_shows_its_BND_diagnostic_in_a_command_line_build()
    {
        _project.Write("""
            using System.Runtime.InteropServices;
            using Boundary;

            Console.WriteLine(Good.AddI32(1, 2));

            [StructLayout(LayoutKind.Sequential)]
            internal struct LatLon { public double Lat, Lon; }

            [ForeignHandle(Release = "geo_index_free")]
            internal sealed partial class GeoIndex;

            [ForeignBoundary("rtest")]
            internal static partial class Good
            {
                public static partial int AddI32(int a, int b);
            }

            // docs/rules/BND1001.md, "Bad"
            [ForeignBoundary("geo")]
            internal class NotStaticPartial
            {
                public static partial double DistanceKm(LatLon a, LatLon b);
            }

            [ForeignBoundary("geo")]
            internal static class NotPartial
            {
                public static partial double DistanceKm(LatLon a, LatLon b);
            }

            [ForeignBoundary("geo")]
            internal partial class NotStatic
            {
                public static partial double DistanceKm(LatLon a, LatLon b);
            }

            [ForeignBoundary(null)]
            internal static partial class NoLibrary
            {
                public static partial double DistanceKm(LatLon a, LatLon b);
            }

            // docs/rules/BND1002.md, "Bad", and an instance method
            [ForeignBoundary("geo")]
            internal static partial class Geo
            {
                public static double DistanceKmNotPartial(LatLon a, LatLon b);
                public static partial ulong IndexLen(GeoIndex index) => 0;
                public partial ulong IndexCount(GeoIndex index);
                public static partial ulong IndexCapacity(GeoIndex index);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().NotBe(0);
        text.Should().Contain("error BND1001: Boundary class 'NotStaticPartial' must be declared 'static partial'")
            .And.Contain("error BND1001: Boundary class 'NotPartial' must be declared 'partial'")
            .And.Contain("error BND1001: Boundary class 'NotStatic' must be declared 'static'")
            .And.Contain("error BND1001: Boundary class 'NoLibrary' names no usable library: the library name is null")
            .And.Contain("error BND1002: Boundary function 'DistanceKmNotPartial' must be declared 'static partial'")
            .And.Contain("error BND1002: Boundary function 'IndexLen' has a body")
            .And.Contain("error BND1002: Boundary function 'IndexCount' must be declared 'static'");
        text.Should().NotContain("BND1002: Boundary function 'IndexCapacity'", "a good function next to bad ones is fine")
            .And.NotContain(".g.cs(", "nothing generated for a wrong declaration may fail to compile");
        text.Split('\n').Where(line => line.Contains("error BND100", StringComparison.Ordinal))
            .Should().OnlyContain(line => line.Contains("/docs/rules/BND100", StringComparison.Ordinal), "each carries its help link");
    }
}
