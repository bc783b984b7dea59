using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding.Families.Async;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// Which boundary functions are the async version of a synchronous one (BND5003): <c>FooAsync</c> in the same
/// <c>[ForeignBoundary]</c> class, returning <c>Task</c>/<c>ValueTask</c> for a <c>void</c> <c>Foo</c> or
/// <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> for a <c>Foo</c> returning <c>T</c>, whose parameters are
/// <c>Foo</c>'s — same types, order, ref kinds and ownership attributes — optionally followed by one
/// <c>CancellationToken</c>. Ownership has to agree too (<c>[return: Borrowed]</c>, <c>[Consumed]</c>, <c>[Borrowed]</c>,
/// <c>[Retained]</c>): a version that owned its result where <c>Foo</c> borrows it is a different contract, and
/// awaiting it instead would leak or double-release. Read from symbols only, so a boundary in a referenced assembly
/// counts like one in source. The analyzer and the code fix ask the same question.
/// </summary>
internal static class AsyncVersions
{
    private static readonly string[] OwnershipAttributes =
    {
        KnownNames.Attribute.Consumed,
        KnownNames.Attribute.Borrowed,
        KnownNames.Attribute.Retained,
    };

    /// <summary>The async versions of <paramref name="method"/>, in declaration order; empty when it is not a synchronous boundary function or has none.</summary>
    public static ImmutableArray<IMethodSymbol> Of(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (method is not { IsStatic: true, IsGenericMethod: false, MethodKind: MethodKind.Ordinary, ReturnsByRef: false, ReturnsByRefReadonly: false, ContainingType: { } type }
            || AsyncFamily.IsTask(method.ReturnType)
            || !type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        ImmutableArray<ISymbol> candidates = type.GetMembers(method.Name + "Async");
        if (candidates.IsEmpty)
        {
            return ImmutableArray<IMethodSymbol>.Empty; // most functions: asked for each call site's function, so no LINQ for nothing
        }

        return Versions(method, candidates);
    }

    // Its own method: a lambda capturing 'method' in Of would allocate its closure on every call, also the early returns.
    private static ImmutableArray<IMethodSymbol> Versions(IMethodSymbol method, ImmutableArray<ISymbol> candidates)
        => candidates.OfType<IMethodSymbol>().Where(candidate => IsAsyncVersion(method, candidate)).ToImmutableArray();

    /// <summary>Whether <paramref name="version"/> ends with the <c>CancellationToken</c> its synchronous function does not take.</summary>
    public static bool TakesToken(IMethodSymbol version, IMethodSymbol synchronous)
        => version.Parameters.Length == synchronous.Parameters.Length + 1;

    private static bool IsAsyncVersion(IMethodSymbol synchronous, IMethodSymbol candidate)
    {
        if (candidate is not { IsStatic: true, IsGenericMethod: false, MethodKind: MethodKind.Ordinary, ReturnType: INamedTypeSymbol task }
            || !AsyncFamily.IsTask(task)
            || !ResultMatches(synchronous, task)
            || Borrowed(synchronous.GetReturnTypeAttributes()) != Borrowed(candidate.GetReturnTypeAttributes()))
        {
            return false;
        }

        int count = synchronous.Parameters.Length;
        if (candidate.Parameters.Length == count + 1)
        {
            IParameterSymbol token = candidate.Parameters[count];
            if (token.RefKind != Microsoft.CodeAnalysis.RefKind.None || !CancellationFamily.IsToken(token.Type))
            {
                return false;
            }
        }
        else if (candidate.Parameters.Length != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            IParameterSymbol mine = synchronous.Parameters[i], theirs = candidate.Parameters[i];
            if (mine.RefKind != theirs.RefKind
                || !SymbolEqualityComparer.Default.Equals(mine.Type, theirs.Type)
                || OwnershipAttributes.Any(name => mine.GetAttributes().Has(name) != theirs.GetAttributes().Has(name)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Task</c>/<c>ValueTask</c> for <c>void</c>, <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> for <c>T</c>.</summary>
    private static bool ResultMatches(IMethodSymbol synchronous, INamedTypeSymbol task)
        => task.TypeArguments.Length == 0
            ? synchronous.ReturnsVoid
            : !synchronous.ReturnsVoid && SymbolEqualityComparer.Default.Equals(task.TypeArguments[0], synchronous.ReturnType);

    private static bool Borrowed(ImmutableArray<AttributeData> attributes) => attributes.Has(KnownNames.Attribute.Borrowed);
}
