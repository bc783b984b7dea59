using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this reference a write: does the local get a new value here, whatever it held before?</summary>
internal static partial class Owned
{
    /// <summary>
    /// The target of an assignment, or an out argument of a boundary function (which always writes it). An out
    /// argument of other code is a hand-on instead: that code may keep the old value, or write one nobody can see.
    /// </summary>
    public static bool IsWrite(IOperation? context, IOperation child, OwnershipFacts facts) => context switch
    {
        ISimpleAssignmentOperation assignment => assignment.Target == child,
        IArgumentOperation { Parameter.RefKind: RefKind.Out, Parent: IInvocationOperation call } => facts.For(call.TargetMethod).IsBoundary,
        _ => false,
    };
}
