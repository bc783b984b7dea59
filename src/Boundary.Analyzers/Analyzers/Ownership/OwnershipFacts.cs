using System.Collections.Concurrent;
using System.Collections.Immutable;
using Boundary.Analyzers.Analyzers.Ownership.Holders;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// What a call site needs to know about a boundary function, read from its symbol (source or metadata, so the rules
/// work in every assembly that calls a boundary): whether it hands the caller an owned value (its result, or through an
/// out parameter), and which parameters consume their argument. Cached per method; one instance per compilation, which
/// also keeps the (lazy, per type) answers to "does the type holding a field dispose it?".
/// </summary>
internal sealed class OwnershipFacts
{
    private readonly ConcurrentDictionary<IMethodSymbol, CallFacts> cache = new(SymbolEqualityComparer.Default);

    public OwnershipFacts(Compilation compilation) => Owners = new OwnerDisposal(compilation, this);

    /// <summary>Whether types declared in this compilation dispose what is stored in their fields.</summary>
    public OwnerDisposal Owners { get; }

    public CallFacts For(IMethodSymbol method)
        => method.IsStatic // a boundary function always is; most calls are not, and need no lookup
            ? cache.GetOrAdd(method.OriginalDefinition, static m => Read(m))
            : CallFacts.None;

    private static CallFacts Read(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type || !type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
        {
            return CallFacts.None;
        }

        // [Borrowed] only takes ownership away, and only matters on a handle or buffer: the attributes of a result that
        // is neither are not read (reading binds them, for each of a boundary's functions).
        bool ownedUnlessBorrowed = CrossingFamilies.CallerOwns(method.ReturnType, borrowed: false);
        bool handle = TypeMapping.IsForeignHandle(method.ReturnType);
        bool borrowedReturn = (ownedUnlessBorrowed || handle) && method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed);
        return new CallFacts(
            IsBoundary: true,
            ReturnsOwned: ownedUnlessBorrowed && (!borrowedReturn || CrossingFamilies.CallerOwns(method.ReturnType, borrowed: true)),
            ReturnsBorrowedHandle: borrowedReturn && handle,
            ConsumedParameters: Ordinals(method.Parameters, static p => p.GetAttributes().Has(KnownNames.Attribute.Consumed)),
            OwnedOutParameters: Ordinals(method.Parameters, static p => p.RefKind == Microsoft.CodeAnalysis.RefKind.Out
                && CrossingFamilies.CallerOwns(p.Type, borrowed: false)
                && CrossingFamilies.CallerOwns(p.Type, p.GetAttributes().Has(KnownNames.Attribute.Borrowed))));
    }

    /// <summary>The ordinals of the parameters that match; the shared empty array when none does (most functions).</summary>
    private static int[] Ordinals(ImmutableArray<IParameterSymbol> parameters, System.Func<IParameterSymbol, bool> match)
    {
        int[]? ordinals = null;
        int count = 0;
        foreach (IParameterSymbol parameter in parameters)
        {
            if (match(parameter))
            {
                ordinals ??= new int[parameters.Length];
                ordinals[count++] = parameter.Ordinal;
            }
        }

        if (ordinals is null)
        {
            return System.Array.Empty<int>();
        }

        System.Array.Resize(ref ordinals, count);
        return ordinals;
    }
}

/// <summary>Ownership facts of one boundary function.</summary>
/// <param name="IsBoundary">A function of a [ForeignBoundary] class.</param>
/// <param name="ReturnsOwned">Its result is a handle or buffer the caller owns.</param>
/// <param name="ReturnsBorrowedHandle">Its result is a handle borrowed from an argument (<c>[return: Borrowed]</c>).</param>
/// <param name="ConsumedParameters">The ordinals of its <c>[Consumed]</c> parameters.</param>
/// <param name="OwnedOutParameters">The ordinals of its out parameters that hand the caller an owned handle or buffer (not <c>[Borrowed]</c>).</param>
internal sealed record CallFacts(bool IsBoundary, bool ReturnsOwned, bool ReturnsBorrowedHandle, int[] ConsumedParameters, int[] OwnedOutParameters)
{
    public static readonly CallFacts None = new(false, false, false, System.Array.Empty<int>(), System.Array.Empty<int>());

    /// <summary>Whether a call hands the caller anything owned, or takes ownership of an argument: only then is a body worth a flow graph.</summary>
    public bool Matters => ReturnsOwned || ConsumedParameters.Length > 0 || OwnedOutParameters.Length > 0;

    public bool Consumes(IParameterSymbol parameter) => System.Array.IndexOf(ConsumedParameters, parameter.Ordinal) >= 0;

    public bool OwnsOut(IParameterSymbol parameter) => System.Array.IndexOf(OwnedOutParameters, parameter.Ordinal) >= 0;
}
