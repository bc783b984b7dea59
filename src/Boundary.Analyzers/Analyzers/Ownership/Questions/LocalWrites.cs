using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>
/// How a reference to a local or parameter may change it, on a flow graph: read, written by a plain assignment whose
/// value the flow sees, or changed some other way (compound assignment, increment, ref or out argument, <c>ref</c>
/// alias, address taken, deconstruction) that the flow does not follow.
/// </summary>
internal static class LocalWrites
{
    /// <summary>A read of the value: not written, aliased by <c>ref</c>, or handed out by reference.</summary>
    public static bool IsPlainRead(IOperation reference)
    {
        if (reference.Syntax.Parent is RefExpressionSyntax)
        {
            return false; // 'ref b': an alias that may be written through
        }

        IOperation child = reference;
        IOperation? parent = reference.Parent;
        while (parent is IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            IAssignmentOperation assignment => assignment.Target != child,
            IArgumentOperation { Parameter: null } => false,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => false,
            IIncrementOrDecrementOperation or IAddressOfOperation or ITupleOperation or IDeclarationExpressionOperation => false,
            _ => true,
        };
    }

    /// <summary>The target of a plain (not ref) assignment, whose value the flow sees.</summary>
    public static bool IsPlainAssignmentTarget(IOperation reference)
        => reference.Parent is ISimpleAssignmentOperation { IsRef: false } assignment && assignment.Target == reference;
}
