namespace BoundaryAnalyzers.Tests.Contracts;

/// <summary>Each rule reported on a mismatch, and silent on the agreeing declaration.</summary>
public class ContractRuleTests
{
    private const string Source = """
        using System;
        using Boundary;
        [ForeignBoundary("geo", Errors = typeof(GeoError))]
        internal static partial class Geo
        {
            public static partial long Count(nint index);
            public static partial int Add(int a, int b);
            public static partial double Scale(Point p);
            public static partial void Gone();
        }
        [ForeignErrors] public enum GeoError { Ok = 0, NotFound = 2 }
        public struct Point { public double Lat; public float Lon; }
        """;

    private const string Rust = """
        pub const GEO_NOT_FOUND: i32 = 3;
        #[repr(C)] pub struct Point { pub lat: f64, pub lon: f64 }
        #[no_mangle] pub extern "C" fn geo_count(index: *const Index) -> u32 { 0 }
        #[no_mangle] pub extern "C" fn geo_add(a: i32) -> i32 { a }
        #[no_mangle] pub extern "C" fn geo_scale(p: Point) -> f64 { 0.0 }
        #[no_mangle] pub extern "C" fn geo_extra(x: i64) -> i64 { x }
        """;

    private const string Header = """
        #define GEO_NOT_FOUND 2
        typedef struct { double lat; double lon; } Point;
        extern int64_t geo_count(void* index);
        extern int32_t geo_add(int32_t a, int32_t b);
        extern double geo_scale(Point p);
        extern void geo_gone(void);
        """;

    [Fact]
    public async Task Rust_mismatches_are_reported_each_by_its_rule()
    {
        var ids = (await ContractHarness.RunAsync([Source], "rust-source", "geo", ("lib.rs", Rust))).Select(d => d.Id).OrderBy(i => i).ToList();
        ids.Should().Equal("BND4001", "BND4002", "BND4003", "BND4005", "BND4006", "BND4007");
    }

    [Fact]
    public async Task An_agreeing_header_reports_only_the_struct()
    {
        var ids = (await ContractHarness.RunAsync([Source], "c-header", "geo", ("geo.h", Header))).Select(d => d.Id).ToList();
        ids.Should().Equal("BND4005");
    }

    [Fact]
    public async Task Another_library_s_files_are_not_checked()
        => (await ContractHarness.RunAsync([Source], "c-header", "other", ("geo.h", Header))).Should().BeEmpty();
}
