using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.Analyzers.Contracts;

/// <summary>
/// The native descriptions a compilation is given: <c>AdditionalFiles</c> with the metadata <c>BoundaryContract</c>
/// (<c>c-header</c> or <c>rust-source</c>) and <c>BoundaryLibrary</c> (the library name as <c>[ForeignBoundary]</c> says
/// it). Read once per distinct content: a build and every keystroke in the IDE reuse the parsed contract.
/// </summary>
internal static class ContractFiles
{
    public const string KindKey = "build_metadata.AdditionalFiles.BoundaryContract";
    public const string LibraryKey = "build_metadata.AdditionalFiles.BoundaryLibrary";
    public const string CHeader = "c-header";
    public const string RustSource = "rust-source";

    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, NativeContract> Cache = new(StringComparer.Ordinal);

    /// <summary>Library name → its contract; empty when no file is given (the check then does nothing).</summary>
    public static Dictionary<string, NativeContract> Read(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var byLibrary = new Dictionary<string, List<(string Kind, SourceText Text)>>(StringComparer.Ordinal);
        foreach (AdditionalText file in options.AdditionalFiles)
        {
            AnalyzerConfigOptions fileOptions = options.AnalyzerConfigOptionsProvider.GetOptions(file);
            if (!fileOptions.TryGetValue(KindKey, out string? kind) || !fileOptions.TryGetValue(LibraryKey, out string? library)
                || string.IsNullOrWhiteSpace(library))
            {
                continue;
            }

            kind = kind.Trim().ToLowerInvariant();
            if (kind is not (CHeader or RustSource) || file.GetText(cancellationToken) is not { } text)
            {
                continue;
            }

            if (!byLibrary.TryGetValue(library.Trim(), out var files))
            {
                byLibrary[library.Trim()] = files = new List<(string, SourceText)>();
            }

            files.Add((kind, text));
        }

        var contracts = new Dictionary<string, NativeContract>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, List<(string Kind, SourceText Text)>> library in byLibrary)
        {
            // A library is described in one language; if both are given, the header (what C callers see) wins.
            string kind = library.Value.Any(f => f.Kind == CHeader) ? CHeader : RustSource;
            var texts = library.Value.Where(f => f.Kind == kind).Select(f => f.Text).ToList();
            string key = kind + "|" + string.Join("|", texts.Select(Checksum));
            if (!Cache.TryGetValue(key, out NativeContract? contract))
            {
                var strings = texts.Select(t => t.ToString());
                contract = kind == CHeader ? CHeaderReader.Read(strings) : RustSourceReader.Read(strings);
                if (Cache.Count >= CacheLimit)
                {
                    Cache.Clear();
                }

                Cache[key] = contract;
            }

            contracts[library.Key] = contract;
        }

        return contracts;
    }

    private static string Checksum(SourceText text)
    {
        var builder = new StringBuilder();
        foreach (byte b in text.GetChecksum())
        {
            builder.Append(b.ToString("x2"));
        }

        return builder.Append(':').Append(text.Length).ToString();
    }
}
