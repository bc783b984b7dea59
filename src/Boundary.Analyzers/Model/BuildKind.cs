using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Model;

/// <summary>
/// What runs the generator and analyzers, from the project's <c>DesignTimeBuild</c> property (the package makes it
/// visible to them: <c>build_property.DesignTimeBuild</c>): a design-time build (the IDE, dotnet format: <c>true</c>),
/// a command-line build (present, not <c>true</c>), or a host that passes no such option (tests, other tools). One
/// reading for the generator (which leaves declaration problems to the analyzers at design time) and the analyzers
/// (which read a boundary at its symbol end only in a command-line build). A class: it is a generator pipeline value.
/// </summary>
internal sealed class BuildKind
{
    public static readonly BuildKind DesignTime = new(isDesignTime: true, isCommandLine: false);

    public static readonly BuildKind CommandLine = new(isDesignTime: false, isCommandLine: true);

    public static readonly BuildKind Unknown = new(isDesignTime: false, isCommandLine: false);

    private BuildKind(bool isDesignTime, bool isCommandLine)
    {
        IsDesignTime = isDesignTime;
        IsCommandLine = isCommandLine;
    }

    public bool IsDesignTime { get; }

    public bool IsCommandLine { get; }

    public static BuildKind Of(AnalyzerConfigOptions globalOptions)
        => !globalOptions.TryGetValue(Generation.BoundaryGenerator.DesignTimeBuildOption, out string? value) ? Unknown
            : string.Equals(value.Trim(), "true", System.StringComparison.OrdinalIgnoreCase) ? DesignTime
            : CommandLine;
}
