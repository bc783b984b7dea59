using Boundary.Analyzers.Binding.Families.Blittable;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families;

/// <summary>What spans, buffers and arrays share: they cross when their elements are blittable.</summary>
internal static class Sequences
{
    /// <summary>A span, buffer or array of <paramref name="element"/> crossing with <paramref name="family"/>. A null
    /// <paramref name="nativeType"/> means a parameter, passed as a pointer to the elements.</summary>
    public static TypeCrossing Of(CrossingFamily family, ITypeSymbol element, ITypeSymbol whole, string? nativeType)
    {
        string? problem = element switch
        {
            { SpecialType: SpecialType.System_Boolean } => "its elements are 'bool', whose native size depends on the marshalling mode: use 'byte' elements (0 or 1)",
            { SpecialType: SpecialType.System_Char } => "its elements are 'char': pass a 'string', or 'ushort' elements for UTF-16 code units",
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => null,
            _ => CrossingFamilies.Classify(element, Position.Parameter) switch
            {
                { Family: BlittableFamily } => null,
                { Family: null, ProblemRule: RuleIds.StructNotBlittable, Problem: var inner } => inner,
                _ => $"its elements ('{element.ToDisplayString()}') are not blittable: use primitives, enums or blittable structs",
            },
        };

        return problem is null
            ? new TypeCrossing(family, nativeType ?? TypeMapping.Display(element) + "*", CTypes.Of(element), ElementType: TypeMapping.Display(element))
            : TypeCrossing.Unsupported($"'{whole.ToDisplayString()}' cannot cross a native boundary: {problem}");
    }

    /// <summary>The native parameters of a buffer handed out through <c>out</c>: <c>T** name, size_t* name_len</c>.</summary>
    public static System.Collections.Generic.IEnumerable<NativeParameter> OutParameters(ValueModel value)
    {
        yield return new NativeParameter(NativeNames.Of(value), value.Native!.PointerTo().PointerTo(), NativeDirection.Out);
        yield return new NativeParameter(NativeNames.Length(value), CType.Size.PointerTo(), NativeDirection.Out);
    }

    /// <summary>How a returned <c>{ptr, len}</c> buffer is declared natively (see the runtime's <c>ForeignBufferAbi</c>).</summary>
    public static readonly CType BufferStruct = CType.Struct("boundary_buffer");
}
