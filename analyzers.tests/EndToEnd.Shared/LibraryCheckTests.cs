using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A boundary's first call checks its library once — every export its stubs need, the release functions of its handles,
/// the ABI version — and refuses before any native function ran, so nothing is allocated whose free function is missing.
/// </summary>
public sealed class LibraryCheckTests : IDisposable
{
    private static readonly string Library = Target.Library;
    private readonly CounterLedger _counters = new(Lib.LiveCounters, Lib.BadReleases, Lib.BadUses);
    private readonly long _liveStrings = Memory.LiveStrings();

    public LibraryCheckTests() => Target.PrepareThread();

    public void Dispose()
    {
        _counters.Verify();
        Memory.LiveStrings().Should().Be(_liveStrings, "a refused boundary never called the function that would allocate");
    }

    [Fact]
    public void A_library_reporting_the_declared_version_is_used()
    {
        VersionFits.AddI32(2, 3).Should().Be(5);
        VersionFits.AddI32(4, 3).Should().Be(7);
    }

    [Fact]
    public void An_older_minor_version_is_refused_naming_both_versions_and_the_file()
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            ForeignVersionException refused = FluentActions.Invoking(() => VersionMinorTooOld.Greet("Ann")).Should().Throw<ForeignVersionException>().Which;
            refused.DeclaredVersion.Should().Be("1.1");
            refused.ReportedVersion.Should().Be($"{Library} 1.0");
            refused.LibraryPath.Should().EndWith($"lib{Library}.so");
            refused.Message.Should().Contain("1.1").And.Contain($"{Library} 1.0").And.Contain(refused.LibraryPath!);
        }
    }

    [Fact]
    public void Another_major_version_is_refused()
    {
        FluentActions.Invoking(() => VersionOtherMajor.AddI32(1, 1)).Should().Throw<ForeignVersionException>()
            .Which.DeclaredVersion.Should().Be("2.0");
    }

    [Fact]
    public void Every_missing_export_is_named_at_once_before_anything_is_called()
    {
        ForeignExportException missing = FluentActions.Invoking(() => MissingExports.Greet("Ann")).Should().Throw<ForeignExportException>().Which;
        missing.MissingExports.Should().BeEquivalentTo($"{Library}_no_such_function", $"{Library}_string_freee");
        missing.LibraryPath.Should().EndWith($"lib{Library}.so");
        missing.Message.Should().Contain($"{Library}_string_freee");
        FluentActions.Invoking(() => MissingExports.NoSuchFunction()).Should().Throw<ForeignExportException>();
    }

    [Fact]
    public void A_misspelled_release_function_refuses_the_boundary_before_a_handle_exists()
    {
        FluentActions.Invoking(() => MissingRelease.CounterNew(1)).Should().Throw<ForeignExportException>()
            .Which.MissingExports.Should().Equal($"{Library}_counter_fre");
        Lib.LiveCounters().Should().Be(0, "no Counter was created that could not be released");
    }
}
