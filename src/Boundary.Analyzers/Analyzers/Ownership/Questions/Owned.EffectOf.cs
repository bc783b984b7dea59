using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>What does this reference to an owned local do with its value?</summary>
internal static partial class Owned
{
    /// <summary>
    /// The one answer for a reference (a local reference, or a flow capture standing for the local): the questions in
    /// a fixed order, so a reference is never both a use and a hand-on.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="index">The tracked local it refers to.</param>
    /// <param name="captures">The graph's flow captures: one that only ever holds the same local speaks for it.</param>
    /// <param name="facts">The boundary functions' ownership facts.</param>
    /// <param name="context">The operation that decides (see <see cref="Context"/>), or null at the top of a statement or a branch value.</param>
    /// <param name="child">The child of <paramref name="context"/> that holds the reference.</param>
    public static Effect EffectOf(IOperation reference, int index, FlowCaptures captures, OwnershipFacts facts, out IOperation? context, out IOperation child)
    {
        (context, child) = Context(reference);
        if (IsWrite(context, child, facts))
        {
            return Effect.Write;
        }

        if (context is IFlowCaptureOperation capture && captures.IsAlias(capture.Id, out int alias) && alias == index)
        {
            return Effect.Alias;
        }

        if (IsMove(context, facts))
        {
            return Effect.Move;
        }

        if (IsRelease(context, child))
        {
            return Effect.Release;
        }

        return IsHandOn(context, child, facts) ? Effect.HandOn : Effect.Use;
    }
}
