using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>
/// A returned <c>{ptr, len}</c> buffer: <c>NativeBuffer&lt;T&gt;</c> takes ownership (released once, by Dispose or the
/// finalizer); <c>T[]</c> copies it (and frees an owned one in <c>finally</c>); a <c>[return: Borrowed]</c> span views
/// it. Lengths are checked first: a null pointer with a length, or an impossible length, is a contract violation. An
/// owned buffer of a boundary whose free function takes a capacity is <c>{ptr, len, cap}</c>; the struct's fields are
/// <c>size_t</c> whatever the boundary's length type.
/// </summary>
internal sealed class BufferReturnMarshaller : ReturnMarshaller
{
    private readonly ReturnedBufferForm form;

    public BufferReturnMarshaller(ValueModel value, StubContext context, ReturnedBufferForm form)
        : base(value, context)
    {
        this.form = form;
    }

    /// <summary>Whether the buffer carries its capacity: <c>{ptr, len, cap}</c> for a free function that takes it back.</summary>
    private bool Capacity => Sequences.CarriesCapacity(Value, Context);

    public override bool UsesPointers => true;

    public override string NativeType => Capacity ? TypeMapping.CapacityBufferAbi : base.NativeType;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"{NativeType} {Native} = default;");
        writer.Line($"{Value.ManagedType} {Value.Name};");
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line($"{Value.Name} = {BufferCode.Take(form, Value, Native, Where)};");

    /// <summary>Only a copied, owned buffer is freed by the stub; a NativeBuffer frees itself, a borrowed one never.</summary>
    public override bool HasCleanup => form == ReturnedBufferForm.Copy && Value.Ownership == Ownership.Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(BufferCode.FreeCopied(Context, Native, $"{Native}.Length", LengthType.Size, Capacity ? $"{Native}.Capacity" : $"{Native}.Length"));
}

/// <summary>What returned and <c>out</c> buffers share: taking a native buffer in one of its forms, freeing a copied one.</summary>
internal static class BufferCode
{
    /// <summary>The managed value made of the native buffer <paramref name="native"/>.</summary>
    public static string Take(ReturnedBufferForm form, ValueModel value, string native, string where) => form switch
    {
        ReturnedBufferForm.Adopt => $"global::Boundary.NativeBuffer<{value.ElementType}>.Adopt({native}, &{Names.BufferRelease}, {where})",
        ReturnedBufferForm.Copy => $"{Names.ForeignBuffers}.Copy<{value.ElementType}>({native}, {where})",
        _ => $"{Names.ForeignBuffers}.Borrow<{value.ElementType}>({native}, {where})",
    };

    /// <summary>
    /// Frees a buffer the stub copied (an owned one; a borrowed one is never freed) with the boundary's free function,
    /// passing what it declares of <paramref name="length"/> and <paramref name="capacity"/> (of type
    /// <paramref name="lengthType"/>) exactly as native code handed them out.
    /// </summary>
    public static string FreeCopied(StubContext context, string native, string length, LengthType lengthType, string capacity)
        => $"if ({native}.Pointer != null) {context.Free.Call($"{native}.Pointer", length, lengthType, capacity, lengthType)};";
}

/// <summary>What a stub does with a returned <c>{ptr, len}</c> buffer.</summary>
internal enum ReturnedBufferForm
{
    /// <summary><c>NativeBuffer&lt;T&gt;</c>: the caller owns it until Dispose.</summary>
    Adopt,

    /// <summary><c>T[]</c>: copied, then freed unless borrowed.</summary>
    Copy,

    /// <summary><c>[return: Borrowed] ReadOnlySpan&lt;T&gt;</c>: a view of native memory.</summary>
    Borrow,
}
