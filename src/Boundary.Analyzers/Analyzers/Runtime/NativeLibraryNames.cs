using System;
using System.Collections.Generic;
using System.Linq;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// Whether two library names as written in code (a <c>[ForeignBoundary]</c> library, a <c>NativeLibrary.Load</c>
/// argument) can load the same file. A name designates the files the loaders probe for it: a bare name <c>stats</c>
/// designates <c>stats</c>, <c>stats.so</c>, <c>stats.dylib</c> and <c>stats.dll</c>; a name with a library suffix
/// (<c>libstats.so</c>, <c>stats.dll</c>, <c>libstats.dylib</c>) designates that file; without a directory, each
/// suffixed file also with a <c>lib</c> prefix (<c>libstats.so</c>). A path (<c>/opt/app/libstats.so</c>) designates its file name. Two names are
/// the same library when they designate a common file. Case is ignored: the Windows and macOS file systems ignore it,
/// and two different libraries whose names differ only in case do not occur in practice. A versioned name
/// (<c>libstats.so.1</c>) designates only itself.
/// </summary>
internal static class NativeLibraryNames
{
    private static readonly string[] Suffixes = { ".so", ".dylib", ".dll" };

    private static readonly char[] DirectorySeparators = { '/', '\\' };

    public static bool SameLibrary(string a, string b)
    {
        List<string> filesOfB = Files(b);
        return Files(a).Any(file => filesOfB.Contains(file, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The file names the loader may open for <paramref name="name"/>.</summary>
    private static List<string> Files(string name)
    {
        int separator = name.LastIndexOfAny(DirectorySeparators);
        string file = name.Substring(separator + 1);
        if (file.Length == 0)
        {
            return new List<string>();
        }

        bool hasSuffix = Suffixes.Any(suffix => file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
        var files = new List<string> { file };
        if (!hasSuffix)
        {
            files.AddRange(Suffixes.Select(suffix => file + suffix));
        }

        if (separator < 0)
        {
            files.AddRange(files.Skip(hasSuffix ? 0 : 1).Select(f => "lib" + f).ToList());
        }

        return files;
    }
}
