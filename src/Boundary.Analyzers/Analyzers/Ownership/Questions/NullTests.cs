using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a null test? What a pattern says about null: the tests that clear a local's "null" path, and the patterns that bind an owned result.</summary>
internal static class NullTests
{
    /// <summary>Whether a pattern matches exactly null (true), exactly every non-null value (false), or neither (null).</summary>
    public static bool? NullWhenMatched(IPatternOperation pattern, ITypeSymbol? input) => pattern switch
    {
        IConstantPatternOperation constant when IsNull(constant.Value) => true,
        INegatedPatternOperation negated => !NullWhenMatched(negated.Pattern, input),
        IRecursivePatternOperation { PropertySubpatterns.IsEmpty: true, DeconstructionSubpatterns.IsEmpty: true } recursive when SameType(recursive.MatchedType, input) => false,
        IDeclarationPatternOperation { MatchesNull: false } declaration when SameType(declaration.MatchedType, input) => false,
        ITypePatternOperation type when SameType(type.MatchedType, input) => false,
        _ => null,
    };

    /// <summary>The local a pattern declares when it matches every non-null value (<c>is { } h</c>, <c>is H h</c>, <c>is not { } h</c>), and whether it is bound when the test is true.</summary>
    public static (ILocalSymbol Local, bool MatchedWhenTrue)? DeclaredLocal(IIsPatternOperation test)
    {
        (IPatternOperation pattern, bool whenTrue) = test.Pattern is INegatedPatternOperation negated ? (negated.Pattern, false) : (test.Pattern, true);
        ISymbol? declared = pattern switch
        {
            IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
            IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
            _ => null,
        };
        return declared is ILocalSymbol local && NullWhenMatched(pattern, test.Value.Type) == false ? (local, whenTrue) : null;
    }

    /// <summary>The null literal or <c>default</c> of a reference type, through conversions.</summary>
    public static bool IsNull(IOperation value) => ValueOrigin.Unwrap(value).ConstantValue is { HasValue: true, Value: null };

    public static bool SameType(ITypeSymbol? a, ITypeSymbol? b) => a is not null && SymbolEqualityComparer.Default.Equals(a, b);
}
