using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>
/// BND2004: an argument to a <c>[Retained]</c> parameter must outlive the call, because native code keeps it. It
/// reports what provably does not: memory pinned by <c>fixed</c> (arrays, strings, spans), stack memory
/// (<c>stackalloc</c>, <c>&amp;local</c>), <c>Unsafe.AsPointer</c> of a managed location, and a function pointer from
/// <c>Marshal.GetFunctionPointerForDelegate</c> whose delegate nothing keeps alive (a delegate created in the argument,
/// or a local that is never stored). Pointer values are followed through casts, arithmetic and single-assignment
/// locals. Anything it cannot see the origin of (parameters, fields, native allocations, GCHandles) is accepted.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RetainedArgumentAnalyzer : DiagnosticAnalyzer
{
    private const int MaxDepth = 4;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.RetainedOutlived);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is null)
            {
                return;
            }

            var retained = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    IMethodSymbol method = invocation.TargetMethod.OriginalDefinition;
                    if (retained.GetOrAdd(method, static m => HasRetainedParameter(m)))
                    {
                        Analyze(invocation, operation.ReportDiagnostic);
                    }
                },
                OperationKind.Invocation);
        });
    }

    private static bool HasRetainedParameter(IMethodSymbol method)
        => method.ContainingType is { } type
            && method.Parameters.Any(p => p.GetAttributes().Has(KnownNames.Attribute.Retained))
            && type.GetAttributes().Has(KnownNames.Attribute.ForeignBoundary);

    private static void Analyze(IInvocationOperation invocation, System.Action<Diagnostic> report)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !parameter.GetAttributes().Has(KnownNames.Attribute.Retained))
            {
                continue;
            }

            if (Origin(argument.Value, MaxDepth) is { } problem)
            {
                report(Diagnostic.Create(
                    Rules.RetainedOutlived,
                    argument.Syntax.GetLocation(),
                    $"'{invocation.TargetMethod.Name}' keeps '{parameter.Name}' after it returns, but this is {problem}"));
            }
        }
    }

    /// <summary>Why the value ends before native code is done with it, or null when it may well outlive the call.</summary>
    private static string? Origin(IOperation? value, int depth)
    {
        if (value is null || depth == 0)
        {
            return null;
        }

        switch (value)
        {
            case IConversionOperation conversion:
                return Origin(conversion.Operand, depth);
            case IParenthesizedOperation parenthesized:
                return Origin(parenthesized.Operand, depth);
            case IBinaryOperation binary when binary.Type is IPointerTypeSymbol || IsNativeInt(binary.Type):
                return Origin(binary.LeftOperand, depth) ?? Origin(binary.RightOperand, depth);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when IsNativeInt(creation.Type):
                return Origin(creation.Arguments[0].Value, depth); // new IntPtr(p)
            case { Syntax: StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax }:
                return "stack memory ('stackalloc'), freed when this method returns; allocate it with NativeMemory.Alloc and free it when native code lets go";
            case IAddressOfOperation { Reference: var reference } when reference is not IMethodReferenceOperation:
                return $"the address of '{reference.Syntax}', which moves or dies after the call; allocate the value in native memory (NativeMemory.Alloc)";
            case ILocalReferenceOperation { Local: { IsFixed: true } local }:
                return $"memory pinned by the 'fixed' statement of '{local.Name}', unpinned when that statement ends; copy it into native memory (NativeMemory.Alloc), or pin it with a GCHandle kept until native code lets go";
            case ILocalReferenceOperation { Local: var local }:
                return ValueOrigin.Of(local, value) is { Value: { } assigned } ? Origin(assigned, depth - 1) : null;
            case IInvocationOperation call when IsMember(call.TargetMethod, "System.Runtime.CompilerServices.Unsafe", "AsPointer"):
                return "a pointer to a managed or stack location (Unsafe.AsPointer) that the GC may move or the frame may free; allocate it in native memory";
            case IInvocationOperation call when IsMember(call.TargetMethod, "System.Runtime.InteropServices.Marshal", "GetFunctionPointerForDelegate"):
                return call.Arguments.Length == 1 ? UnrootedDelegate(call.Arguments[0].Value, value) : null;
            default:
                return null;
        }
    }

    /// <summary>A delegate whose function pointer native code keeps must stay reachable; say why this one may not.</summary>
    private static string? UnrootedDelegate(IOperation? delegateValue, IOperation use)
    {
        delegateValue = ValueOrigin.Unwrap(delegateValue);
        const string Advice = "keep the delegate in a static or instance field (or a GCHandle) for as long as native code may call it";
        switch (delegateValue)
        {
            case IDelegateCreationOperation or IAnonymousFunctionOperation:
                return $"a function pointer to a delegate created here that nothing keeps alive: the GC may collect it while native code still calls it; {Advice}";
            case ILocalReferenceOperation { Local: var local } when !Rooted(local, use):
                return $"a function pointer to the delegate in local '{local.Name}', which nothing keeps alive once this method stops using it; {Advice}";
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
