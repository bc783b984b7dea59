using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation;

/// <summary>A handle with the library its release function lives in, or the reason none could be chosen.</summary>
internal sealed record ResolvedHandle(HandleModel Handle, string? Library, ForeignLanguageKind Language, string? Problem);

/// <summary>
/// Decides which library releases a handle: the one its attribute names, else the one library whose boundaries use
/// it. Shared by the generator (to write ReleaseHandle) and the analyzer (BND1007), so they agree.
/// </summary>
internal static class HandleLibraryResolution
{
    public static ResolvedHandle Resolve(HandleModel handle, IEnumerable<HandleUsage> usages)
    {
        if (handle.Library is not null)
        {
            return new ResolvedHandle(handle, handle.Library, handle.Language, null);
        }

        var libraries = usages
            .Where(u => u.HandleTypes.Contains(handle.FullyQualifiedName))
            .Select(u => (u.Library, u.Language))
            .Distinct()
            .OrderBy(u => u.Library, System.StringComparer.Ordinal)
            .ToList();

        return libraries.Count switch
        {
            1 => new ResolvedHandle(handle, libraries[0].Library, libraries[0].Language, null),
            0 => new ResolvedHandle(handle, null, ForeignLanguageKind.Rust, "is not used by any boundary in this assembly"),
            _ => new ResolvedHandle(handle, null, ForeignLanguageKind.Rust,
                $"is used by boundaries of several libraries ({string.Join(", ", libraries.Select(l => "'" + l.Library + "'"))})"),
        };
    }
}
