using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Holders;

/// <summary>
/// A store of a value into an instance field or property — directly (<c>handle = h</c>, <c>Handle = h</c> in an
/// initializer, <c>handle ??= ...</c>) or as an element of a collection the member holds (<c>items.Add(h)</c>,
/// <c>map[key] = h</c>, <c>array[i] = h</c>). Only the collections of System.Collections count as element stores: a
/// method of another type named Add may keep the value anywhere. It answers "is this a store into a member?" for the
/// ownership rules; whether the member's type then releases the value is <see cref="OwnerDisposal"/>'s question.
/// </summary>
internal readonly record struct MemberStore(ISymbol Member, bool Elements)
{
    private static readonly System.Collections.Generic.HashSet<string> AddingNames = new() { "Add", "Insert", "Push", "Enqueue", "TryAdd", "AddFirst", "AddLast" };

    /// <summary>The store <paramref name="context"/> makes of its operand <paramref name="child"/>, if it is one.</summary>
    public static MemberStore? Of(IOperation? context, IOperation child, FlowCaptures? captures) => context switch
    {
        ISimpleAssignmentOperation assignment when assignment.Value == child => Into(assignment.Target, captures),
        IArgumentOperation { Parent: IInvocationOperation { Instance: { } collection } call } when AddingNames.Contains(call.TargetMethod.Name) && IsCollection(call.TargetMethod.ContainingType)
            => HeldBy(collection, captures) is { } member ? new MemberStore(member, Elements: true) : null,
        _ => null,
    };

    /// <summary>The BND2001 message for <paramref name="what"/> stored here, in a holder that never releases it.</summary>
    public string Message(string what, HolderVerdict verdict)
    {
        string owner = Member.ContainingType.Name;
        string stored = Elements ? $"is added to '{owner}.{Member.Name}'" : $"is stored in '{owner}.{Member.Name}'";
        string member = Elements ? $"the elements of '{Member.Name}'" : $"'{Member.Name}'";
        return verdict == HolderVerdict.NotDisposable
            ? $"{what} {stored}, but '{owner}' is not IDisposable and never disposes {member}: make '{owner}' IDisposable and dispose {member} in Dispose"
            : $"{what} {stored}, but '{owner}' does not dispose {member} when it is disposed: dispose {member} in Dispose";
    }

    /// <summary>The store a write into <paramref name="target"/> makes (an assignment's target, or what an out argument writes), if it is one.</summary>
    public static MemberStore? Into(IOperation target, FlowCaptures? captures)
    {
        target = Resolve(target, captures);
        return target switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection } indexer when IsCollection(indexer.Property.ContainingType)
                => HeldBy(collection, captures) is { } member ? new MemberStore(member, Elements: true) : null,
            IArrayElementReferenceOperation element
                => HeldBy(element.ArrayReference, captures) is { } member ? new MemberStore(member, Elements: true) : null,
            _ => HeldBy(target, captures) is { } member ? new MemberStore(member, Elements: false) : null,
        };
    }

    private static ISymbol? HeldBy(IOperation operation, FlowCaptures? captures) => Resolve(operation, captures) switch
    {
        IFieldReferenceOperation { Field: { IsStatic: false } field } => field,
        IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } property } => property,
        _ => null,
    };

    /// <summary>Looks through conversions and through a capture filled in one place (the graph captures the target of <c>??=</c>).</summary>
    private static IOperation Resolve(IOperation operation, FlowCaptures? captures)
    {
        operation = ValueOrigin.Unwrap(operation);
        while (operation is IFlowCaptureReferenceOperation reference && captures?.SingleValue(reference.Id) is { } value)
        {
            operation = ValueOrigin.Unwrap(value);
        }

        return operation;
    }

    private static bool IsCollection(INamedTypeSymbol? type)
    {
        for (INamespaceSymbol? ns = type?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "Collections" && ns.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
            {
                return true;
            }
        }

        return false;
    }
}
