using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Holders;

/// <summary>
/// Does the type that holds a field dispose what is stored in it? Answered lazily, once per type declared in source,
/// from the bodies of its members, and only for members no code outside the type can reach (private, or protected where
/// every derived type is in this compilation): a member others can reach may well be disposed by them. Such a member
/// is released when the type's disposing methods (Dispose, Dispose(bool), DisposeAsync, DisposeAsyncCore, Close, a
/// finalizer, overrides, and every method of the type they call) dispose it, pass it to code that may, or iterate it;
/// a type that is not disposable, or not sealed, may release it in any of its methods, and a nested type anywhere. It
/// is handed on when any member of the type passes it to other code, assigns it elsewhere or returns it from a method,
/// and exposed when a property returns it (which only counts for a type that is not disposable itself). Anything
/// unclear counts as released: the rule prefers silence to a false positive.
/// </summary>
internal sealed class OwnerDisposal
{
    private static readonly HashSet<string> DisposingNames = new() { "Dispose", "DisposeAsync", "DisposeAsyncCore", "DisposeCore", "Close", "ReleaseHandle" };

    private readonly Compilation compilation;
    private readonly OwnershipFacts facts;
    private readonly ConcurrentDictionary<INamedTypeSymbol, MemberUses> uses = new(SymbolEqualityComparer.Default);
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? derivedTypes;

    public OwnerDisposal(Compilation compilation, OwnershipFacts facts)
    {
        this.compilation = compilation;
        this.facts = facts;
    }

    /// <summary>Whether the type holding <paramref name="member"/> may release what is stored in it (or it is not ours to judge), and if not, why.</summary>
    public HolderVerdict Judge(ISymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        if (member.IsStatic || member.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } owner
            || owner.DeclaringSyntaxReferences.IsEmpty || !IsStorage(member))
        {
            return HolderVerdict.MayRelease; // a static is the process's to keep; a type we cannot read may well dispose it
        }

        bool isSealed = owner.IsSealed || owner.IsValueType || owner.IsStatic;
        bool forDerived = member.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedAndInternal;
        if (member.DeclaredAccessibility != Accessibility.Private && !(forDerived && (isSealed || !DerivableElsewhere(owner))))
        {
            return HolderVerdict.MayRelease; // code outside the type can reach it, and may dispose it
        }

        MemberUses own = Uses(owner, cancellationToken);
        if (own.HandedOn.Contains(member)
            || (own.IsDisposable && isSealed ? own.DisposedOnDispose : own.DisposedAnywhere).Contains(member)
            || (!own.IsDisposable && own.Exposed.Contains(member)))
        {
            return HolderVerdict.MayRelease;
        }

        if (forDerived && !isSealed)
        {
            foreach (INamedTypeSymbol derived in Derived(owner))
            {
                MemberUses theirs = Uses(derived, cancellationToken);
                if (theirs.HandedOn.Contains(member) || theirs.DisposedAnywhere.Contains(member) || theirs.Exposed.Contains(member))
                {
                    return HolderVerdict.MayRelease;
                }
            }
        }

