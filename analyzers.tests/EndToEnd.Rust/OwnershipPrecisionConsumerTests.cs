using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// Ownership precision through the packed package (issue 13, item 8), in a fresh consumer project built as a user's CI
/// does, with the strict preset (ownership findings are errors): two tests of the same unchanged flag are understood
/// together, so the measured "seal or dispose" program builds and runs; a raw pointer into a disposed native buffer is
/// BND2003.
/// </summary>
public sealed class OwnershipPrecisionConsumerTests(ITestOutputHelper output) : IDisposable
{
    private const string Declarations = """

        [ForeignHandle(Release = "rtest_counter_free")]
        public sealed partial class Counter;

        [ForeignBoundary("rtest")]
        internal static partial class Native
        {
            public static partial Counter CounterNew(long start);
            public static partial long CounterAdd(Counter c, long delta);
            public static partial long CounterIntoValue([Consumed] Counter c);
            public static partial NativeBuffer<int> RangeI32(int start, int count);
            public static partial long LiveCounters();
        }
        """;

    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_flag_tested_twice_builds_under_the_strict_preset_and_runs()
    {
        _project.Write("""
            using Boundary;

            foreach (bool seal in new[] { true, false })
            {
                var builder = Native.CounterNew(40);
                Native.CounterAdd(builder, 2);
                long sealedValue = 0;
                if (seal)
                {
                    sealedValue = Native.CounterIntoValue(builder);
                }

                if (!seal) builder.Dispose();
                Console.WriteLine($"seal={seal} value={sealedValue} live={Native.LiveCounters()}");
            }
            """ + Declarations, extraProperties: "<BoundaryOwnershipStrictness>strict</BoundaryOwnershipStrictness>");

        (int exit, string text) = _project.Dotnet("run", "-c", "Release");

        exit.Should().Be(0, text);
        text.Should().NotContain("BND2001").And.NotContain("BND2002");
        text.Should().Contain("seal=True value=42 live=0").And.Contain("seal=False value=0 live=0");
    }

    [Fact]
    public void A_raw_pointer_into_a_disposed_buffer_is_BND2003()
    {
        _project.Write("""
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using Boundary;

            unsafe
            {
                var data = Native.RangeI32(1, 4);
                int* first = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(data.Span));
                data.Dispose();
                Console.WriteLine(*first);
            }
            """ + Declarations, extraProperties: "<AllowUnsafeBlocks>true</AllowUnsafeBlocks>");

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().Be(0, "BND2003 is a warning by default");
        text.Should().Contain("warning BND2003").And.Contain("'first' points into native memory owned by 'data'");
    }
}
