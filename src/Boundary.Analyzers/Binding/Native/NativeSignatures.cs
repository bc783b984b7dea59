using System.Collections.Immutable;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>Builds the native signature of a boundary function from its crossings and its error shape.</summary>
internal static class NativeSignatures
{
    public static NativeSignature Bind(ValueModel returnValue, EquatableArray<ValueModel> parameters, ErrorShape errorShape, StubContext context, ErrorDeclaration? declaration = null)
    {
        // What the function produces: its return value, or what its task completes with.
        ValueModel produced = returnValue.Async?.Result ?? returnValue;

        // A status that is the function's result leaves the shape nothing else to return.
        CType result = declaration is { ReturnsStatus: true } ? CType.Void : produced.Family.NativeReturn(produced, context);
        var native = ImmutableArray.CreateBuilder<NativeParameter>(parameters.Count + 1);
        foreach (ValueModel parameter in parameters)
        {
            native.AddRange(parameter.Family.NativeParameters(parameter, context));
        }

        if (returnValue.Family.CompletionParameters(returnValue, errorShape, result) is { } completion)
        {
            // Completes later: the shape's values arrive through the completion callback.
            native.AddRange(completion);
            return new NativeSignature(context.EntryPoint, CType.Void, new EquatableArray<NativeParameter>(native.ToImmutable()));
        }

        native.AddRange(errorShape.ExtraNativeParameters(result));
        return new NativeSignature(
            context.EntryPoint,
            errorShape.NativeReturn(result, context.EntryPoint),
            new EquatableArray<NativeParameter>(native.Count == native.Capacity ? native.MoveToImmutable() : native.ToImmutable()));
    }
}
