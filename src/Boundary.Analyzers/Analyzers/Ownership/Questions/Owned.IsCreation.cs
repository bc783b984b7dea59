using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a creation: does it hand the caller an owned value it must release?</summary>
internal static partial class Owned
{
    /// <summary>
    /// The owned value <paramref name="value"/> is: the result of a boundary function that returns one, or a flow
    /// capture only ever filled with such results (or null), as <c>?:</c>, <c>??</c> and <c>switch</c> expressions make.
    /// </summary>
    public static Creation? IsCreation(IOperation value, OwnershipFacts facts, FlowCaptures? captures)
        => ValueOrigin.Unwrap(value) switch
        {
            IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsOwned => new Creation(invocation.TargetMethod, null),
            IFlowCaptureReferenceOperation reference when captures?.OwnedSource(reference.Id) is { } source => source,
            _ => null,
        };

    /// <summary>The owned value a boundary function writes through this out argument, or null when it writes none.</summary>
    public static Creation? IsCreation(IArgumentOperation argument, OwnershipFacts facts)
        => argument is { Parameter: { RefKind: RefKind.Out } parameter, Parent: IInvocationOperation call }
            && facts.For(call.TargetMethod).OwnsOut(parameter)
                ? new Creation(call.TargetMethod, parameter)
                : null;

    /// <summary>What an out argument writes: the local, member, element or discard after <c>out</c> (<c>out var h</c> declares it).</summary>
    public static IOperation WrittenBy(IArgumentOperation argument)
        => ValueOrigin.Unwrap(argument.Value) is IDeclarationExpressionOperation declaration ? ValueOrigin.Unwrap(declaration.Expression) : ValueOrigin.Unwrap(argument.Value);
}
