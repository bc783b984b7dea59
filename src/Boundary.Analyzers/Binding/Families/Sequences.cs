using Boundary.Analyzers.Binding.Families.Blittable;
using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Generation.Marshalling;
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
            // Only an array can hold them (a span or NativeBuffer<T> of pointers is not C#), and its copy is generic.
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => $"its elements are pointers ('{element.ToDisplayString()}'), which cannot be a type argument: declare 'nint' elements and convert each",
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

    /// <summary>
    /// The native parameters of a buffer handed out through <c>out</c>: <c>T** name, size_t* name_len</c> (the length
    /// pointer of the value's length type), then <c>size_t* name_cap</c> when it carries a capacity.
    /// </summary>
    public static System.Collections.Generic.IEnumerable<NativeParameter> OutParameters(ValueModel value, StubContext context)
    {
        CType length = (value.Length ?? LengthType.Size).Native;
        yield return new NativeParameter(NativeNames.Of(value), value.Native!.PointerTo().PointerTo(), NativeDirection.Out);
        yield return new NativeParameter(NativeNames.Length(value), length.PointerTo(), NativeDirection.Out);
        if (CarriesCapacity(value, context))
        {
            yield return new NativeParameter(NativeNames.Capacity(value), length.PointerTo(), NativeDirection.Out);
        }
    }

    /// <summary>How a returned buffer is declared natively: <see cref="BufferStruct"/>, or <see cref="CapacityBufferStruct"/> when it carries a capacity.</summary>
    public static CType ReturnStruct(ValueModel value, StubContext context) => CarriesCapacity(value, context) ? CapacityBufferStruct : BufferStruct;

    /// <summary>Whether the boundary's buffer-free function frees <paramref name="value"/>: an owned NativeBuffer or array.</summary>
    public static bool FreedByBoundary(ValueModel value)
        => value.Family is BufferFamily || (value.Family is ArrayFamily && value.Ownership == Ownership.Owned);

    /// <summary>Whether <paramref name="value"/> carries its capacity: it is freed by a function that takes one back.</summary>
    public static bool CarriesCapacity(ValueModel value, StubContext context) => context.Free.TakesCapacity && FreedByBoundary(value);

    /// <summary>How a returned <c>{ptr, len}</c> buffer is declared natively (see the runtime's <c>ForeignBufferAbi</c>).</summary>
    public static readonly CType BufferStruct = CType.Struct("boundary_buffer");

    /// <summary>A returned <c>{ptr, len, cap}</c> buffer (see the runtime's <c>ForeignCapacityBufferAbi</c>).</summary>
    public static readonly CType CapacityBufferStruct = CType.Struct("boundary_buffer_cap");
}
