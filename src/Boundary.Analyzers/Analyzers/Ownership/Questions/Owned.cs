using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>
/// The questions the ownership rules and their code fixes ask about one operation, one question per file: is it a
/// creation (<c>Owned.IsCreation.cs</c>), a write of a local, a release, a move into native code, a use that keeps
/// ownership where it is, or a hand-on to another owner? <see cref="EffectOf"/> puts them together for a reference to
/// an owned local. The flow analysis asks them on its control flow graph; a code fix asks them on the same graph
/// through <see cref="OwnershipQuery"/>, so a fix never sees a local differently than the analyzer did.
/// </summary>
internal static partial class Owned
{
    /// <summary>
    /// The operation that decides what happens to <paramref name="operation"/>'s value, and the child of it that holds
    /// the value: conversions, parentheses and the declaration of an <c>out var</c> only pass it through.
    /// </summary>
    public static (IOperation? Context, IOperation Child) Context(IOperation operation)
    {
        IOperation child = operation;
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation or IDeclarationExpressionOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return (parent, child);
    }

    internal static string TypeName(ITypeSymbol type)
        => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}

/// <summary>What a reference to an owned local does with the value it holds.</summary>
internal enum Effect
{
    /// <summary>Writes the local (an assignment's target, or an out argument): the old value is gone.</summary>
    Write,

    /// <summary>Copies it into a flow capture that only ever holds this local: the capture's own uses decide.</summary>
    Alias,

    /// <summary>Uses it and keeps ownership where it is: a borrowed boundary argument, a member access, a comparison.</summary>
    Use,

    /// <summary>Releases it: <c>Dispose()</c> or <c>Close()</c>.</summary>
    Release,

    /// <summary>Moves it into native code: an argument to a <c>[Consumed]</c> parameter.</summary>
    Move,

    /// <summary>Hands it to another owner: returned, stored, captured, passed to code the analysis cannot see, aliased by a pattern.</summary>
    HandOn,
}

/// <summary>An owned value a boundary function hands its caller: its result, or what it writes through an out parameter.</summary>
/// <param name="Function">The boundary function.</param>
/// <param name="OutParameter">The out parameter it writes the value through, or null for its result.</param>
internal sealed record Creation(IMethodSymbol Function, IParameterSymbol? OutParameter)
{
    /// <summary>The owned type: a [ForeignHandle] class or NativeBuffer&lt;T&gt;.</summary>
    public ITypeSymbol Type => OutParameter?.Type ?? Function.ReturnType;

    /// <summary>"native H returned by 'Open'", for messages (after "the" or "The").</summary>
    public string Describe() => OutParameter is null
        ? $"native {Owned.TypeName(Type)} returned by '{Function.Name}'"
        : $"native {Owned.TypeName(Type)} returned by '{Function.Name}' through out parameter '{OutParameter.Name}'";
}
