using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>
/// A <c>{ptr, len}</c> buffer native code writes to <c>out</c> parameters (<c>T** out, size_t* out_len</c>), the
/// common Rust shape for a boxed slice. <c>NativeBuffer&lt;T&gt;</c> adopts it right after the call, before the error
/// check, so a buffer written alongside an error is freed by the stub; <c>T[]</c> copies it (and frees an owned one in
/// <c>finally</c>); a <c>[Borrowed]</c> span views it. An owned buffer of a boundary whose free function takes a
/// capacity adds <c>size_t* out_cap</c>. A length of another type than <c>nuint</c> (<c>LengthType</c>) is read into a
/// local of that type and widened bit for bit, so a negative one is caught as an impossible length and the free
/// function still receives exactly what native code wrote.
/// </summary>
internal sealed class OutBufferMarshaller : Marshaller
{
    private readonly ReturnedBufferForm form;

    public OutBufferMarshaller(ValueModel value, StubContext context, ReturnedBufferForm form)
        : base(value, context)
    {
        this.form = form;
    }

    private string Element => Value.ElementType!;

    private string Bare => Value.Name.TrimStart('@');

    private string Buffer => "__" + Bare + "_buffer";

    private LengthType Length => Value.Length ?? LengthType.Size;

    /// <summary>Whether the length (and capacity) go to locals of their own type rather than straight into the ABI struct.</summary>
    private bool Typed => Length != LengthType.Size;

    private bool Capacity => Sequences.CarriesCapacity(Value, Context);

    private string LengthValue => Typed ? $"__{Bare}_len" : $"{Native}.Length";

    private string CapacityValue => Typed ? $"__{Bare}_cap" : $"{Native}.Capacity";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"{(Capacity ? TypeMapping.CapacityBufferAbi : TypeMapping.BufferAbi)} {Native} = default;");
        if (Typed)
        {
            writer.Line($"{Length.Keyword} {LengthValue} = 0;");
            if (Capacity)
            {
                writer.Line($"{Length.Keyword} {CapacityValue} = 0;");
            }
        }

        if (form == ReturnedBufferForm.Adopt)
        {
            writer.Line($"global::Boundary.NativeBuffer<{Element}>? {Buffer} = null;");
        }
    }

    public override string[] NativeParameters => Capacity
        ? new[] { $"void** {Value.Name}", $"{Length.Keyword}* {Bare}Length", $"{Length.Keyword}* {Bare}Capacity" }
        : new[] { $"void** {Value.Name}", $"{Length.Keyword}* {Bare}Length" };

    public override string[] Arguments => Capacity
        ? new[] { $"&{Native}.Pointer", $"&{LengthValue}", $"&{CapacityValue}" }
        : new[] { $"&{Native}.Pointer", $"&{LengthValue}" };

    public override void AfterInvoke(IndentedWriter writer)
    {
        if (Typed)
        {
            writer.Line($"{Native}.Length = {LengthType.Size.Convert(LengthValue, Length)};");
            if (Capacity)
            {
                writer.Line($"{Native}.Capacity = {LengthType.Size.Convert(CapacityValue, Length)};");
            }
        }

        if (form == ReturnedBufferForm.Adopt)
        {
            writer.Line($"{Buffer} = {BufferCode.Take(form, Value, Native, Where)};");
        }
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line(form == ReturnedBufferForm.Adopt ? $"{Name} = {Buffer}!;" : $"{Name} = {BufferCode.Take(form, Value, Native, Where)};");

    public override bool NeedsCompletion => form == ReturnedBufferForm.Adopt;

    public override bool HasCleanup => form == ReturnedBufferForm.Adopt || (form == ReturnedBufferForm.Copy && Value.Ownership == Ownership.Owned);

    /// <summary>An adopted buffer not handed to the caller is disposed (its release frees it); a copied one is freed
    /// with exactly the length (and capacity) native code wrote.</summary>
    public override void Cleanup(IndentedWriter writer)
        => writer.Line(form == ReturnedBufferForm.Adopt
            ? $"if (!{Names.Completed}) {Buffer}?.Dispose();"
            : BufferCode.FreeCopied(Context, Native, LengthValue, Length, Capacity ? CapacityValue : LengthValue));
}
