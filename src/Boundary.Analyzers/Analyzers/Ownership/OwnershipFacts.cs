using System.Collections.Concurrent;
using System.Linq;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// What a call site needs to know about a boundary function, read from its symbol (source or metadata, so the rules
/// work in every assembly that calls a boundary): whether it returns something the caller owns, and which parameters
/// consume their argument. Cached per method; one instance per compilation, which also keeps the (lazy, per type)
/// answers to "does the type holding a field dispose it?".
/// </summary>
internal sealed class OwnershipFacts
{
    private readonly ConcurrentDictionary<IMethodSymbol, CallFacts> cache = new(SymbolEqualityComparer.Default);

    public OwnershipFacts(Compilation compilation) => Owners = new OwnerDisposal(compilation, this);

    /// <summary>Whether types declared in this compilation dispose what is stored in their fields.</summary>
    public OwnerDisposal Owners { get; }

    public CallFacts For(IMethodSymbol method)
        => cache.GetOrAdd(method.OriginalDefinition, static m => Read(m));

    /// <summary>The owned type a boundary function returns (a [ForeignHandle] class or NativeBuffer&lt;T&gt;), or null.</summary>
    private static CallFacts Read(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type || !type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
        {
            return CallFacts.None;
        }

        bool borrowedReturn = method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed);
        bool ownedReturn = !borrowedReturn
            && (TypeMapping.IsForeignHandle(method.ReturnType) || TypeMapping.IsNativeBuffer(method.ReturnType) is not null);
        return new CallFacts(
            IsBoundary: true,
            ReturnsOwned: ownedReturn,
            ReturnsBorrowedHandle: borrowedReturn && TypeMapping.IsForeignHandle(method.ReturnType),
            ConsumedParameters: method.Parameters.Where(p => p.GetAttributes().Has(KnownNames.Attribute.Consumed)).Select(p => p.Ordinal).ToArray());
    }
}

/// <summary>Ownership facts of one boundary function.</summary>
internal sealed record CallFacts(bool IsBoundary, bool ReturnsOwned, bool ReturnsBorrowedHandle, int[] ConsumedParameters)
{
    public static readonly CallFacts None = new(false, false, false, System.Array.Empty<int>());

    public bool Consumes(IParameterSymbol parameter) => System.Array.IndexOf(ConsumedParameters, parameter.Ordinal) >= 0;
}
