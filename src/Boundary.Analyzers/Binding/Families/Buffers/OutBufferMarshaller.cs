using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>
/// A <c>{ptr, len}</c> buffer native code writes to <c>out</c> parameters (<c>T** out, size_t* out_len</c>), the
/// common Rust shape for a boxed slice. <c>NativeBuffer&lt;T&gt;</c> adopts it right after the call, before the error
/// check, so a buffer written alongside an error is freed by the stub; <c>T[]</c> copies it (and frees an owned one in
/// <c>finally</c>); a <c>[Borrowed]</c> span views it.
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

    private string Buffer => "__" + Value.Name.TrimStart('@') + "_buffer";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"{TypeMapping.BufferAbi} {Native} = default;");
        if (form == ReturnedBufferForm.Adopt)
        {
            writer.Line($"global::Boundary.NativeBuffer<{Element}>? {Buffer} = null;");
        }
    }

    public override string[] NativeParameters => new[] { $"void** {Value.Name}", $"nuint* {Value.Name.TrimStart('@')}Length" };

    public override string[] Arguments => new[] { $"&{Native}.Pointer", $"&{Native}.Length" };

    public override void AfterInvoke(IndentedWriter writer)
    {
        if (form == ReturnedBufferForm.Adopt)
        {
            writer.Line($"{Buffer} = {BufferCode.Take(form, Value, Native, Where)};");
        }
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line(form == ReturnedBufferForm.Adopt ? $"{Name} = {Buffer}!;" : $"{Name} = {BufferCode.Take(form, Value, Native, Where)};");

    public override bool NeedsCompletion => form == ReturnedBufferForm.Adopt;

    public override bool HasCleanup => form == ReturnedBufferForm.Adopt || (form == ReturnedBufferForm.Copy && Value.Ownership == Ownership.Owned);

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(form == ReturnedBufferForm.Adopt
            ? $"if (!{Names.Completed}) {Buffer}?.Dispose();"
            : BufferCode.FreeCopied(Native));
}
