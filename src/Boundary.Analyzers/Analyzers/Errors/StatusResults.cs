using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Families.Async;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Analyzers.Errors;

/// <summary>
/// A boundary function whose failures travel only in its result (BND3009): declared without an error shape
/// (<c>ErrorShape.None</c>, its own or its boundary's), it returns a <c>[ForeignErrors]</c> enum — or a task of one — so
/// nothing throws when native code fails: the caller has to look at the status. Any other shape throws for a failure
/// status, and an enum it returns is a success code (<c>[ForeignSuccess]</c>) the caller may ignore. Read from symbols
/// only, so a boundary in a referenced assembly counts like one in source. The analyzer and the code fix ask the same
/// question.
/// </summary>
/// <param name="Errors">The enum the function returns.</param>
/// <param name="Library">The boundary's library.</param>
/// <param name="Function">The export the function calls.</param>
/// <param name="Successes">The enum's members that mean success: the one with value 0, then the <c>[ForeignSuccess]</c> ones.</param>
/// <param name="IsTask">Whether the function returns a task of the status (dropped only when awaited: an unawaited task is dropped whole).</param>
internal sealed record StatusResults(INamedTypeSymbol Errors, string Library, string Function, ImmutableArray<string> Successes, bool IsTask)
{
    /// <summary>What <paramref name="method"/> returns as its status, or null when it is no such boundary function.</summary>
    public static StatusResults? Of(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (method is not { IsStatic: true, MethodKind: MethodKind.Ordinary, IsGenericMethod: false, ContainingType: { } type }
            || StatusType(method.ReturnType) is not { } errors
            || (method.DeclaringSyntaxReferences.Length > 0 && !method.IsPartialDefinition)
            || type.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary) is not { ConstructorArguments: [{ Value: string library }] } boundary)
        {
            return null;
        }

        AttributeData? function = method.GetAttributes().Find(KnownNames.Attribute.ForeignFunction);
        int shape = function?.NamedOr("ErrorShape", ErrorShape.Inherit) ?? ErrorShape.Inherit;
        if (shape == ErrorShape.Inherit)
        {
            shape = boundary.NamedOr("ErrorShape", 0);
        }

        if (ErrorShape.FromValue(shape) != ErrorShape.None)
        {
            return null;
        }

        // The enum's own reading decides what success is (a [ForeignSuccess] that also says how it fails stays a failure).
        ImmutableArray<string> successes = ErrorEnumReader.Read(errors, ProblemSink.None).Members
            .Where(m => m.Value == 0 || m.IsSuccess)
            .OrderBy(m => m.Value == 0 ? 0 : 1)
            .Select(m => m.Name)
            .ToImmutableArray();
        return new StatusResults(errors, library, BoundaryReader.EntryPoint(method, BoundaryReader.EntryPointPrefix(boundary, library)), successes, AsyncFamily.IsTask(method.ReturnType));
    }

    /// <summary>The <c>[ForeignErrors]</c> enum <paramref name="returned"/> is, or completes with.</summary>
    private static INamedTypeSymbol? StatusType(ITypeSymbol returned)
    {
        if (returned is INamedTypeSymbol { TypeArguments.Length: 1 } task && AsyncFamily.IsTask(task))
        {
            returned = task.TypeArguments[0];
        }

        return ErrorEnumReader.IsErrorEnum(returned) ? (INamedTypeSymbol)returned : null;
    }
}
