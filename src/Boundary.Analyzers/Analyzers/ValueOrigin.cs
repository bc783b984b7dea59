using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers;

/// <summary>The one write a local or member ever gets: the value assigned, or the ref/out argument a call writes it through.</summary>
/// <param name="Value">The assigned value (an initializer or a simple assignment), or null for a write through an argument.</param>
/// <param name="Argument">The ref/out argument of the call that writes it, or null for an assignment.</param>
internal readonly record struct OnlyWrite(IOperation? Value, IArgumentOperation? Argument);

/// <summary>
/// Where the value of a local or a member comes from, when the code says so for certain: it is written exactly once,
/// and nothing can write it unseen. Rules that follow a value back to its origin (BND2004, BND5002) ask this, so they
/// agree on what "assigned once" means. A local counts when it is declared by a declarator or an <c>out var</c>;
/// every write is counted (assignments, ref/out arguments, increments, deconstruction, address-of, ref aliases,
/// writes inside lambdas and local functions). A member counts when only its own type can write it: a private or
/// readonly field, or a get-only (or private-set) auto-property, of a class declared in source.
/// </summary>
internal static class ValueOrigin
{
    /// <summary>
    /// The only write of <paramref name="local"/>, or null: counted over the local's scope around <paramref name="use"/>
    /// (<see cref="Scope"/>), not the whole method, so a pointer kept in an inner block costs a walk of that block.
    /// </summary>
    public static OnlyWrite? Of(ILocalSymbol local, IOperation use)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not (VariableDeclaratorSyntax or SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax } }))
        {
            return null; // a pattern, foreach, catch or deconstruction variable is written where no assignment shows it
        }

        OnlyWrite? only = null;
        int writes = 0;
        CountWrites(Scope(local, use), local, ref only, ref writes);
        return writes == 1 ? only : null;
    }

    /// <summary>
    /// The operation that declares <paramref name="local"/> among its locals (a block, loop, using, switch, catch or
    /// switch arm) around <paramref name="use"/>: the local's scope, which holds every write of it (lambdas and local
    /// functions that write it included); the whole tree when none is found.
    /// </summary>
    private static IOperation Scope(ILocalSymbol local, IOperation use)
    {
        for (IOperation? operation = use; operation is not null; operation = operation.Parent)
        {
            bool declares = operation switch
            {
                IBlockOperation block => Contains(block.Locals, local),
                IForLoopOperation forLoop => Contains(forLoop.Locals, local) || Contains(forLoop.ConditionLocals, local),
                ILoopOperation loop => Contains(loop.Locals, local),
                IUsingOperation usingStatement => Contains(usingStatement.Locals, local),
                ISwitchOperation switchStatement => Contains(switchStatement.Locals, local),
                ISwitchCaseOperation switchCase => Contains(switchCase.Locals, local),
                ICatchClauseOperation catchClause => Contains(catchClause.Locals, local),
                ISwitchExpressionArmOperation arm => Contains(arm.Locals, local),
                _ => false,
            };
            if (declares)
            {
                return operation;
            }
        }

        return Root(use);
    }

    private static bool Contains(ImmutableArray<ILocalSymbol> locals, ILocalSymbol local)
        => locals.IndexOf(local, 0, locals.Length, SymbolEqualityComparer.Default) >= 0;

    /// <summary>
    /// The writes of <paramref name="local"/> in <paramref name="root"/>'s tree (stops counting at two): one walk by
    /// kind, the cheap test first, with a stack of its own (a generated expression may be thousands of operands deep).
    /// </summary>
    private static void CountWrites(IOperation root, ILocalSymbol local, ref OnlyWrite? only, ref int writes)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0 && writes < 2)
        {
            IOperation operation = pending.Pop();
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when SymbolEqualityComparer.Default.Equals(((IVariableDeclaratorOperation)operation).Symbol, local):
                    if (((IVariableDeclaratorOperation)operation).GetVariableInitializer() is { } initializer)
                    {
                        only = new OnlyWrite(initializer.Value, null);
                        writes++;
                    }

                    break;
                case OperationKind.LocalReference when SymbolEqualityComparer.Default.Equals(((ILocalReferenceOperation)operation).Local, local):
                    if (Write(operation) is { } write)
                    {
                        only = write;
                        writes++;
                    }

                    break;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// The only write of <paramref name="member"/> (a field or auto-property), read from every declaration of its type,
    /// or null when it has several, none, or may be written where this cannot see.
    /// </summary>
    public static OnlyWrite? Of(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!WritableOnlyByItsType(member))
        {
            return null;
        }

        OnlyWrite? only = null;
        int writes = 0;
        foreach (SyntaxReference declaration in member.DeclaringSyntaxReferences)
        {
            SyntaxNode syntax = declaration.GetSyntax(cancellationToken);
            EqualsValueClauseSyntax? initializer = syntax switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            if (initializer is not null && !compilation.ContainsSyntaxTree(initializer.SyntaxTree))
            {
                return null;
            }

#pragma warning disable RS1030 // The member's type is usually in another file than the use being analyzed; read only for such a use.
            if (initializer is not null && compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer, cancellationToken) is ISymbolInitializerOperation { Value: var value })
#pragma warning restore RS1030
            {
                only = new OnlyWrite(value, null);
                writes++;
            }
        }

        foreach (SyntaxReference typeDeclaration in member.ContainingType.DeclaringSyntaxReferences)
        {
            SyntaxNode type = typeDeclaration.GetSyntax(cancellationToken);
            if (!compilation.ContainsSyntaxTree(type.SyntaxTree))
            {
                return null;
            }

#pragma warning disable RS1030 // As above: the type's other declarations are read once per use that needs them.
            SemanticModel model = compilation.GetSemanticModel(type.SyntaxTree);
#pragma warning restore RS1030
            foreach (IdentifierNameSyntax name in type.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != member.Name)
                {
                    continue;
                }

                ExpressionSyntax expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                IOperation? operation = model.GetOperation(expression, cancellationToken);
                ISymbol? referenced = operation switch
                {
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => property.Property,
                    null => model.GetSymbolInfo(expression, cancellationToken).Symbol,
                    _ => null,
                };
                if (!SymbolEqualityComparer.Default.Equals(referenced?.OriginalDefinition, member.OriginalDefinition))
                {
                    continue;
                }

                if (operation is null)
                {
                    return null; // a reference the operation tree does not show: cannot tell whether it writes
                }

                if (Write(operation) is { } write)
                {
                    only = write;
                    writes++;
                }
            }
        }

        return writes == 1 ? only : null;
    }

    /// <summary>The top of the operation tree <paramref name="operation"/> is in (the method body).</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary><paramref name="operation"/> without the conversions and parentheses around it.</summary>
    [return: NotNullIfNotNull(nameof(operation))]
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// Whether a reference writes what it refers to: the write (its value, or the ref/out argument), a write with no
    /// value when the new value cannot be known (compound assignment, increment, deconstruction, a ref alias or an
    /// address that may be written through), or null for a read.
    /// </summary>
    private static OnlyWrite? Write(IOperation reference)
    {
        if (reference.Syntax.Parent is RefExpressionSyntax)
        {
            return default(OnlyWrite); // 'ref x': an alias that may be written through
        }

        IOperation node = reference.Parent is IDeclarationExpressionOperation declaration ? declaration : reference;
        return node.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == node => new OnlyWrite(assignment.Value, null),
            IAssignmentOperation assignment when assignment.Target == node => default(OnlyWrite),
            IArgumentOperation { Parameter: null } => default(OnlyWrite),
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => new OnlyWrite(null, argument),
            IIncrementOrDecrementOperation or IAddressOfOperation or ITupleOperation or IDeconstructionAssignmentOperation => default(OnlyWrite),
            _ => null,
        };
    }

    /// <summary>
    /// A field only its own type can write (private, or readonly: constructors and initializers only), or a get-only or
    /// private-set auto-property, of a class in source. A struct is left out: <c>this = other</c> rewrites every field.
    /// </summary>
    private static bool WritableOnlyByItsType(ISymbol member)
        => member.ContainingType is { TypeKind: TypeKind.Class, DeclaringSyntaxReferences.IsEmpty: false } type
            && member switch
            {
                IFieldSymbol field => !field.IsConst && (field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private),
                IPropertySymbol property => !property.IsVirtual && !property.IsAbstract && !property.IsOverride
                    && (property.SetMethod is null || property.SetMethod is { IsInitOnly: false, DeclaredAccessibility: Accessibility.Private })
                    && type.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)),
                _ => false,
            };
}
