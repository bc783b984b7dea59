using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// What makes this project the Rust one: every shared declaration (../EndToEnd.Shared) binds to the library named here,
/// built from analyzers.tests/native/rtest. The Go project has the same class with Go's values.
/// </summary>
internal static class Target
{
    public const string Library = "rtest";

    public const ForeignLanguage Language = ForeignLanguage.Rust;

    /// <summary>The prefix of every export (<c>P_</c> in docs/design/native-test-abi.md).</summary>
    public const string Prefix = Library + "_";

    /// <summary>Called first on every thread a test starts; a Rust library needs nothing.</summary>
    public static void PrepareThread()
    {
    }
}
