using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Families.Handles;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Callbacks;

/// <summary>
/// Delegate parameters (<c>Func&lt;…&gt;</c>, <c>Action&lt;…&gt;</c>, the user's delegate types): a C function pointer
/// whose first parameter is <c>void* user_data</c>, then the user data; a callback native code retains and releases
/// itself adds <c>void (*release)(void* user_data)</c>. The function pointer is a generated
/// <c>[UnmanagedCallersOnly]</c> trampoline (no <c>Marshal.GetFunctionPointerForDelegate</c>: NativeAOT- and
/// trim-safe); the user data names the delegate in <c>CallbackTable</c>. The delegate's parameters and result cross
/// back by their own families (<see cref="CrossingFamily.ForCallbackArgument"/>, <see cref="CrossingFamily.ForCallbackResult"/>).
/// </summary>
internal sealed class CallbackFamily : CrossingFamily
{
    public static readonly CallbackFamily Instance = new();

    private CallbackFamily()
    {
    }

    public override string Name => "callback";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate })
        {
            return null;
        }

        return position == Position.Parameter
            ? new TypeCrossing(this, "void*", CType.Void.PointerTo())
            : TypeCrossing.Unsupported($"'{type.ToDisplayString()}' cannot be handed out by native code: a delegate is a managed object; return a function pointer ('delegate* unmanaged<...>') and call it through a declared boundary function, or take the delegate as a parameter");
    }

    public override string? ByReferenceProblem(string parameterName, RefKind refKind)
        => $"callback '{parameterName}' is passed by '{(refKind == RefKind.In ? "in" : "ref")}': a delegate crosses as a function pointer and user data, by value; remove the modifier";

    /// <summary>A delegate may be retained: its registration then lives until native code or the returned handle lets it go.</summary>
    public override string? RetainedProblem(IParameterSymbol parameter) => null;

    public override string? UnsafeReason(ValueModel value) => "passes callbacks as function pointers";

    /// <inheritdoc/>
    public override bool Refines => true;

    public override ValueModel Refine(ValueModel value, ValueReading reading)
    {
        var type = (INamedTypeSymbol)reading.Type;
        IMethodSymbol? invoke = type.DelegateInvokeMethod;
        if (invoke is null || reading.Parameter is null)
        {
            return value;
        }

        var probe = new StubContext(reading.Boundary.Library, "", reading.Boundary.Language, reading.Boundary.Strings, default);
        string callback = reading.Parameter.Name;
        var parameters = new List<ValueModel>();
        foreach (IParameterSymbol parameter in invoke.Parameters)
        {
            string where = $"parameter '{parameter.Name}' of callback '{callback}' ('{type.ToDisplayString()}')";
            TypeCrossing crossing = CrossingFamilies.Classify(parameter.Type, Position.Parameter);
            ValueModel argument = Inner(SymbolFacts.EscapeIdentifier(parameter.Name), parameter.Type, crossing);
            if (parameter.RefKind != Microsoft.CodeAnalysis.RefKind.None)
            {
                reading.Report(Rules.TypeCannotCross, $"{Capitalized(where)} is passed by reference: a callback takes values, strings, spans and borrowed handles by value; return the result instead");
            }
            else if (!crossing.CanCross)
            {
                reading.Report(Rules.TypeCannotCross, $"{Capitalized(where)} cannot cross: {crossing.Problem}");
            }
            else if (crossing.Family!.ForCallbackArgument(argument, probe) is null)
            {
                reading.Report(Rules.TypeCannotCross, $"{Capitalized(where)} is a '{parameter.Type.ToDisplayString()}', which native code cannot pass to a callback: callbacks take blittable values, bool, strings, spans and borrowed handles");
            }

            parameters.Add(argument);
        }

        TypeCrossing resultCrossing = invoke.ReturnsVoid
            ? new TypeCrossing(Void.VoidFamily.Instance, "void", CType.Void)
            : CrossingFamilies.Classify(invoke.ReturnType, Position.Return);
        ValueModel result = Inner("__result", invoke.ReturnType, resultCrossing);
        if (invoke.ReturnsByRef || invoke.ReturnsByRefReadonly || !resultCrossing.CanCross || resultCrossing.Family!.ForCallbackResult(result) is null)
        {
            reading.Report(Rules.TypeCannotCross, $"Callback '{callback}' returns '{invoke.ReturnType.ToDisplayString()}', which it cannot hand to native code: a callback returns nothing, a blittable value, bool or a string (pass other results back through a declared boundary function)");
        }

        string? failure = ReadFailureValue(reading, invoke, callback);
        CallbackLifetime lifetime = LifetimeOf(reading.Parameter);

        if (lifetime == CallbackLifetime.Call && reading.FunctionReturn?.Async is not null)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"Callback '{callback}' of '{reading.Method.Name}' is borrowed for the call only, but the operation goes on after the call returns: declare it [Retained], so it stays registered until native code calls its release function (once it will never call it again)");
        }

        return value with
        {
            Callback = new CallbackModel(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeMapping.TypeFormat), parameters.ToEquatableArray(), result, failure, lifetime),
        };
    }

    /// <summary>
    /// How long a delegate passed to <paramref name="parameter"/> stays registered: for the call; <c>[Retained]</c> in a
    /// function returning an owned handle (a registration, like a subscription), until that handle is released;
    /// otherwise <c>[Retained]</c> until native code releases it. Read from symbols, so the stub and the call-site rule
    /// about dropped registrations (BND2004) agree, also for a boundary in a referenced assembly.
    /// </summary>
    public static CallbackLifetime LifetimeOf(IParameterSymbol parameter)
    {
        if (!parameter.GetAttributes().Has(KnownNames.Attribute.Retained))
        {
            return CallbackLifetime.Call;
        }

        return parameter.ContainingSymbol is IMethodSymbol method
            && HandleFamily.Instance.CallerOwns(method.ReturnType, method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed))
                ? CallbackLifetime.UntilResultReleased
                : CallbackLifetime.UntilNativeReleases;
    }

    private static string? ReadFailureValue(ValueReading reading, IMethodSymbol invoke, string callback)
    {
        AttributeData? attribute = reading.Parameter!.GetAttributes().Find(KnownNames.Attribute.CallbackFailure);
        if (attribute is null || attribute.ConstructorArguments.Length != 1)
        {
            return null;
        }

        Location? location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();
        if (invoke.ReturnsVoid)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"[CallbackFailure] on '{callback}' has no effect: the callback returns nothing; remove it", location);
            return null;
        }

        TypedConstant value = attribute.ConstructorArguments[0];
        if (ErrorDeclarationReader.ConstantOf(value.Kind == TypedConstantKind.Array ? default : value, invoke.ReturnType) is { } expression)
        {
            return expression;
        }

        reading.Report(Rules.CallbackDeclarationInvalid, $"[CallbackFailure] on '{callback}' is not a '{invoke.ReturnType.ToDisplayString()}' value: declare a constant of the callback's return type (an integer that fits it, or true/false)", location);
        return null;
    }

    private static ValueModel Inner(string name, ITypeSymbol type, TypeCrossing crossing)
    {
        CrossingFamily family = crossing.Family ?? NotCrossing.NoFamily.Instance;
        return ValueModels.ByValue(name, type, crossing, family.HasParameterOwner ? family.ParameterOwnership(consumed: false) : Ownership.None);
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        string name = NativeNames.Of(value);
        yield return new NativeParameter(name, FunctionPointer(value.Callback!, context));
        yield return new NativeParameter(name + "_user", CType.Void.PointerTo());
        if (value.Callback!.Lifetime == CallbackLifetime.UntilNativeReleases)
        {
            yield return new NativeParameter(name + "_release", CType.FunctionPointer(CType.Void, CType.Void.PointerTo()));
        }
    }

    /// <summary>The callback as native code declares it: <c>R (*)(void* user_data, args...)</c>.</summary>
    internal static CType FunctionPointer(CallbackModel callback, StubContext context)
        => CType.FunctionPointer(
            callback.Return.Family.ForCallbackResult(callback.Return)!.Native,
            new[] { CType.Void.PointerTo() }.Concat(callback.Parameters.SelectMany(p => p.Family.ForCallbackArgument(p, context)!.Native.Select(n => n.Type))).ToArray());

    public override CType NativeReturn(ValueModel value, StubContext context) => CType.Void;

    public override Marshaller ForParameter(ValueModel value, StubContext context) => new CallbackMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context)
        => throw new System.InvalidOperationException("A delegate is never returned: the reader refuses it.");
}
