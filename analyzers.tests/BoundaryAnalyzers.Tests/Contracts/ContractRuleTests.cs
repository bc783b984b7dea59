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
    public async Task Two_functions_that_call_one_export_are_each_checked_where_they_are_declared()
    {
        const string Twice = """
            using Boundary;
            [ForeignBoundary("geo")]
            internal static partial class Geo
            {
                [ForeignFunction("geo_count")] public static partial long Count(nint index);
                [ForeignFunction("geo_count")] public static partial int CountNarrow(nint index);
                public static partial void Helper(int x);
                public static void Mine() { }
            }
            """;
        const string Exports = """
            extern int64_t geo_count(void* index);
            extern void geo_helper(int32_t x);
            """;

        var diagnostics = await ContractHarness.RunAsync([Twice], "c-header", "geo", ("geo.h", Exports));

        // Only CountNarrow disagrees (int32_t against int64_t), and it is reported at CountNarrow's own return type;
        // both functions and Helper name their exports, so nothing is undeclared.
        diagnostics.Select(d => d.Id).Should().Equal("BND4003");
        diagnostics[0].GetMessage().Should().Contain("CountNarrow");
    }

    [Fact]
    public async Task Another_library_s_files_are_not_checked()
        => (await ContractHarness.RunAsync([Source], "c-header", "other", ("geo.h", Header))).Should().BeEmpty();
}

/// <summary>BND4004 and BND4006 on a C header; 64-bit signedness; a length's sign against size_t.</summary>
public class ContractRuleHeaderTests
{
    [Fact]
    public async Task A_pointer_level_and_an_error_code_differing_from_a_header_are_reported()
    {
        const string source = """
            using System;
            using Boundary;
            [ForeignBoundary("geo", Errors = typeof(GeoError))]
            internal static unsafe partial class Geo
            {
                public static partial int Load(byte* path, nuint length);
                public static partial void Fill(long value);
            }
            [ForeignErrors] public enum GeoError { Ok = 0, NotFound = 2, Busy = 3 }
            """;
        const string header = """
            #define GEO_ERR_NOT_FOUND 4
            enum geo_status { GEO_OK = 0, GEO_BUSY = 3 };
            int32_t geo_load(uint8_t** path, size_t length);
            void geo_fill(int64_t* value);
            """;
        var diagnostics = await ContractHarness.RunAsync([source], "c-header", "geo", ("geo.h", header));
        diagnostics.Select(d => d.Id).OrderBy(i => i).Should().Equal("BND4004", "BND4004", "BND4006");
        diagnostics.Single(d => d.Id == "BND4006").GetMessage().Should().Contain("GEO_ERR_NOT_FOUND = 4");
    }

    [Fact]
    public async Task Signedness_of_64_bit_values_is_reported_but_not_for_lengths_the_binding_passes()
    {
        const string source = """
            using System;
            using Boundary;
            [ForeignBoundary("geo", LengthType = typeof(long))]
            internal static unsafe partial class Geo
            {
                public static partial long Find(long id);
                public static partial long Sum(ReadOnlySpan<double> values);
                public static partial void Read(uint n, out NativeBuffer<byte> data);
                [BufferFree] private static partial void Free(byte* ptr, long len);
            }
            """;
        const string rust = """
            #[no_mangle] pub extern "C" fn geo_find(id: u64) -> u64 { id }
            #[no_mangle] pub extern "C" fn geo_sum(values: *const f64, values_len: usize) -> i64 { 0 }
            #[no_mangle] pub extern "C" fn geo_read(n: u32, data: *mut *mut u8, data_len: *mut usize) {}
            #[no_mangle] pub extern "C" fn geo_free(ptr: *mut u8, len: usize) {}
            """;
        var diagnostics = await ContractHarness.RunAsync([source], "rust-source", "geo", ("lib.rs", rust));
        diagnostics.Select(d => d.Id).Should().Equal("BND4003", "BND4003");
        diagnostics.Should().OnlyContain(d => d.GetMessage().Contains("geo_find") || d.GetMessage().Contains("Find"));
        diagnostics.Should().OnlyContain(d => d.GetMessage().Contains("signedness"));
    }
}
