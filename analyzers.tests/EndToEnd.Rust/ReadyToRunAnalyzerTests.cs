using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The package's ReadyToRun copy of its analyzers (readytorun/linux-x64/, nuget/ReadyToRun.targets): the same assembly
/// as the portable one, with precompiled code for linux-x64 that the compiler of a build on this host really runs
/// instead of compiling the analyzers' IL first; <c>BoundaryReadyToRun=false</c> keeps the portable copy.
/// </summary>
public sealed partial class ReadyToRunAnalyzerTests(ITestOutputHelper output) : IDisposable
{
    private const string Program = """
        using Boundary;

        Counter kept = Native.CounterNew(1);
        Console.WriteLine(Native.CounterAdd(kept, 1));

        [ForeignHandle(Release = "rtest_counter_free")]
        public sealed partial class Counter;

        [ForeignBoundary("rtest")]
        internal static partial class Native
        {
            public static partial Counter CounterNew(long start);
            public static partial long CounterAdd(Counter c, long delta);
        }
        """;

    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void The_ReadyToRun_copy_is_the_portable_assembly_with_linux_x64_code()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(ConsumerProject.Metadata("LocalFeed"), $"BoundaryAnalyzers.{ConsumerProject.Metadata("BoundaryVersion")}.nupkg"));
        byte[] Entry(string name)
        {
            using var bytes = new MemoryStream();
            zip.GetEntry(name)!.Open().CopyTo(bytes);
            return bytes.ToArray();
        }

        byte[] portable = Entry("analyzers/dotnet/roslyn4.8/cs/Boundary.Analyzers.dll");
        byte[] precompiled = Entry("readytorun/linux-x64/Boundary.Analyzers.dll");
        using var portableImage = new PEReader(new MemoryStream(portable));
        using var precompiledImage = new PEReader(new MemoryStream(precompiled));

        portableImage.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size.Should().Be(0, "the portable copy is IL only");
        precompiledImage.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size.Should().BeGreaterThan(0, "a ReadyToRun image has a native header");
        ((int)precompiledImage.PEHeaders.CoffHeader.Machine).Should().Be(0x8664 ^ 0x7B79, "ReadyToRun code for x64 Linux (AMD64 xor the Linux marker)");
        precompiled.Length.Should().BeGreaterThan(portable.Length * 3 / 2, "the image holds native code for the analyzers, not only their IL");

        // The same assembly: name, version, module identity and metadata; the code fixes beside it are the portable ones.
        MetadataReader portableMetadata = portableImage.GetMetadataReader();
        MetadataReader precompiledMetadata = precompiledImage.GetMetadataReader();
        precompiledMetadata.GetAssemblyDefinition().GetAssemblyName().FullName.Should().Be(portableMetadata.GetAssemblyDefinition().GetAssemblyName().FullName);
        precompiledMetadata.GetGuid(precompiledMetadata.GetModuleDefinition().Mvid).Should().Be(portableMetadata.GetGuid(portableMetadata.GetModuleDefinition().Mvid));
        precompiledMetadata.TypeDefinitions.Count.Should().Be(portableMetadata.TypeDefinitions.Count);
        precompiledMetadata.MethodDefinitions.Count.Should().Be(portableMetadata.MethodDefinitions.Count);
        Entry("readytorun/linux-x64/Boundary.CodeFixes.dll").Should().Equal(Entry("analyzers/dotnet/roslyn4.8/cs/Boundary.CodeFixes.dll"));
    }

    [Fact]
    public void A_build_on_this_host_runs_the_precompiled_analyzers_and_reports_the_same()
    {
        _project.Write(Program);
        (int restoreExit, string restore) = _project.Dotnet("restore");
        restoreExit.Should().Be(0, restore);

        (string precompiled, string[] precompiledJit) = Build("precompiled", readyToRun: true);
        (string portable, string[] portableJit) = Build("portable", readyToRun: false);

        precompiled.Should().Contain("the compiler runs the analyzers' ReadyToRun copy for linux-x64", "a detailed build log says which copy runs");
        portable.Should().NotContain("ReadyToRun copy for");

        // The analyzers ran in both builds, with the same result: the handle that is never disposed.
        Diagnostics(precompiled).Should().Contain(d => d.StartsWith("BND2001", StringComparison.Ordinal)).And.Equal(Diagnostics(portable));

        // Compiled from IL, the analyzers' methods pass through the JIT's first tier; precompiled, they start from
        // their ReadyToRun code (the JIT only sees generic instantiations over the compiler's types, and methods the
        // runtime later re-optimizes because they run often).
        string[] reader = ["Boundary.Analyzers.Reading.BoundaryReader:Read(", "Boundary.Analyzers.Analyzers.Ownership.OwnershipAnalyzer:Initialize("];
        foreach (string method in reader)
        {
            portableJit.Should().Contain(line => line.Contains(method, StringComparison.Ordinal), "the portable build compiles {0} from IL", method);
            precompiledJit.Should().NotContain(line => line.Contains(method, StringComparison.Ordinal), "the precompiled build runs {0} as shipped", method);
        }

        precompiledJit.Length.Should().BeLessThan(portableJit.Length / 3, "most of the analyzers' code is precompiled");
    }

    /// <summary>
    /// A full build in a fresh compiler process (no build server: its JIT'd code would outlive the build), with the
    /// runtime's list of the methods it JIT-compiles; returns the build output and the package's methods compiled at
    /// the JIT's first tier.
    /// </summary>
    private (string Output, string[] FirstTier) Build(string name, bool readyToRun)
    {
        string list = Path.Combine(_project.Directory, name + ".jit.txt");
        _project.Environment["DOTNET_JitStdOutFile"] = list;
        _project.Environment["DOTNET_JitDisasmSummary"] = "1";
        (int exit, string text) = _project.Dotnet("build", "-c", "Release", "--no-restore", "--no-incremental", "-p:UseSharedCompilation=false",
            $"-p:BoundaryReadyToRun={(readyToRun ? "true" : "false")}", "-v:d", "-o", Path.Combine(_project.Directory, "out-" + name));
        exit.Should().Be(0, text);
        File.Exists(list).Should().BeTrue("the runtime writes the JIT list");
        string[] firstTier = File.ReadAllLines(list)
            .Where(line => line.Contains("JIT compiled Boundary.Analyzers.", StringComparison.Ordinal) && FirstTier().IsMatch(line))
            .ToArray();
        return (text, firstTier);
    }

    private static string[] Diagnostics(string build)
        => DiagnosticLine().Matches(build).Select(m => m.Groups["d"].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"\[(Instrumented )?Tier0[,\]]")]
    private static partial Regex FirstTier();

    [GeneratedRegex(@"Program\.cs\(\d+,\d+\): (warning|error) (?<d>BND\d{4}[^\[]*)")]
    private static partial Regex DiagnosticLine();
}
