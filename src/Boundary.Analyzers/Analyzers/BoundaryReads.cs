using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers;

/// <summary>
/// One <see cref="BoundaryReader.Read"/> of each [ForeignBoundary] class per compilation, shared by every analyzer that
/// needs it (declarations, handles, the contract and shipped-ABI checks). Reading binds every function's native
/// signature, which costs in proportion to the number of functions; four analyzers reading the same class each time
/// made that cost fourfold. The reads live as long as their compilation (a <see cref="ConditionalWeakTable{TKey,TValue}"/>
/// entry, collected with it) and hold nothing the compilation does not already hold.
/// </summary>
internal static class BoundaryReads
{
    private static readonly ConditionalWeakTable<Compilation, Reads> ByCompilation = new();

    /// <summary>
    /// Runs <paramref name="action"/> for each [ForeignBoundary] class. In a command-line build it runs at the class's
    /// symbol end, once every member has been declared to the analyzers, i.e. after the compiler itself has bound their
    /// signatures and attributes: read earlier, on an analyzer thread, a boundary of 2,000 functions would bind them
    /// first (or a second time, racing the compiler's own binding), and the build would count that as the analyzers'
    /// cost. An editor analyses the open document alone, where symbol-end actions do not run; so anywhere but a
    /// command-line build (a design-time build's options: the IDE, dotnet format; or no such option at all) it runs as
    /// soon as the class is declared. Either way it runs once per class and sees the same compilation.
    /// </summary>
    public static void OnBoundary(CompilationStartAnalysisContext context, System.Action<SymbolAnalysisContext, INamedTypeSymbol> action)
    {
        if (BuildKind.Of(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions).IsCommandLine)
        {
            context.RegisterSymbolStartAction(
                start =>
                {
                    if (start.Symbol is INamedTypeSymbol type && type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
                    {
                        start.RegisterSymbolEndAction(end => action(end, type));
                    }
                },
                SymbolKind.NamedType);
            return;
        }

        context.RegisterSymbolAction(
            symbol =>
            {
                if (symbol.Symbol is INamedTypeSymbol type && type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
                {
                    action(symbol, type);
                }
            },
            SymbolKind.NamedType);
    }

    /// <summary>
    /// The read of <paramref name="type"/> (which carries <c>[ForeignBoundary]</c>) in <paramref name="compilation"/>:
    /// read by the first analyzer that asks, waited for by any other that asks meanwhile.
    /// </summary>
    public static BoundaryRead Get(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        => ByCompilation.GetValue(compilation, static c => new Reads(c.AllowsUnsafe())).Get(type, cancellationToken);

    private sealed class Reads
    {
        private readonly bool allowUnsafe;
        private readonly ConcurrentDictionary<INamedTypeSymbol, Entry> entries = new(SymbolEqualityComparer.Default);

        public Reads(bool allowUnsafe) => this.allowUnsafe = allowUnsafe;

        public BoundaryRead Get(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            Entry entry = entries.GetOrAdd(type, static _ => new Entry());
            if (Volatile.Read(ref entry.Read) is { } done)
            {
                return done;
            }

            // One reader at a time per class: the others would only repeat its work. A read that is cancelled leaves
            // nothing behind, so the next analyzer to ask reads again under its own token.
            lock (entry)
            {
                if (entry.Read is { } read)
                {
                    return read;
                }

                var problems = new List<Diagnostic>();
                var methods = new List<IMethodSymbol>();
                BoundaryModel? model = BoundaryReader.Read(type, allowUnsafe, new ProblemSink(problems.Add), cancellationToken, methods);
                read = new BoundaryRead(model, problems.ToImmutableArray(), methods.ToImmutableArray());
                Volatile.Write(ref entry.Read, read);
                return read;
            }
        }
    }

    private sealed class Entry
    {
        public BoundaryRead? Read;
    }
}

/// <summary>A boundary class read once: its model (null when the class cannot be a boundary) and what is wrong with its declaration.</summary>
internal sealed class BoundaryRead
{
    public BoundaryRead(BoundaryModel? model, ImmutableArray<Diagnostic> problems, ImmutableArray<IMethodSymbol> methods)
    {
        Model = model;
        Problems = problems;
        Methods = methods;
    }

    public BoundaryModel? Model { get; }

    /// <summary>The method each of the model's functions was read from, in the model's order (empty without a model).</summary>
    public ImmutableArray<IMethodSymbol> Methods { get; }

    /// <summary>The declaration diagnostics the reader found (BoundaryDeclarationAnalyzer reports them), in the order it found them.</summary>
    public ImmutableArray<Diagnostic> Problems { get; }
}
