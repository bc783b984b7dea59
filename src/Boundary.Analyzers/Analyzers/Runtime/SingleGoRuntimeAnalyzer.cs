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
/// that use the Boundary runtime are grouped by name, exactly as the runtime tells Go libraries apart (it throws
/// GoRuntimeConflictException on the first call into a second name). With more than one name, every Go declaration
/// in source is reported, naming the other libraries: all of them rather than all but a "first", because the rule
/// cannot know which library the program means to keep, each is a place the fix (merging the libraries, or moving one
/// to another process) touches, and the report then depends on no order of files or declarations. Two names for one
/// file (<c>stats</c>, <c>libstats.so</c>) are two libraries to the runtime too; their message says to use one name.
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
        // One group per library name, in name order; each group's first use (source first, then by declaration name)
        // is the one messages name, whatever order the declarations were seen in.
        List<List<GoLibraryUse>> libraries = uses
            .GroupBy(u => u.Library, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(u => u.Location is null).ThenBy(u => u.Describe(), StringComparer.Ordinal).ToList())
            .ToList();
        if (libraries.Count < 2)
        {
            return;
        }

        foreach (List<GoLibraryUse> library in libraries)
        {
            string name = library[0].Library;
            string others = string.Join(", and ", libraries.Where(l => l != library).Select(l => Describe(l[0], name)));
            foreach (GoLibraryUse use in library.Where(u => u.Location is not null))
            {
                string declaration = use.Describe();
                report(Diagnostic.Create(
                    Rules.SecondGoRuntime,
                    use.Location,
                    char.ToUpperInvariant(declaration[0]) + declaration.Substring(1),
                    name,
                    others));
            }
        }
    }

    /// <summary><c>boundary 'Kv' uses Go library 'kv'</c>, with a hint when the name only spells the same file differently.</summary>
    private static string Describe(GoLibraryUse other, string library)
        => $"{other.Describe()} uses Go library '{other.Library}'"
            + (NativeLibraryNames.SameLibrary(other.Library, library)
                ? " (another name for the same file, but the run-time check tells Go libraries apart by name: use one name everywhere)"
                : "");
}