        return own.IsDisposable ? HolderVerdict.DisposeForgetsIt : HolderVerdict.NotDisposable;
    }

    /// <summary>An instance field, or an auto-property (a store into a property with a body is up to that body).</summary>
    private static bool IsStorage(ISymbol member) => member switch
    {
        IFieldSymbol field => !field.IsConst,
        IPropertySymbol property => property.ContainingType.GetMembers().OfType<IFieldSymbol>()
            .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)),
        _ => false,
    };

    /// <summary>Whether an assembly that references this one could derive from <paramref name="type"/>.</summary>
    private static bool DerivableElsewhere(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private MemberUses Uses(INamedTypeSymbol type, CancellationToken cancellationToken)
        => uses.GetOrAdd(type.OriginalDefinition, t => Read(t, cancellationToken));

    private MemberUses Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var result = new MemberUses(IsDisposable(type));
        var disposedBy = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        var calledBy = new Dictionary<IMethodSymbol, HashSet<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var disposed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var called = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            ScanMethod(type, method, disposed, called, result, cancellationToken);
            disposedBy[method] = disposed;
            calledBy[method] = called;
            result.DisposedAnywhere.UnionWith(disposed);
        }

        // What disposing runs: the disposing methods and everything of this type they call (Dispose() => Dispose(true)
        // => Release()). Overrides count as disposing: a base class's Dispose may call them.
        var pending = new Stack<IMethodSymbol>(disposedBy.Keys.Where(m => IsDisposing(m) || m.IsOverride));
        var reached = new HashSet<IMethodSymbol>(pending, SymbolEqualityComparer.Default);
        while (pending.Count > 0)
        {
            IMethodSymbol method = pending.Pop();
            result.DisposedOnDispose.UnionWith(disposedBy[method]);
            foreach (IMethodSymbol callee in calledBy[method].Where(c => disposedBy.ContainsKey(c) && reached.Add(c)))
            {
                pending.Push(callee);
            }
        }

        // A nested type reaches the private members too; whether the holder's Dispose gets there is not followed, so what
        // it disposes counts as disposed on Dispose as well.
        var nested = new Stack<INamedTypeSymbol>(type.GetTypeMembers());
        while (nested.Count > 0)
        {
            INamedTypeSymbol inner = nested.Pop();
            var disposed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IMethodSymbol method in inner.GetMembers().OfType<IMethodSymbol>())
            {
                ScanMethod(inner, method, disposed, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), result, cancellationToken);
            }

            result.DisposedAnywhere.UnionWith(disposed);
            result.DisposedOnDispose.UnionWith(disposed);
            foreach (INamedTypeSymbol deeper in inner.GetTypeMembers())
            {
                nested.Push(deeper);
            }
        }

        return result;
    }

    private void ScanMethod(INamedTypeSymbol type, IMethodSymbol method, HashSet<ISymbol> disposed, HashSet<IMethodSymbol> called, MemberUses result, CancellationToken cancellationToken)
    {
        if (method.IsImplicitlyDeclared)
        {
            return; // a record's Equals or PrintMembers: no code of the user's
        }

        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode syntax = reference.GetSyntax(cancellationToken);
#pragma warning disable RS1030 // The holder type is usually in another file than the store being analyzed; read once per type and cached.
            IOperation? body = compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
#pragma warning restore RS1030
            if (body is not null)
            {
                Scan(body, type, method, disposed, called, result);
            }
        }
    }

    private void Scan(IOperation body, INamedTypeSymbol type, IMethodSymbol method, HashSet<ISymbol> disposed, HashSet<IMethodSymbol> called, MemberUses result)
    {
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            ISymbol member;
            switch (operation)
            {
                case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, type):
                    called.Add(invocation.TargetMethod.OriginalDefinition);
                    continue;
                case IFieldReferenceOperation field:
                    member = field.Field;
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                    member = property.Property;
                    break;
                default:
                    continue;
            }

            switch (Classify(operation, method))
            {
                case MemberUse.Disposes:
                    disposed.Add(member.OriginalDefinition);
                    break;
                case MemberUse.HandsOn:
                    result.HandedOn.Add(member.OriginalDefinition);
                    break;
                case MemberUse.Exposes:
                    result.Exposed.Add(member.OriginalDefinition);
                    break;
            }
        }
    }

    /// <summary>What one reference to a member does with the value in it.</summary>
    private MemberUse Classify(IOperation reference, IMethodSymbol method, int depth = 0)
    {
        (IOperation? context, IOperation child) = Owned.Context(reference);
        switch (context)
        {
            case IAssignmentOperation assignment when assignment.Target == child:
            case IIsNullOperation:
            case IBinaryOperation:
            case IIsTypeOperation:
            case ILockOperation:
                return MemberUse.None; // overwritten, compared, locked on
            case IInvocationOperation call when call.Instance == child:
                return Disposing(call) || call.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
                    ? MemberUse.Disposes // items.TryDequeue(out var h) hands out what it holds
                    : Through(call, method, depth);
            case IConditionalAccessOperation access when access.Operation == child:
                return access.WhenNotNull is IInvocationOperation onValue && Disposing(onValue) ? MemberUse.Disposes : Through(access, method, depth);
            case IPropertyReferenceOperation property when property.Instance == child:
                return property.Property.IsIndexer ? MemberUse.Disposes : Through(property, method, depth); // items[i] may be disposed
            case IFieldReferenceOperation field when field.Instance == child:
                return Through(field, method, depth);
            case IArrayElementReferenceOperation:
            case IUsingOperation:
            case IForEachLoopOperation:
                return MemberUse.Disposes;
            case IIsPatternOperation pattern:
                return Owned.DeclaresVariable(pattern.Pattern) ? MemberUse.HandsOn : MemberUse.None; // 'is { } h': h has it now
            case IArgumentOperation argument when Owned.IsLentToBoundary(argument, facts) || Owned.IsWrite(argument, child, facts):
                return MemberUse.None; // lent to a boundary function for the call, or overwritten through its out parameter
            case IReturnOperation { Kind: OperationKind.Return } when method.MethodKind == MethodKind.PropertyGet:
                return MemberUse.Exposes; // lent out by a property: whoever reads it may be meant to own it
            default:
                return MemberUse.HandsOn; // passed, assigned elsewhere, returned, captured: someone else may own it
        }
    }

    /// <summary>
    /// A value read from the member (<c>map.Values</c>, <c>items.ToArray()</c>) may still hold what is stored in it: it
    /// counts for what happens to it next. A number, a flag or a string does not.
    /// </summary>
    private MemberUse Through(IOperation read, IMethodSymbol method, int depth)
        => read.Type is { IsReferenceType: true, SpecialType: not SpecialType.System_String } && depth < 4
            ? Classify(read, method, depth + 1)
            : MemberUse.None;

    /// <summary>
    /// Broader than a release at a call site (<see cref="Owned.IsRelease(IMethodSymbol)"/>): a holder's own disposing
    /// helpers count, and so does handing every element to a lambda; the holder rule prefers silence.
    /// </summary>
    private static bool Disposing(IInvocationOperation call)
        => Owned.IsRelease(call.TargetMethod)
            || DisposingNames.Contains(call.TargetMethod.Name)
            || call.Arguments.Any(a => a.Value is IDelegateCreationOperation or IAnonymousFunctionOperation); // items.ForEach(h => h.Dispose())

    private static bool IsDisposing(IMethodSymbol method)
        => method.MethodKind == MethodKind.Destructor
            || DisposingNames.Contains(method.Name)
            || method.ExplicitInterfaceImplementations.Any(i => i.Name is "Dispose" or "DisposeAsync");

    private static bool IsDisposable(INamedTypeSymbol type)
        => type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable
                || (i.Name == "IAsyncDisposable" && i.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }))
            || type.GetMembers().OfType<IMethodSymbol>().Any(m => m.Name is "Dispose" or "DisposeAsync" && m.Parameters.IsEmpty && !m.IsStatic); // pattern-based (ref struct)

    /// <summary>The types of this compilation that derive from <paramref name="type"/>, at any depth.</summary>
    private IEnumerable<INamedTypeSymbol> Derived(INamedTypeSymbol type)
    {
        Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> index = LazyInitializer.EnsureInitialized(ref derivedTypes, IndexDerivedTypes)!;
        var pending = new Stack<INamedTypeSymbol>();
        pending.Push(type);
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        while (pending.Count > 0)
        {
            if (index.TryGetValue(pending.Pop(), out List<INamedTypeSymbol>? direct))
            {
                foreach (INamedTypeSymbol derived in direct.Where(seen.Add))
                {
                    yield return derived;
                    pending.Push(derived);
                }
            }
        }
    }

    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> IndexDerivedTypes()
    {
        var index = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (ISymbol member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    pending.Push(container);
                }

                if (member is INamedTypeSymbol { BaseType: { } baseType } type)
                {
                    INamedTypeSymbol key = baseType.OriginalDefinition;
                    if (!index.TryGetValue(key, out List<INamedTypeSymbol>? list))
                    {
                        index[key] = list = new List<INamedTypeSymbol>();
                    }

                    list.Add(type);
                }
            }
        }

        return index;
    }

    private enum MemberUse
    {
        None,
        Disposes,
        HandsOn,
        Exposes,
    }

    /// <summary>What the members of one type do with the fields and properties they reference.</summary>
    private sealed class MemberUses(bool isDisposable)
    {
        public bool IsDisposable { get; } = isDisposable;

        public HashSet<ISymbol> HandedOn { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> DisposedOnDispose { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> DisposedAnywhere { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> Exposed { get; } = new(SymbolEqualityComparer.Default);
    }
}

/// <summary>What the type holding a field or property does with the owned value stored in it.</summary>
internal enum HolderVerdict
{
    /// <summary>It disposes it, hands it on, or we cannot tell: nothing to report.</summary>
    MayRelease,

    /// <summary>It is not IDisposable, and nothing in it disposes the member.</summary>
    NotDisposable,

    /// <summary>It is disposable, but its Dispose leaves the member alone.</summary>
    DisposeForgetsIt,
}
