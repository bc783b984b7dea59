namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The test library's Counter registry around one test: it must start with no live Counter and end with none, and the
/// test may not add a bad release (double or foreign free) or a bad use (a released handle reaching native code).
/// </summary>
public sealed class CounterLedger
{
    private readonly Func<long> _live;
    private readonly Func<long> _badReleases;
    private readonly Func<long> _badUses;
    private readonly long _badReleasesBefore;
    private readonly long _badUsesBefore;

    public CounterLedger(Func<long> live, Func<long> badReleases, Func<long> badUses)
    {
        (_live, _badReleases, _badUses) = (live, badReleases, badUses);
        ReleaseGarbage();
        _live().Should().Be(0, "no earlier test may leave a native object alive");
        _badReleasesBefore = badReleases();
        _badUsesBefore = badUses();
    }

    /// <summary>Called from the test class's Dispose.</summary>
    public void Verify()
    {
        ReleaseGarbage();
        _live().Should().Be(0, "every owned native object must be released");
        _badReleases().Should().Be(_badReleasesBefore, "nothing may be released twice or released when not owned");
        _badUses().Should().Be(_badUsesBefore, "no released or foreign handle may reach native code");
    }

    /// <summary>Runs the finalizers of every unreachable handle, so their releases are counted.</summary>
    public static void ReleaseGarbage()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
