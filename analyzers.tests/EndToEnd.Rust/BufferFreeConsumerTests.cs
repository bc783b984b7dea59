using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A consumer project declaring the Rust test library's <c>(ptr, len)</c> free function: declared with a length of the
/// wrong type, the packed package's BND1012 fails the build (it would otherwise link, and the library's registry count
/// every free as bad); declared right, every buffer is freed exactly.
/// </summary>
public sealed class BufferFreeConsumerTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_free_function_with_the_wrong_length_fails_the_build_and_the_right_one_frees_every_buffer_exactly()
    {
        _project.Write(Program("int len"));
        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().NotBe(0);
        text.Should().Contain("error BND1012")
            .And.Contain("The length 'len' of buffer-free function 'Free' is 'int', but the boundary's lengths are 'nuint' (size_t)");

        _project.Write(Program("nuint len"));
        (exit, text) = _project.Dotnet("run", "-c", "Release");

        exit.Should().Be(0, text);
        text.Should().Contain("bytes=0,1,2 copy=4 live=0 bad=0");
        text.Should().NotContain("warning");
    }

    private static string Program(string length) => $$"""
        using Boundary;

        long bad = Shapes.BadFrees();
        string bytes;
        using (NativeBuffer<byte> buffer = Shapes.Ret(3))
        {
            bytes = string.Join(",", buffer.ToArray());
        }

        byte[] copy = Shapes.RetCopy(4);
        Console.WriteLine($"bytes={bytes} copy={copy.Length} live={Shapes.LiveShapeBuffers()} bad={Shapes.BadFrees() - bad}");

        [ForeignBoundary("rtest")]
        internal static unsafe partial class Shapes
        {
            [ForeignFunction("rtest_bytes_ret_pl")] public static partial NativeBuffer<byte> Ret(uint n);
            [ForeignFunction("rtest_bytes_ret_pl")] public static partial byte[] RetCopy(uint n);
            public static partial long LiveShapeBuffers();
            public static partial long BadFrees();
            [BufferFree, ForeignFunction("rtest_bytes_free_pl")] private static partial void Free(byte* ptr, {{length}});
        }
        """;
}
