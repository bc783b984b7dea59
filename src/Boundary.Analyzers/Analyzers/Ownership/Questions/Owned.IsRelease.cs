using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a release: does it dispose the value?</summary>
internal static partial class Owned
{
    /// <summary><c>Dispose()</c>, or <c>Close()</c> (a SafeHandle's other name for it).</summary>
    public static bool IsRelease(IMethodSymbol method) => method.Name is "Dispose" or "Close" && method.Parameters.Length == 0;

    /// <summary>Whether <paramref name="context"/> releases its operand <paramref name="child"/>: <c>h.Dispose()</c>, <c>h.Close()</c>.</summary>
    public static bool IsRelease(IOperation? context, IOperation child)
        => context is IInvocationOperation call && call.Instance == child && IsRelease(call.TargetMethod);

    /// <summary>
    /// The local an expression statement releases, as written (the operation tree a code fix sees, not the flow
    /// graph): <c>h.Dispose()</c>, <c>h.Close()</c> or <c>h?.Dispose()</c>.
    /// </summary>
    public static ILocalReferenceOperation? ReleasedLocal(IOperation? expression) => expression switch
    {
        IInvocationOperation { Instance: { } instance } call when IsRelease(call.TargetMethod) => ValueOrigin.Unwrap(instance) as ILocalReferenceOperation,
        IConditionalAccessOperation { WhenNotNull: IInvocationOperation { Instance: IConditionalAccessInstanceOperation } call } access when IsRelease(call.TargetMethod)
            => ValueOrigin.Unwrap(access.Operation) as ILocalReferenceOperation,
        _ => null,
    };

    /// <summary>Where a release is reported: the whole <c>h?.Dispose()</c> rather than its <c>.Dispose()</c> part.</summary>
    public static SyntaxNode ReleaseSyntax(IInvocationOperation release)
        => release.Syntax.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == release.Syntax ? access : release.Syntax;
}
