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
    /// Runs <paramref name="action"/> for a [ForeignBoundary] class once every member of it has been declared to the
    /// analyzers (a symbol-end action), i.e. after the compiler itself has bound their signatures and attributes. Read
    /// earlier, on the analyzer's own thread, a boundary of 2,000 functions would bind them first (or a second time, in a
    /// race with the compiler's own binding of the same declarations), and the build would count that binding as the
    /// analyzer's cost.
    /// </summary>
    public static void WhenComplete(SymbolStartAnalysisContext context, System.Action<SymbolAnalysisContext, INamedTypeSymbol> action)
    {
        if (context.Symbol is INamedTypeSymbol type && type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
        {
            context.RegisterSymbolEndAction(end => action(end, type));
        }
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
                BoundaryModel? model = BoundaryReader.Read(type, allowUnsafe, new ProblemSink(problems.Add), cancellationToken);
                read = new BoundaryRead(model, problems.ToImmutableArray());
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
    public BoundaryRead(BoundaryModel? model, ImmutableArray<Diagnostic> problems)
    {
        Model = model;
        Problems = problems;
    }

    public BoundaryModel? Model { get; }

    /// <summary>The declaration diagnostics the reader found (BoundaryDeclarationAnalyzer reports them), in the order it found them.</summary>
    public ImmutableArray<Diagnostic> Problems { get; }
}
