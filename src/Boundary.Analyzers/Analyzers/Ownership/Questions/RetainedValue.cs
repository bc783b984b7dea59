using System.Linq;
using Boundary.Analyzers.Binding.Families.Callbacks;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Why a value handed to a [Retained] parameter ends before native code is done with it, and the delegate to keep alive when that is the reason.</summary>
/// <param name="Reason">The explanation, completing "… but this is".</param>
/// <param name="FreshDelegate">A delegate created for this call that nothing keeps alive (<c>new LogFn(OnLog)</c>, a lambda), or null.</param>
internal sealed record RetainedProblem(string Reason, IOperation? FreshDelegate = null);

/// <summary>
/// Does a value passed to a <c>[Retained]</c> parameter outlive the call (BND2004)? Memory pinned by <c>fixed</c>,
/// stack memory, <c>Unsafe.AsPointer</c> of a managed location (not of a NativeBuffer's native memory: how long that
/// lives is its owner's question, BND2003's), and a function pointer to a delegate nothing keeps
/// alive do not. Pointer values are followed through casts, arithmetic and single-assignment locals; anything whose
/// origin it cannot see is accepted. The analyzer asks it to report, the fix to find the delegate to keep.
/// </summary>
internal static class RetainedValue
{
    private const int MaxDepth = 4;

    /// <summary>Operations looked at while following one value: arithmetic thousands of operands deep (generated code) is given up on, not recursed into to the end of the stack.</summary>
    private const int MaxSteps = 64;

