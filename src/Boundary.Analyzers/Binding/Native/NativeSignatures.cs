using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>Builds the native signature of a boundary function from its crossings and its error shape.</summary>
internal static class NativeSignatures
{
    public static NativeSignature Bind(ValueModel returnValue, EquatableArray<ValueModel> parameters, ErrorShape errorShape, StubContext context)
    {
        CType result = returnValue.Family.NativeReturn(returnValue, context);
        return new NativeSignature(
            context.EntryPoint,
            errorShape.NativeReturn(result, context.EntryPoint),
            parameters.SelectMany(p => p.Family.NativeParameters(p, context))
                .Concat(errorShape.ExtraNativeParameters(result))
                .ToEquatableArray());
    }
}
