using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families.Async;

/// <summary>
/// <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c> results: the native function returns
/// at once and completes later by calling <c>void (*done)(void* user_data, …)</c> exactly once, from any thread, with
/// what the synchronous call would have returned in the function's error shape (<see cref="ErrorShape.CompletionValues"/>).
/// <c>T</c> crosses by its own family, as a return; a <c>CancellationToken</c> parameter reaches native code through the
/// declared cancel export (<see cref="CancellationFamily"/>).
/// </summary>
internal sealed class AsyncFamily : CrossingFamily
{
    public static readonly AsyncFamily Instance = new();

    private AsyncFamily()
    {
    }

    public override string Name => "task";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (!IsTask(type))
        {
            return null;
        }

        return position == Position.Return
            ? new TypeCrossing(this, "void", CType.Void)
            : TypeCrossing.Unsupported($"a '{type.ToDisplayString()}' cannot be passed to native code: return a task from a boundary function whose native side completes through a callback, or pass a delegate native code calls when it is done");
    }

    /// <summary>Whether <paramref name="type"/> is <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    public static bool IsTask(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: <= 1, ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>What the task completes with decides ownership (<see cref="Refine"/>); the task itself has none.</summary>
    public override Ownership HandOutOwnership(HandOutReading read) => Ownership.None;

    public override string? UnsafeReason(ValueModel value) => "completes through a callback";

    /// <inheritdoc/>
    public override bool Refines => true;

    public override ValueModel Refine(ValueModel value, ValueReading reading)
    {
        var task = (INamedTypeSymbol)reading.Type;
        IMethodSymbol method = reading.Method;
        ValueModel result;
        if (task.TypeArguments.Length == 0)
        {
            result = new ValueModel(Names.ReturnValue, "void", Void.VoidFamily.Instance, "void", CType.Void, Model.RefKind.None, Ownership.None, false, "");
        }
        else
        {
            ITypeSymbol type = task.TypeArguments[0];
            TypeCrossing crossing = CrossingFamilies.Classify(type, Position.Return);
            if (crossing.Family == this)
            {
                crossing = TypeCrossing.Unsupported($"'{method.Name}' returns a task of a task: native code completes once; return '{type.ToDisplayString()}'");
            }

            if (!crossing.CanCross)
            {
                reading.Report(crossing.ProblemRule == RuleIds.StructNotBlittable ? Rules.StructNotBlittable : Rules.TypeCannotCross, crossing.Problem!);
            }

            CrossingFamily family = crossing.Family ?? NotCrossing.NoFamily.Instance;
            var handOut = new HandOutReading(method, null, crossing, method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed), reading.Location, reading.Sink);
            Ownership ownership = family.HandOutOwnership(handOut);
            if (handOut.Problem is { } problem)
            {
                reading.Reported(problem);
            }

            result = ValueModels.ByValue(Names.ReturnValue, type, crossing, ownership);
        }

        IParameterSymbol[] tokens = method.Parameters.Where(p => CancellationFamily.IsToken(p.Type)).ToArray();
        if (tokens.Length > 1)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"'{method.Name}' takes {tokens.Length} CancellationToken parameters: an operation has one cancellation; combine them with CancellationTokenSource.CreateLinkedTokenSource before the call");
        }

        AttributeData? function = method.GetAttributes().Find(KnownNames.Attribute.ForeignFunction);
        string? cancel = function?.Named<string>("Cancel") ?? reading.Boundary.Cancel;
        if (DeclaredNames.CancelProblem(cancel) is { } cancelProblem)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"'{method.Name}' names no usable cancel export: {cancelProblem}");
            cancel = null;
        }
        else if (cancel is { Length: 0 })
        {
            cancel = null;
        }

        if (tokens.Length > 0 && cancel is null)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"'{method.Name}' takes a CancellationToken, but no cancel export is declared: set [ForeignFunction(Cancel = \"...\")] or ForeignBoundary.Cancel to the native function 'void cancel(void* user_data)' that stops the operation; without one cancelling would do nothing", tokens[0].Locations.FirstOrDefault());
        }

        return value with { Async = new AsyncModel(result, task.Name == "ValueTask", tokens.Length == 0 ? null : SymbolFacts.EscapeIdentifier(tokens[0].Name), cancel) };
    }

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context) => Enumerable.Empty<NativeParameter>();

    public override CType NativeReturn(ValueModel value, StubContext context) => CType.Void;

    public override IEnumerable<NativeParameter>? CompletionParameters(ValueModel value, ErrorShape shape, CType result)
    {
        CType done = CType.FunctionPointer(CType.Void, new[] { CType.Void.PointerTo() }.Concat(shape.CompletionValues(result).Select(v => v.Type)).ToArray());
        return new[] { new NativeParameter("done", done), new NativeParameter("user_data", CType.Void.PointerTo()) };
    }

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => throw new System.InvalidOperationException("A task is never passed: the reader refuses it.");

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new AsyncReturnMarshaller(value, context);

    /// <summary>What the completion needs to take what it completes with (a string free, a buffer free).</summary>
    public override IEnumerable<SupportMember> Support(ValueModel value, Position position)
        => value.Async is { } operation ? operation.Result.Family.Support(operation.Result, Position.Return) : Enumerable.Empty<SupportMember>();
}
