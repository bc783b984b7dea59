using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a use that keeps ownership where it is?</summary>
internal static partial class Owned
{
    /// <summary>
    /// A borrowed argument of a boundary function (lent for the call), a member access (a method call other than a
    /// release, a property or field read), a comparison, a null or type test, a pattern that binds no variable.
    /// </summary>
    public static bool IsUse(IOperation? context, IOperation child, OwnershipFacts facts) => context switch
    {
        IArgumentOperation argument => IsLentToBoundary(argument, facts),
        IInvocationOperation call => !IsRelease(context, child),
        IPropertyReferenceOperation or IFieldReferenceOperation => true,
        IBinaryOperation or IIsNullOperation or IIsTypeOperation => true,
        IIsPatternOperation test => !DeclaresVariable(test.Pattern),
        _ => false,
    };

    /// <summary>An argument a boundary function only borrows for the call: neither <c>[Consumed]</c> nor written through <c>out</c>.</summary>
    public static bool IsLentToBoundary(IArgumentOperation argument, OwnershipFacts facts)
        => argument is { Parent: IInvocationOperation call, Parameter: { } parameter }
            && facts.For(call.TargetMethod) is { IsBoundary: true } callee
            && !callee.Consumes(parameter)
            && parameter.RefKind != RefKind.Out;

    /// <summary>Whether a pattern declares a variable anywhere in it (<c>is { } other</c>, <c>is H h</c>, <c>is [var first, ..]</c>).</summary>
    public static bool DeclaresVariable(IPatternOperation pattern)
        => pattern.DescendantsAndSelf().Any(p => p is IDeclarationPatternOperation { DeclaredSymbol: not null }
            or IRecursivePatternOperation { DeclaredSymbol: not null }
            or IListPatternOperation { DeclaredSymbol: not null });
}
