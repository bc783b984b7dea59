using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Every code fix of the package through a real <c>dotnet format analyzers</c>, as a user's CI runs it: one consumer
/// project holds a mistake for every rule that has a fix, one run asks for all of them at once, and the result is
/// checked to the character, then built (no package diagnostic, no warning) and checked again with
/// <c>--verify-no-changes</c>, so no fix leaves work for another or produces code another rule reports.
/// </summary>
/// <remarks>
/// dotnet format fixes one diagnostic id after another, in no fixed order, analysing again before each: every mistake
/// sits where no other fix touches it. BND4101/BND4102 record native signatures, which other fixes change (BND4003,
/// BND4007, BND1011 ...), so they run second, once the declarations are final — as a user records the ABI of code that
/// builds. BND1001 and BND1002 are declaration errors: a command-line build stops analyzers for them, dotnet format
/// (a design-time build) runs them anyway.
/// </remarks>
public sealed class DotnetFormatTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Every rule with a code fix (README's rule table), except the ABI record's.</summary>
    private static readonly string[] Fixable =
    [
        "BND1001", "BND1002", "BND1004", "BND1006", "BND1010", "BND1011", "BND1012", "BND1014", "BND1015",
        "BND2001", "BND2002", "BND2004", "BND2005",
        "BND3002", "BND3004", "BND3009",
        "BND4003", "BND4007",
        "BND5002", "BND5003",
    ];

    private static readonly string[] AbiRecord = ["BND4101", "BND4102"];

    private readonly ConsumerProject _project = new(output, "boundary-format-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Dotnet_format_applies_every_fix_at_once_and_the_result_builds_clean()
    {
        _project.WriteNuGetConfig();
        _project.WriteFile("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BoundaryAnalyzers" Version="{ConsumerProject.Metadata("BoundaryVersion")}" />
                <ForeignContract Include="contract.h" Library="contract" />
                <AdditionalFiles Include="BoundaryAbi.Shipped.txt" Condition="Exists('BoundaryAbi.Shipped.txt')" />
              </ItemGroup>
            </Project>
            """);
        _project.WriteFile("contract.h", """
            #include <stdint.h>

            int64_t contract_total(int64_t a);
            uint32_t contract_spare(uint32_t x);
            """);
        _project.WriteFile("Program.cs", Mistakes + "\n");

        (int exit, string text) = _project.Dotnet(["format", "analyzers", "--diagnostics", .. Fixable, "--severity", "info"]);

        exit.Should().Be(0, text);
        text.Should().NotContain("Unable to fix").And.NotContain("Failed to apply", "every fix has a Fix All that dotnet format can run");
        Read("Program.cs").Should().Be(Fixed.ReplaceLineEndings("\n") + "\n");

        // The ABI record, of the declarations as they are now: one changed line, every other function added.
        _project.WriteFile("BoundaryAbi.Shipped.txt", "# BoundaryAbi.Shipped.txt\nint32_t contract_total(int64_t);\n");
        (int recordExit, string record) = _project.Dotnet(["format", "analyzers", "--diagnostics", .. AbiRecord, "--severity", "info"]);
        recordExit.Should().Be(0, record);
        record.Should().NotContain("Unable to fix");
        Read("BoundaryAbi.Shipped.txt").Should().Be(Shipped.ReplaceLineEndings("\n") + "\n");

        (int buildExit, string build) = _project.Dotnet("build", "-c", "Release");
        buildExit.Should().Be(0, build);
        build.Should().NotContain("BND", "no fix produces code another rule reports").And.Contain("0 Warning(s)");

        (int verifyExit, string verify) = _project.Dotnet(["format", "analyzers", "--diagnostics", .. Fixable, .. AbiRecord, "--severity", "info", "--verify-no-changes"]);
        verifyExit.Should().Be(0, verify);
    }

    private string Read(string file) => File.ReadAllText(Path.Combine(_project.Directory, file)).ReplaceLineEndings("\n");

    // Seeded: BND2001 (EarlyReturn: try/finally ending at the old Dispose; Forgotten: using var), BND2005, BND2002,
    // BND2004, BND5003, BND3009, BND5002 in Demo; BND1004 Widget, BND1006 Gadget, BND1014 Statement; in Native BND1015
    // Mean, BND1010 Primes, BND1002 SubI32 and MulI32's hand-written part; BND1001 Shapes, BND1011 Raw, BND1012 Codec,
    // BND3002 NoSuccess, BND3004 Marked's Unmarked, BND4003 and BND4007 Contract (against contract.h).
    private const string Mistakes = """
        using System.Runtime.InteropServices;
        using Boundary;

        Console.WriteLine("every mistake below has a code fix");

        static class Demo
        {
            static void OnLog(nint context, int level)
            {
            }

            public static void EarlyReturn(bool early)
            {
                Counter c = Native.CounterNew(1);
                if (early)
                {
                    return;
                }

                Native.CounterAdd(c, 1);
                c.Dispose();
                Console.WriteLine("added");
            }

            public static long Forgotten()
            {
                var c = Native.CounterNew(2);
                return Native.CounterAdd(c, 2);
            }

            public static void DisposedTwice()
            {
                Counter c = Native.CounterNew(3);
                Native.CounterAdd(c, 3);
                c.Dispose();
                c.Dispose();
            }

            public static void MovedTwice()
            {
                Counter c = Native.CounterNew(4);
                Native.Absorb(c);
                Native.Absorb(c);
            }

            public static void InstallLogger()
            {
                Native.SetLogger(Marshal.GetFunctionPointerForDelegate(new LogFn(OnLog)), 0);
            }

            public static async Task<long> SumLaterAsync()
            {
                await Task.Yield();
                return Native.Sum(5);
            }

            public static void Unchecked()
            {
                Checks.Validate(1);
            }

            public static void FreeGo()
            {
                IntPtr library = NativeLibrary.Load("libgotest.so");
                Console.WriteLine(GoTest.AddI32(1, 2));
                NativeLibrary.Free(library);
            }
        }

        public delegate void LogFn(nint context, int level);

        [ForeignHandle(Release = "rtest_counter_free")]
        public sealed partial class Counter;

        [ForeignHandle(Library = "rtest")]
        public sealed partial class Widget;

        [ForeignHandle(Release = "rtest_gadget_free", Library = "rtest")]
        public partial class Gadget;

        [ForeignHandle(Release = "rtest_statement_finalize")]
        public sealed partial class Statement;

        [ForeignBoundary("rtest")]
        internal static partial class Native
        {
            public static partial Counter CounterNew(long start);
            public static partial long CounterAdd(Counter c, long delta);
            public static partial void Absorb([Consumed] Counter c);
            public static partial void SetLogger([Retained] nint logger, [Retained] nint context);
            public static partial long Sum(long a);
            public static partial Task<long> SumAsync(long a);
            public static partial long WidgetSize(Widget widget);
            public static partial long GadgetSize(Gadget gadget);
            public static partial int StatementFinalize([Consumed] Statement statement);
            public static partial double Mean([LengthType(typeof(int))] double scale);
            public static partial ReadOnlySpan<int> Primes();
            public static int SubI32(int a, int b);
            public static partial int MulI32(int a, int b);

            public static partial int MulI32(int a, int b) => a * b;
        }

        [ForeignBoundary("rtest")]
        internal partial class Shapes
        {
            public static partial int AddI32(int a, int b);
        }

        [ForeignBoundary("raw")]
        internal static partial class Raw
        {
            public static partial nint ParserNew(int grammar);
            public static partial void ParserFree(nint parser);
        }

        [ForeignBoundary("codec")]
        internal static unsafe partial class Codec
        {
            public static partial NativeBuffer<byte> Encode(ReadOnlySpan<byte> input);
            [BufferFree] private static partial int BytesFree(byte* ptr, nuint len);
        }

        [ForeignErrors]
        public enum RtError { Ok = 0, Invalid = 2 }

        [ForeignErrors]
        public enum NoSuccess { Failed = 1 }

        public enum Unmarked { Ok = 0, Broken = 1 }

        [ForeignBoundary("rtest", Errors = typeof(RtError))]
        internal static partial class Checks
        {
            public static partial RtError Validate(int x);
        }

        [ForeignBoundary("marked", Errors = typeof(Unmarked))]
        internal static partial class Marked
        {
            public static partial void Touch();
        }

        [ForeignBoundary("contract")]
        internal static partial class Contract
        {
            public static partial int Total(long a);
        }

        [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
        internal static partial class GoTest
        {
            public static partial int AddI32(int a, int b);
        }
        """;

    private const string Fixed = """
        using System.Runtime.InteropServices;
        using Boundary;

        Console.WriteLine("every mistake below has a code fix");

        static class Demo
        {
            // Native code keeps a pointer to this delegate: the field keeps it from being collected.
            private static readonly LogFn OnLogCallback = new LogFn(OnLog);

            static void OnLog(nint context, int level)
            {
            }

            public static void EarlyReturn(bool early)
            {
                Counter c = Native.CounterNew(1);
                try
                {
                    if (early)
                    {
                        return;
                    }

                    Native.CounterAdd(c, 1);
                }
                finally
                {
                    c.Dispose();
                }

                Console.WriteLine("added");
            }

            public static long Forgotten()
            {
                using var c = Native.CounterNew(2);
                return Native.CounterAdd(c, 2);
            }

            public static void DisposedTwice()
            {
                Counter c = Native.CounterNew(3);
                Native.CounterAdd(c, 3);
                c.Dispose();
            }

            public static void MovedTwice()
            {
                Counter c = Native.CounterNew(4);
                Native.Absorb(c);
            }

            public static void InstallLogger()
            {
                Native.SetLogger(Marshal.GetFunctionPointerForDelegate(OnLogCallback), 0);
            }

            public static async Task<long> SumLaterAsync()
            {
                await Task.Yield();
                return await Native.SumAsync(5);
            }

            public static void Unchecked()
            {
                if (Checks.Validate(1) is var status and not RtError.Ok)
                {
                    throw new ForeignException<RtError>("rtest", "rtest_validate", status, (int)status, Enum.IsDefined(status), null);
                }
            }

            public static void FreeGo()
            {
                IntPtr library = NativeLibrary.Load("libgotest.so");
                Console.WriteLine(GoTest.AddI32(1, 2));
            }
        }

        public delegate void LogFn(nint context, int level);

        [ForeignHandle(Release = "rtest_counter_free")]
        public sealed partial class Counter;

        [ForeignHandle(Library = "rtest", Release = "rtest_widget_free")]
        public sealed partial class Widget;

        [ForeignHandle(Release = "rtest_gadget_free", Library = "rtest")]
        public sealed partial class Gadget;

        [ForeignHandle(Release = "rtest_statement_finalize", ReleaseReturnsStatus = true)]
        public sealed partial class Statement;

        [ForeignBoundary("rtest")]
        internal static partial class Native
        {
            public static partial Counter CounterNew(long start);
            public static partial long CounterAdd(Counter c, long delta);
            public static partial void Absorb([Consumed] Counter c);
            public static partial void SetLogger([Retained] nint logger, [Retained] nint context);
            public static partial long Sum(long a);
            public static partial Task<long> SumAsync(long a);
            public static partial long WidgetSize(Widget widget);
            public static partial long GadgetSize(Gadget gadget);
            public static partial int StatementFinalize([Consumed] Statement statement);
            public static partial double Mean(double scale);
            [return: Borrowed]
            public static partial ReadOnlySpan<int> Primes();
            public static partial int SubI32(int a, int b);
            public static partial int MulI32(int a, int b);
        }

        [ForeignBoundary("rtest")]
        internal static partial class Shapes
        {
            public static partial int AddI32(int a, int b);
        }

        [ForeignBoundary("raw")]
        internal static partial class Raw
        {
            public static partial Parser ParserNew(int grammar);
        }

        [ForeignHandle(Release = "raw_parser_free")]
        internal sealed partial class Parser;

        [ForeignBoundary("codec")]
        internal static unsafe partial class Codec
        {
            public static partial NativeBuffer<byte> Encode(ReadOnlySpan<byte> input);
            [BufferFree] private static partial void BytesFree(byte* ptr, nuint len);
        }

        [ForeignErrors]
        public enum RtError { Ok = 0, Invalid = 2 }

        [ForeignErrors]
        public enum NoSuccess { Ok = 0, Failed = 1 }

        [ForeignErrors]
        public enum Unmarked { Ok = 0, Broken = 1 }

        [ForeignBoundary("rtest", Errors = typeof(RtError))]
        internal static partial class Checks
        {
            public static partial RtError Validate(int x);
        }

        [ForeignBoundary("marked", Errors = typeof(Unmarked))]
        internal static partial class Marked
        {
            public static partial void Touch();
        }

        [ForeignBoundary("contract")]
        internal static partial class Contract
        {
            public static partial long Total(long a);
            public static partial uint Spare(uint x);
        }

        [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
        internal static partial class GoTest
        {
            public static partial int AddI32(int a, int b);
        }
        """;

    private const string Shipped = """
        # BoundaryAbi.Shipped.txt
        void codec_bytes_free(uint8_t*, size_t);
        boundary_buffer codec_encode(const uint8_t*, size_t);
        uint32_t contract_spare(uint32_t);
        int64_t contract_total(int64_t);
        int32_t gotest_add_i32(int32_t, int32_t);
        void marked_touch(void);
        void* raw_parser_new(int32_t);
        void rtest_absorb(void*);
        int32_t rtest_add_i32(int32_t, int32_t);
        int64_t rtest_counter_add(void*, int64_t);
        void* rtest_counter_new(int64_t);
        int64_t rtest_gadget_size(void*);
        double rtest_mean(double);
        int32_t rtest_mul_i32(int32_t, int32_t);
        boundary_buffer rtest_primes(void);
        void rtest_set_logger(intptr_t, intptr_t);
        int32_t rtest_statement_finalize(void*);
        int32_t rtest_sub_i32(int32_t, int32_t);
        int64_t rtest_sum(int64_t);
        void rtest_sum_async(int64_t, void (*)(void*, int64_t), void*);
        int32_t rtest_validate(int32_t);
        int64_t rtest_widget_size(void*);
        """;
}
