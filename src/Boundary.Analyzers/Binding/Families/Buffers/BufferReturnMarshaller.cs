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

    private string Element => Value.ElementType!;

    private string Where => $"\"{StubWriter.Escape(Context.Library)}\", \"{StubWriter.Escape(Context.EntryPoint)}\"";

    /// <summary>Whether the buffer carries its capacity: <c>{ptr, len, cap}</c> for a free function that takes it back.</summary>
    private bool Capacity => Sequences.CarriesCapacity(Value, Context);

    public override bool UsesPointers => true;

    public override string NativeType => Capacity ? TypeMapping.CapacityBufferAbi : base.NativeType;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"{NativeType} {Native} = default;");
        writer.Line($"{Value.ManagedType} {Names.ReturnValue};");
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line(form switch
        {
            ReturnedBufferForm.Adopt => $"{Names.ReturnValue} = global::Boundary.NativeBuffer<{Element}>.Adopt({Native}, &{Names.BufferRelease}, {Where});",
            ReturnedBufferForm.Copy => $"{Names.ReturnValue} = {Names.ForeignBuffers}.Copy<{Element}>({Native}, {Where});",
            _ => $"{Names.ReturnValue} = {Names.ForeignBuffers}.Borrow<{Element}>({Native}, {Where});",
        });

    /// <summary>Only a copied, owned buffer is freed by the stub; a NativeBuffer frees itself, a borrowed one never.</summary>
    public override bool HasCleanup => form == ReturnedBufferForm.Copy && Value.Ownership == Ownership.Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line($"if ({Native}.Pointer != null) {Context.Free.Call($"{Native}.Pointer", $"{Native}.Length", LengthType.Size, Capacity ? $"{Native}.Capacity" : $"{Native}.Length", LengthType.Size)};");
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
