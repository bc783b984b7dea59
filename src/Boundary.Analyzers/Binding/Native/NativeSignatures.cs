using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>Builds the native signature of a boundary function from its crossings and its error shape.</summary>
internal static class NativeSignatures
{
    public static NativeSignature Bind(ValueModel returnValue, EquatableArray<ValueModel> parameters, ErrorShape errorShape, StubContext context, ErrorDeclaration? declaration = null)
    {
        // A status that is the function's result leaves the shape nothing else to return.
        CType result = declaration is { ReturnsStatus: true } ? CType.Void : returnValue.Family.NativeReturn(returnValue, context);
        return new NativeSignature(
            context.EntryPoint,
            errorShape.NativeReturn(result, context.EntryPoint),
            parameters.SelectMany(p => p.Family.NativeParameters(p, context))
                .Concat(errorShape.ExtraNativeParameters(result))
                .ToEquatableArray());
    }
}
