using System.IO.Compression;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A fresh project outside the repository — no Directory.Build.props, no central package management, no project
/// references — restores BoundaryAnalyzers from the local feed, builds and runs against a real Rust library; and a
/// project with a bad declaration (or two Go libraries) fails its build with the package's diagnostic, as in a user's CI.
/// </summary>
public sealed class PackageConsumptionTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_fresh_project_restores_the_package_builds_and_calls_Rust()
    {
        _project.Write("""
            using Boundary;

            using (Counter c = Native.CounterNew(40))
            {
                Console.WriteLine($"counter={Native.CounterAdd(c, 2)} live={Native.LiveCounters()}");
            }

            Console.WriteLine($"after dispose live={Native.LiveCounters()} sum={Native.AddI32(20, 22)}");

            [ForeignHandle(Release = "rtest_counter_free")]
            public sealed partial class Counter;

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial int AddI32(int a, int b);
                public static partial Counter CounterNew(long start);
                public static partial long CounterAdd(Counter c, long delta);
                public static partial long LiveCounters();
            }
            """);

        (int exit, string text) = _project.Dotnet("run", "-c", "Release");

        exit.Should().Be(0, text);
        text.Should().Contain("counter=42 live=1").And.Contain("after dispose live=0 sum=42");
        text.Should().NotContain("warning", "generated code builds warning-free in a user's project");
    }

    [Fact]
    public void Errors_strings_and_the_redaction_property_work_in_a_consumer()
    {
        _project.Write(
            """
            using Boundary;

            Console.WriteLine($"redact={ForeignErrorOptions.RedactNativeMessages} version={Native.Version()} div={Native.CheckedDiv(9, 3)}");
            try
            {
                Native.CheckedDiv(1, 0);
            }
            catch (ForeignException<E> e)
            {
                Console.WriteLine($"code={e.Code} message={e.Message}");
            }

            [ForeignErrors]
            public enum E { Ok = 0, Invalid = 2 }

            [ForeignBoundary("rtest", Errors = typeof(E), ErrorShape = ForeignErrorShape.StatusCode)]
            internal static partial class Native
            {
                public static partial int CheckedDiv(int a, int b);

                [ForeignFunction(ErrorShape = ForeignErrorShape.None)]
                [return: Borrowed]
                public static partial string Version();
            }
            """,
            "<BoundaryRedactNativeMessages>true</BoundaryRedactNativeMessages>");

        (int exit, string text) = _project.Dotnet("run", "-c", "Release");

        exit.Should().Be(0, text);
        text.Should().Contain("redact=True version=rtest 1.0 div=3")
            .And.Contain("code=Invalid message=rtest!rtest_checked_div failed: Invalid (2).");
        text.Should().NotContain("division by zero", "the native message is redacted");
    }

    [Fact]
    public void The_package_analyzers_fail_a_consumer_build_on_a_bad_declaration()
    {
        _project.Write("""
            using Boundary;

            Console.WriteLine(Native.Next('a'));

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial int Next(char c);
            }
            """);

        string sarif = Path.Combine(_project.Directory, "build.sarif");
        (int exit, string text) = _project.Dotnet("build", "-c", "Release", $"-p:ErrorLog={sarif}");

        exit.Should().NotBe(0);
        text.Should().Contain("error BND1003").And.Contain("'char' cannot cross a native boundary");
        File.ReadAllText(sarif).Should().Contain(
            $"\"helpUri\": \"{ConsumerProject.Metadata("BoundaryRulesUrl")}BND1003.md\"",
            "the help link a user's IDE and CI show derives from the repository URL of eng/Version.props");
        ConsumerProject.Metadata("BoundaryRulesUrl").Should().StartWith(ConsumerProject.Metadata("BoundaryRepositoryUrl") + "/");
    }

    [Fact]
    public void The_ownership_analyzers_run_at_a_consumer_call_site()
    {
        _project.Write("""
            using Boundary;

            Counter leaked = Native.CounterNew(1);
            Console.WriteLine(Native.CounterAdd(leaked, 1));
            unsafe
            {
                fixed (byte* pinned = new byte[4])
                {
                    Native.KeepBytes(pinned, 4);
                }
            }

            [ForeignHandle(Release = "rtest_counter_free")]
            public sealed partial class Counter;

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial Counter CounterNew(long start);
                public static partial long CounterAdd(Counter c, long delta);
                public static unsafe partial void KeepBytes([Retained] byte* data, nuint length);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().Be(0, "BND2001 and BND2004 are warnings by default");
        text.Should().Contain("warning BND2001").And.Contain("'leaked' owns the native Counter returned by 'CounterNew'");
        text.Should().Contain("warning BND2004").And.Contain("memory pinned by the 'fixed' statement of 'pinned'");

        (int strictExit, string strict) = _project.Dotnet("build", "-c", "Release", "-p:BoundaryOwnershipStrictness=strict", "--no-incremental");
        strictExit.Should().NotBe(0, "the strict preset makes ownership findings errors");
        strict.Should().Contain("error BND2001").And.Contain("error BND2004");

        (int relaxedExit, string relaxed) = _project.Dotnet("build", "-c", "Release", "-p:BoundaryOwnershipStrictness=relaxed", "--no-incremental");
        relaxedExit.Should().Be(0);
        relaxed.Should().NotContain("BND2001", "the relaxed preset makes them IDE suggestions").And.NotContain("BND2004");
    }

    [Fact]
    public void Two_Go_libraries_fail_a_consumer_build()
    {
        _project.Write("""
            using Boundary;

            Console.WriteLine(GoTest.AddI32(1, 2) + Stats.Count());

            [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
            internal static partial class GoTest
            {
                public static partial int AddI32(int a, int b);
            }

            [ForeignBoundary("stats", Language = ForeignLanguage.Go)]
            internal static partial class Stats
            {
                public static partial long Count();
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().NotBe(0, "one process cannot host two Go runtimes");
        text.Should().Contain("error BND5001: Boundary 'GoTest' uses Go library 'gotest', but boundary 'Stats' uses Go library 'stats'")
            .And.Contain("error BND5001: Boundary 'Stats' uses Go library 'stats', but boundary 'GoTest' uses Go library 'gotest'");
    }

    [Fact]
    public void Freeing_a_Go_library_warns_and_dotnet_format_removes_the_call()
    {
        _project.Write("""
            using System.Runtime.InteropServices;
            using Boundary;

            IntPtr library = NativeLibrary.Load("libgotest.so");
            Console.WriteLine(GoTest.AddI32(1, 2));
            NativeLibrary.Free(library);

            [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
            internal static partial class GoTest
            {
                public static partial int AddI32(int a, int b);
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().Be(0, "BND5002 is a warning by default");
        text.Should().Contain("warning BND5002: This frees the handle of Go library 'gotest' (loaded as \"libgotest.so\")");

        (int formatExit, string format) = _project.Dotnet("format", "analyzers", "--diagnostics", "BND5002", "--severity", "warn");
        formatExit.Should().Be(0, format);
        string program = File.ReadAllText(Path.Combine(_project.Directory, "Program.cs"));
        program.Should().NotContain("NativeLibrary.Free", "the code fix runs in dotnet format").And.Contain("Console.WriteLine(GoTest.AddI32(1, 2));");
    }

    [Fact]
    public void A_raw_out_handle_warns_and_dotnet_format_declares_its_handle_type()
    {
        _project.Write("""
            using Boundary;

            Native.CounterOpen(40, out var counter, 0);
            Console.WriteLine($"counter={Native.CounterAdd(counter, 2)} live={Native.LiveCounters()}");

            [ForeignBoundary("rtest")]
            internal static partial class Native
            {
                public static partial int CounterOpen(long start, out nint counter, uint flags);
                public static partial long CounterAdd(nint counter, long delta);
                public static partial void CounterFree(nint counter);
                public static partial long LiveCounters();
            }
            """);

        (int exit, string text) = _project.Dotnet("build", "-c", "Release");

        exit.Should().Be(0, "BND1011 is a warning by default");
        text.Should().Contain("warning BND1011: Out parameter 'counter' of 'CounterOpen' is a raw 'nint' that is released by 'CounterFree'");

        (int formatExit, string format) = _project.Dotnet("format", "analyzers", "--diagnostics", "BND1011", "--severity", "warn");
        formatExit.Should().Be(0, format);
        string program = File.ReadAllText(Path.Combine(_project.Directory, "Program.cs"));
        program.Should().Contain("public static partial int CounterOpen(long start, out Counter counter, uint flags);", "the code fix runs in dotnet format")
            .And.Contain("public static partial long CounterAdd(Counter counter, long delta);")
            .And.Contain("[ForeignHandle(Release = \"rtest_counter_free\")]")
            .And.Contain("internal sealed partial class Counter;")
            .And.NotContain("CounterFree");

        (int runExit, string run) = _project.Dotnet("run", "-c", "Release");
        runExit.Should().Be(0, run);
        run.Should().Contain("counter=42 live=1").And.NotContain("BND1011");
    }

    [Fact]
    public void The_package_has_one_runtime_and_the_analyzers_in_their_Roslyn_4_8_folder()
    {
        string package = Path.Combine(ConsumerProject.Metadata("LocalFeed"), $"BoundaryAnalyzers.{ConsumerProject.Metadata("BoundaryVersion")}.nupkg");
        using System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.OpenRead(package);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();

        entries.Should().Contain(
        [
            "lib/net8.0/Boundary.Runtime.dll",
            "lib/net8.0/Boundary.Runtime.xml",
            "analyzers/dotnet/roslyn4.8/cs/Boundary.Analyzers.dll",
            "analyzers/dotnet/roslyn4.8/cs/Boundary.CodeFixes.dll",
            "readytorun/linux-x64/Boundary.Analyzers.dll",
            "readytorun/linux-x64/Boundary.CodeFixes.dll",
            "build/BoundaryAnalyzers.props",
            "buildTransitive/BoundaryAnalyzers.props",
            "build/BoundaryAnalyzers.targets",
            "build/config/BoundaryAnalyzers.strict.globalconfig",
            "build/config/BoundaryAnalyzers.relaxed.globalconfig",
            "buildTransitive/BoundaryAnalyzers.targets",
            "build/BoundaryAnalyzers.Package.props",
            "buildTransitive/BoundaryAnalyzers.Package.props",
            "README.md",
            "LICENSE",
            "icon.png",
        ]);
        entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal)).Should().HaveCount(5, "nothing else ships: no Roslyn, no test code (ReadyToRunAnalyzerTests checks the readytorun/ copies)");
        string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
        nuspec.Should().Contain("<id>BoundaryAnalyzers</id>").And.NotContain("<dependency ", "the package has no dependencies");
    }

    [Fact]
    public void The_package_metadata_README_and_assembly_versions_derive_from_eng_Version_props()
    {
        string version = ConsumerProject.Metadata("BoundaryVersion");
        string repository = ConsumerProject.Metadata("BoundaryRepositoryUrl");
        string rules = ConsumerProject.Metadata("BoundaryRulesUrl");
        using System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.OpenRead(
            Path.Combine(ConsumerProject.Metadata("LocalFeed"), $"BoundaryAnalyzers.{version}.nupkg"));
        string Text(string entry) => new StreamReader(zip.GetEntry(entry)!.Open()).ReadToEnd();

        var nuspec = System.Xml.Linq.XDocument.Parse(Text("BoundaryAnalyzers.nuspec")).Root!;
        System.Xml.Linq.XNamespace ns = nuspec.Name.Namespace;
        System.Xml.Linq.XElement metadata = nuspec.Element(ns + "metadata")!;
        string Field(string name) => metadata.Element(ns + name)?.Value ?? "";
        Field("version").Should().Be(version);
        Field("title").Should().NotBeNullOrWhiteSpace();
        Field("projectUrl").Should().Be(repository);
        Field("icon").Should().Be("icon.png");
        Field("readme").Should().Be("README.md");
        Field("releaseNotes").Should().Contain($"{repository}/blob/main/CHANGELOG.md", "the release notes are the version's CHANGELOG.md section");
        Field("releaseNotes").Split('\n').Length.Should().BeGreaterThan(2, "the notes say what the version changes, not only where the changelog is");
        System.Xml.Linq.XElement repositoryElement = metadata.Element(ns + "repository")!;
        repositoryElement.Attribute("type")!.Value.Should().Be("git");
        repositoryElement.Attribute("url")!.Value.Should().Be(repository);
        repositoryElement.Attribute("commit")?.Value.Should().MatchRegex("^[0-9a-f]{40}$", "packed from a git checkout, the commit is recorded");

        using (var icon = new BinaryReader(zip.GetEntry("icon.png")!.Open()))
        {
            byte[] header = icon.ReadBytes(24);
            header[..8].Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)).Should().Be(128, "a 128x128 icon");
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)).Should().Be(128);
        }

        // The README on the package gallery: every link absolute, nothing else changed.
        string packed = Text("README.md");
        RelativeLinks(packed).Should().BeEmpty("the package gallery resolves no relative link");
        packed.Should().Contain($"]({rules}BND1001.md)", "rule links in the README and the analyzers' help links share one URL");
        string original = File.ReadAllText(Path.Combine(RepoRoot, "README.md")).ReplaceLineEndings("\n");
        packed.Replace($"]({repository}/blob/main/README.md#", "](#").Replace($"]({repository}/blob/main/", "](").Replace($"]({repository}/raw/main/", "](")
            .Should().Be(original, "only link targets change in the packed copy");
        RelativeLinks(original).Should().NotBeEmpty("the repository README keeps relative links, for GitHub and forks");

        // The build errors' help links (BND6xxx) come from the same URL, written into the package at pack time.
        Text("build/BoundaryAnalyzers.Package.props").Should().Contain($"<_BoundaryRulesUrl>{rules}</_BoundaryRulesUrl>");

        // Assembly versions follow the package version (policy: eng/Version.props).
        string numeric = System.Text.RegularExpressions.Regex.Match(version, @"^\d+\.\d+\.\d+").Value;
        var full = Version.Parse(numeric + ".0");
        string extracted = System.IO.Directory.CreateTempSubdirectory("boundary-package-").FullName;
        try
        {
            foreach ((string entry, Version assemblyVersion) in new[]
            {
                ("lib/net8.0/Boundary.Runtime.dll", new Version(full.Major, full.Minor, 0, 0)),
                ("analyzers/dotnet/roslyn4.8/cs/Boundary.Analyzers.dll", full),
                ("analyzers/dotnet/roslyn4.8/cs/Boundary.CodeFixes.dll", full),
            })
            {
                string path = Path.Combine(extracted, Path.GetFileName(entry));
                zip.GetEntry(entry)!.ExtractToFile(path);
                System.Reflection.AssemblyName.GetAssemblyName(path).Version.Should().Be(assemblyVersion, entry);
                var file = System.Diagnostics.FileVersionInfo.GetVersionInfo(path);
                file.FileVersion.Should().Be(full.ToString(), entry);
                file.ProductVersion.Should().StartWith(version, entry);
            }
        }
        finally
        {
            System.IO.Directory.Delete(extracted, recursive: true);
        }
    }

    /// <summary>Link targets of a Markdown text that are not absolute URLs, outside code blocks and code spans.</summary>
    private static string[] RelativeLinks(string markdown)
    {
        string text = System.Text.RegularExpressions.Regex.Replace(markdown, @"(?ms)^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[^\n]*$", "");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"``[^`]*``|`[^`\n]*`", "");
        return System.Text.RegularExpressions.Regex.Matches(text, @"\]\((?<t>[^)\s]+)|(?:href|src)\s*=\s*""(?<t>[^""]*)""|^\s{0,3}\[[^\]]+\]:\s*(?<t>\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups["t"].Value)
            .Where(t => !t.StartsWith("https://", StringComparison.Ordinal) && !t.StartsWith("http://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .ToArray();
    }

    private static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "BoundaryAnalyzers.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
