using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a move: does ownership go to native code, leaving the handle invalid?</summary>
internal static partial class Owned
{
    /// <summary>An argument to a <c>[Consumed]</c> parameter of a boundary function.</summary>
    public static bool IsMove(IOperation? context, OwnershipFacts facts)
        => context is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation call } && facts.For(call.TargetMethod).Consumes(parameter);
}
