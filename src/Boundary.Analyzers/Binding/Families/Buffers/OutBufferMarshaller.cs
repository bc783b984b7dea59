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

    private string Where => $"\"{StubWriter.Escape(Context.Library)}\", \"{StubWriter.Escape(Context.EntryPoint)}\"";

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
            writer.Line($"{Buffer} = global::Boundary.NativeBuffer<{Element}>.Adopt({Native}, &{Names.BufferRelease}, {Where});");
        }
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line(form switch
        {
            ReturnedBufferForm.Adopt => $"{Name} = {Buffer}!;",
            ReturnedBufferForm.Copy => $"{Name} = {Names.ForeignBuffers}.Copy<{Element}>({Native}, {Where});",
            _ => $"{Name} = {Names.ForeignBuffers}.Borrow<{Element}>({Native}, {Where});",
        });

    public override bool NeedsCompletion => form == ReturnedBufferForm.Adopt;

    public override bool HasCleanup => form == ReturnedBufferForm.Adopt || (form == ReturnedBufferForm.Copy && Value.Ownership == Ownership.Owned);

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(form == ReturnedBufferForm.Adopt
            ? $"if (!{Names.Completed}) {Buffer}?.Dispose();"
            : $"if ({Native}.Pointer != null) {Names.BufferFree}({Native}.Pointer);");
}