    /// <summary>Why the value of an argument to a <c>[Retained]</c> parameter of a boundary function ends before native code is done with it; null when it may well outlive the call, or the parameter retains nothing.</summary>
    public static RetainedProblem? WhyNot(IArgumentOperation argument)
    {
        if (!IsRetained(argument.Parameter))
        {
            return null;
        }

        int steps = MaxSteps;
        return argument.Parameter!.Type.TypeKind == TypeKind.Delegate
            ? DroppedRegistration(argument)
            : Origin(argument.Value, MaxDepth, ref steps);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a call that registers a callback until the handle it returns is released,
    /// and drops that handle (<see cref="Owned.IsDiscarded"/>): BND2004 explains that leak better than BND2001's
    /// "not disposed", so BND2001 leaves it alone.
    /// </summary>
    public static bool IsDroppedRegistration(IOperation value, IOperation? branchValue)
        => value is IInvocationOperation call
            && call.Arguments.Any(argument => IsRetained(argument.Parameter) && RegistersUntilResultReleased(argument))
            && Owned.IsDiscarded(call, branchValue);

    /// <summary>
    /// A delegate handed to a <c>[Retained]</c> parameter stays in the callback table for as long as its registration
    /// lives: until native code releases it (nothing to check here), or, when the function returns an owned handle,
    /// until that handle is released. A dropped handle is released only when the finalizer gets to it.
    /// </summary>
    private static RetainedProblem? DroppedRegistration(IArgumentOperation argument)
    {
        if (argument is not { Parent: IInvocationOperation call } || !RegistersUntilResultReleased(argument) || !Owned.IsDiscarded(call, branchValue: null))
        {
            return null;
        }

        string function = call.TargetMethod.Name;
        string handle = Owned.TypeName(call.TargetMethod.ReturnType);
        return new($"a callback that stays registered only while the {handle} returned by '{function}' lives, and that {handle} is dropped here: the callback stays registered only until the dropped registration is finalized, at an unpredictable time; keep the {handle} (in a field, or a 'using' variable) for as long as the callback should run, and dispose it to unregister");
    }

    /// <summary>A delegate, not a null constant, passed to a callback parameter that the function's owned result keeps registered.</summary>
    private static bool RegistersUntilResultReleased(IArgumentOperation argument)
        => argument.Parameter is { Type.TypeKind: TypeKind.Delegate } parameter
            && CallbackFamily.LifetimeOf(parameter) == CallbackLifetime.UntilResultReleased
            && ValueOrigin.Unwrap(argument.Value) is not { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>A <c>[Retained]</c> parameter of a boundary function: native code keeps what it is given.</summary>
    public static bool IsRetained(IParameterSymbol? parameter)
        => parameter is { ContainingSymbol: IMethodSymbol { ContainingType: { } type } }
            && type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary) // the type's first: a parameter's attributes are bound per method
            && parameter.GetAttributes().Has(KnownNames.Attribute.Retained);

    /// <summary>
    /// The argument to a <c>[Retained]</c> pointer parameter of a boundary function that <paramref name="reference"/> is
    /// part of (within the statement, a few levels up), if any: BND2003 judges what such a pointer points into, and the
    /// plain-body proof leaves every such reference to it. A retained handle itself stays owned by .NET.
    /// </summary>
    public static IArgumentOperation? EnclosingPointerArgument(IOperation reference)
    {
        IOperation? node = reference.Parent;
        for (int depth = 0; node is not null && depth < 8; depth++, node = node.Parent)
        {
            if (node is IArgumentOperation { Parent: IInvocationOperation } argument)
            {
                if (IsRetained(argument.Parameter) && Owned.IsRawPointer(argument.Parameter!.Type))
                {
                    return argument;
                }
            }
            else if (node is IBlockOperation or IExpressionStatementOperation or ISimpleAssignmentOperation)
            {
                return null;
            }
        }

        return null;
    }

    private static RetainedProblem? Origin(IOperation? value, int depth, ref int steps)
    {
        if (value is null || depth == 0 || --steps < 0)
        {
            return null;
        }

        switch (value)
        {
            case IConversionOperation conversion:
                return Origin(conversion.Operand, depth, ref steps);
            case IParenthesizedOperation parenthesized:
                return Origin(parenthesized.Operand, depth, ref steps);
            case IBinaryOperation binary when binary.Type is IPointerTypeSymbol || IsNativeInt(binary.Type):
                return Origin(binary.LeftOperand, depth, ref steps) ?? Origin(binary.RightOperand, depth, ref steps);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when IsNativeInt(creation.Type):
                return Origin(creation.Arguments[0].Value, depth, ref steps); // new IntPtr(p)
            case { Syntax: StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax }:
                return new("stack memory ('stackalloc'), freed when this method returns; allocate it with NativeMemory.Alloc and free it when native code lets go");
            case IAddressOfOperation { Reference: var reference } when reference is not IMethodReferenceOperation:
                return new($"the address of '{reference.Syntax}', which moves or dies after the call; allocate the value in native memory (NativeMemory.Alloc)");
            case ILocalReferenceOperation { Local: { IsFixed: true } } when Owned.IsIntoNativeBuffer(value):
                return null; // fixed over a NativeBuffer's span pins nothing: the memory is native, and BND2003 follows its owner
            case ILocalReferenceOperation { Local: { IsFixed: true } local }:
                return new($"memory pinned by the 'fixed' statement of '{local.Name}', unpinned when that statement ends; copy it into native memory (NativeMemory.Alloc), or pin it with a GCHandle kept until native code lets go");
            case ILocalReferenceOperation { Local: var local }:
                return ValueOrigin.Of(local, value) is { Value: { } assigned } ? Origin(assigned, depth - 1, ref steps) : null;
            case IInvocationOperation call when IsMember(call.TargetMethod, "System.Runtime.CompilerServices.Unsafe", "AsPointer") && !Owned.IsIntoNativeBuffer(call):
                return new("a pointer to a managed or stack location (Unsafe.AsPointer) that the GC may move or the frame may free; allocate it in native memory");
            case IInvocationOperation call when IsMember(call.TargetMethod, "System.Runtime.InteropServices.Marshal", "GetFunctionPointerForDelegate"):
                return call.Arguments.Length == 1 ? UnrootedDelegate(call.Arguments[0].Value, value) : null;
            default:
                return null;
        }
    }

    /// <summary>A delegate whose function pointer native code keeps must stay reachable; say why this one may not.</summary>
    private static RetainedProblem? UnrootedDelegate(IOperation? delegateValue, IOperation use)
    {
        delegateValue = ValueOrigin.Unwrap(delegateValue);
        const string Advice = "keep the delegate in a static or instance field (or a GCHandle) for as long as native code may call it";
        switch (delegateValue)
        {
            case IDelegateCreationOperation or IAnonymousFunctionOperation:
                return new($"a function pointer to a delegate created here that nothing keeps alive: the GC may collect it while native code still calls it; {Advice}", delegateValue);
            case ILocalReferenceOperation { Local: var local } when !Rooted(local, use):
                return new($"a function pointer to the delegate in local '{local.Name}', which nothing keeps alive once this method stops using it; {Advice}");
            default:
                return null;
        }
    }

    /// <summary>Whether the method stores <paramref name="local"/> anywhere that may outlive it (or passes it on, which may).</summary>
    private static bool Rooted(ILocalSymbol local, IOperation use)
    {
        foreach (ILocalReferenceOperation reference in ValueOrigin.Root(use).Descendants().OfType<ILocalReferenceOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            IOperation? parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                case IVariableInitializerOperation:
                    continue; // assigned, not stored
                case IArgumentOperation { Parent: IInvocationOperation call }
                    when IsMember(call.TargetMethod, "System.Runtime.InteropServices.Marshal", "GetFunctionPointerForDelegate")
                        || IsMember(call.TargetMethod, "System.GC", "KeepAlive"):
                    continue; // GC.KeepAlive only keeps it until that line: native code retains it longer
                case IInvocationOperation call when call.Instance is not null:
                    continue; // d(...), d.Invoke(...)
                default:
                    return true; // stored, returned, captured, passed on: assume it is kept
            }
        }

        return false;
    }

    private static bool IsNativeInt(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    private static bool IsMember(IMethodSymbol method, string type, string name)
        => method.Name == name && method.ContainingType?.ToDisplayString() == type;
}
