using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

// The library check every boundary makes before its first native call (docs/design/native-test-abi.md: P_version
// reports "<library> 1.0"). Each boundary is checked once, so each case is its own class.

/// <summary>Declared for ABI 1.0, which the library reports.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, AbiVersion = "1.0", AbiVersionFunction = Target.Prefix + "version")]
internal static partial class VersionFits
{
    public static partial int AddI32(int a, int b);
}

/// <summary>Declared for ABI 1.1: the library's minor version is older.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, AbiVersion = "1.1", AbiVersionFunction = Target.Prefix + "version")]
internal static partial class VersionMinorTooOld
{
    public static partial string Greet(string name);
}

/// <summary>Declared for ABI 2.0: another major version.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, AbiVersion = "2.0", AbiVersionFunction = Target.Prefix + "version")]
internal static partial class VersionOtherMajor
{
    public static partial int AddI32(int a, int b);
}

/// <summary>A misspelled string free and a function the library does not have: nothing may be called.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language, StringFree = Target.Prefix + "string_freee")]
internal static partial class MissingExports
{
    public static partial string Greet(string name);

    public static partial long NoSuchFunction();
}

/// <summary>A handle whose release function is misspelled: the boundary that hands it out is refused.</summary>
[ForeignHandle(Release = Target.Prefix + "counter_fre")]
public sealed partial class MisspelledCounter;

[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static partial class MissingRelease
{
    [ForeignFunction(Target.Prefix + "counter_new")]
    public static partial MisspelledCounter CounterNew(long start);
}
