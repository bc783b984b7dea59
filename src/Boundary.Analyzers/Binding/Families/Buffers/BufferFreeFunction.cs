using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>
/// How a boundary frees the buffers it hands out: by default the export <c>BufferFree</c> names, imported as
/// <c>void f(void* ptr)</c>; or the method the boundary marks <c>[BufferFree]</c>, whose C# signature is the native
/// function's: the pointer, then (<see cref="Arity"/> 2 or 3) the length and the capacity in elements, of the
/// boundary's length type. Everything that frees a buffer — the stub's <c>finally</c> for a copied array, a
/// NativeBuffer's release — calls it through <see cref="Call"/>, so each passes exactly what it declares.
/// </summary>
/// <param name="Method">The <c>[BufferFree]</c> method's (escaped) name; null for the imported <c>(ptr)</c> export.</param>
/// <param name="PointerType">The pointer parameter's type as generated code spells it (<c>void*</c>, <c>byte*</c>).</param>
/// <param name="ElementType">The element type that pointer names, or null for <c>void*</c> (any element type).</param>
/// <param name="Arity">1 (pointer), 2 (pointer, length) or 3 (pointer, length, capacity).</param>
/// <param name="Length">The type of the length and capacity.</param>
internal sealed record BufferFreeFunction(string? Method, string PointerType, string? ElementType, int Arity, LengthType Length)
{
    /// <summary>The default: <c>__BoundaryBufferFree(void*)</c>, imported from the export <c>BufferFree</c> names.</summary>
    public static readonly BufferFreeFunction Import = new(null, "void*", null, 1, LengthType.Size);

    /// <summary>Whether every owned buffer must carry its capacity (by value <c>{ptr, len, cap}</c>, out <c>size_t* cap</c>).</summary>
    public bool TakesCapacity => Arity == 3;

    /// <summary>
    /// The call that frees <paramref name="pointer"/> (a <c>void*</c>). <paramref name="length"/> and
    /// <paramref name="capacity"/> are expressions and their types, passed only where the function takes them and
    /// converted bit for bit, so it receives exactly what native code handed out.
    /// </summary>
    public string Call(string pointer, string length, LengthType lengthType, string capacity, LengthType capacityType)
    {
        string callee = Method ?? Names.BufferFree;
        string typed = PointerType == "void*" ? pointer : $"({PointerType}){pointer}";
        return Arity switch
        {
            1 => $"{callee}({typed})",
            2 => $"{callee}({typed}, {Length.Convert(length, lengthType)})",
            _ => $"{callee}({typed}, {Length.Convert(length, lengthType)}, {Length.Convert(capacity, capacityType)})",
        };
    }

    /// <summary>The parameters of the release function a NativeBuffer calls: <c>(void* buffer)</c>, or with the length and capacity as <c>nuint</c>.</summary>
    public string ReleaseParameters => Arity == 1 ? "void* buffer" : "void* buffer, nuint length, nuint capacity";

    /// <summary>What the release function's body calls.</summary>
    public string ReleaseCall => Call("buffer", "length", LengthType.Size, "capacity", LengthType.Size);
}
