using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// BND5001: a process can host only one Go runtime, so the boundaries and handles one program loads may use only one
/// Go library. Once the compilation is seen, the Go libraries of its declarations and of the referenced assemblies
/// that use the Boundary runtime are grouped (names that load the same file, such as <c>stats</c> and
/// <c>libstats.so</c>, are one library); with more than one group, every Go declaration in source is reported, naming
/// the other libraries. All of them, not all but the "first": the rule cannot know which library the program means to
/// keep, every one of them is a place the fix (merging the libraries, or moving one to another process) touches, and
/// the report depends on no order of files or declarations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SingleGoRuntimeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.SecondGoRuntime);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is not { } boundaryAttribute)
            {
                return; // no boundary can be declared here
            }

            var declared = new ConcurrentBag<GoLibraryUse>();
            start.RegisterSymbolAction(
                symbol =>
                {
                    foreach (GoLibraryUse use in GoLibraries.DeclaredBy((INamedTypeSymbol)symbol.Symbol))
                    {
                        declared.Add(use);
                    }
                },
                SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                if (declared.IsEmpty)
                {
                    return; // nothing here to report on: a conflict among references alone is theirs
                }

                List<GoLibraryUse> all = declared
                    .Concat(GoLibraries.InReferences(end.Compilation, boundaryAttribute.ContainingAssembly, end.CancellationToken))
                    .ToList();
                Report(all, end.ReportDiagnostic);
            });
        });
    }

    private static void Report(List<GoLibraryUse> uses, Action<Diagnostic> report)
    {
        List<List<GoLibraryUse>> libraries = Group(uses);
        if (libraries.Count < 2)
        {
            return;
        }

        foreach (List<GoLibraryUse> library in libraries)
        {
            string others = string.Join(", and ", libraries.Where(l => l != library).Select(l => $"{l[0].Describe()} uses Go library '{l[0].Library}'"));
            foreach (GoLibraryUse use in library.Where(u => u.Location is not null))
            {
                string declaration = use.Describe();
                report(Diagnostic.Create(
                    Rules.SecondGoRuntime,
                    use.Location,
                    char.ToUpperInvariant(declaration[0]) + declaration.Substring(1),
                    use.Library,
                    others));
            }
        }
    }

    /// <summary>
    /// The uses grouped by the library file they load, each group and the groups in a stable order (library name,
    /// then declaration name), so a group's first use is the same whatever order the declarations were seen in.
    /// </summary>
    private static List<List<GoLibraryUse>> Group(List<GoLibraryUse> uses)
    {
        var groups = new List<List<GoLibraryUse>>();
        foreach (GoLibraryUse use in Ordered(uses))
        {
            // A name can join groups that did not match each other: /opt/libstats.so and Stats.dll do not, libstats matches both.
            var group = new List<GoLibraryUse>();
            foreach (List<GoLibraryUse> matching in groups.Where(g => g.Any(other => NativeLibraryNames.SameLibrary(other.Library, use.Library))).ToList())
            {
                group.AddRange(matching);
                groups.Remove(matching);
            }

            group.Add(use);
            groups.Add(group);
        }

        return groups.Select(Ordered).OrderBy(g => g[0].Library, StringComparer.Ordinal).ToList();
    }

    /// <summary>By library name, declarations in source first, then by declaration name.</summary>
    private static List<GoLibraryUse> Ordered(List<GoLibraryUse> uses)
        => uses.OrderBy(u => u.Library, StringComparer.Ordinal)
            .ThenBy(u => u.Location is null)
            .ThenBy(u => u.Describe(), StringComparer.Ordinal)
            .ToList();
}
