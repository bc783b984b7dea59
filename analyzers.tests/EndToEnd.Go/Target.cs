using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// What makes this project the Go one: every shared declaration (../EndToEnd.Shared) binds to the library named here,
/// built from analyzers.tests/native/gotest. The Rust project has the same class with Rust's values.
/// </summary>
internal static class Target
{
    public const string Library = "gotest";

    public const ForeignLanguage Language = ForeignLanguage.Go;

    /// <summary>The prefix of every export (<c>P_</c> in docs/design/native-test-abi.md).</summary>
    public const string Prefix = Library + "_";

    /// <summary>Called first on every thread a test starts (see README, "Go in a .NET process").</summary>
    public static void PrepareThread() => GoThread.EnsurePrepared();
}
