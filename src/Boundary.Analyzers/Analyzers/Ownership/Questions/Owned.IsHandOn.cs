using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a hand-on: may another owner have the value now, so this code no longer has to release it?</summary>
internal static partial class Owned
{
    /// <summary>
    /// Anything that is not a write, a release, a move or a use: the value is returned, stored, captured, converted,
    /// passed to code the analysis cannot see (which may keep it), or bound to a pattern's variable (<c>h is { } other</c>:
    /// <c>other</c> may own it now). Unclear cases count as handed on, because the rules prefer silence to a false positive.
    /// </summary>
    public static bool IsHandOn(IOperation? context, IOperation child, OwnershipFacts facts)
        => !IsWrite(context, child, facts) && !IsRelease(context, child) && !IsMove(context, facts) && !IsUse(context, child, facts);
}
