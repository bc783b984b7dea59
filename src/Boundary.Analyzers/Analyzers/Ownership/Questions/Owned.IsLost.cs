using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is a creation that no local receives lost: dropped, or only used once and then forgotten?</summary>
internal static partial class Owned
{
    /// <summary>
    /// Why an owned value that nothing keeps is lost, or null when it is not (it is released, moved, handed on, or
    /// is the value of a return or a condition): discarded (<c>Lib.Open();</c>, <c>_ = Lib.Open()</c>, <c>out _</c>), only
    /// lent to a boundary function, or only used for one member access.
    /// </summary>
    /// <param name="value">The creation: an invocation, or an out argument.</param>
    /// <param name="facts">The boundary functions' ownership facts.</param>
    /// <param name="branchValue">The branch value of the block being analyzed (a return's or a condition's value), if any.</param>
    public static string? IsLost(IOperation value, OwnershipFacts facts, IOperation? branchValue)
    {
        if (value is IArgumentOperation argument)
        {
            return WrittenBy(argument) is IDiscardOperation ? "is discarded" : null;
        }

        if (IsDiscarded(value, branchValue))
        {
            return "is discarded";
        }

        (IOperation? context, IOperation child) = Context(value);
        if (context is null || IsRelease(context, child) || !IsUse(context, child, facts))
        {
            return null;
        }

        return context switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } => $"is only lent to '{call.TargetMethod.Name}' (a borrowed parameter) and then lost",
            IInvocationOperation call => $"is only used to call '{call.TargetMethod.Name}' and then lost",
            IPropertyReferenceOperation property => $"is only used to read '{property.Property.Name}' and then lost",
            _ => null, // compared or tested, then dropped: left to other rules
        };
    }

    /// <summary>
    /// Whether nothing receives the value of <paramref name="value"/>, a call: an expression statement
    /// (<c>Lib.Open();</c>) or a discard (<c>_ = Lib.Open()</c>). It works on the operation tree and on a flow graph,
    /// where an expression statement is its bare expression (unless that is the block's branch value: returned or tested).
    /// </summary>
    public static bool IsDiscarded(IOperation value, IOperation? branchValue)
    {
        (IOperation? context, IOperation child) = Context(value);
        return context switch
        {
            null => child != branchValue,
            IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation } => true,
            _ => false,
        };
    }
}
