namespace BoundaryAnalyzers.Tests.Infrastructure;

/// <summary>The checked-out repository the tests run from (docs, targets and contracts are read from the source tree).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "BoundaryAnalyzers.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
