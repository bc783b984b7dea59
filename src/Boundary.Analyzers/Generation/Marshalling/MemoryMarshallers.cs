using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>
/// A <c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> parameter: pinned for the call only and passed as
/// <c>(T*, nuint)</c>, the length in elements. An empty span is <c>(null, 0)</c>.
/// </summary>
internal sealed class SpanMarshaller : Marshaller
{
    public SpanMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override bool UsesPointers => true;

    public override string Pin => $"fixed ({NativeType} {Native} = {Name})";

    public override string[] NativeParameters => new[] { $"{NativeType} {Value.Name}", $"nuint {Value.Name.TrimStart('@')}Length" };

    public override string[] Arguments => new[] { Native, $"(nuint){Name}.Length" };
}

/// <summary>
/// A <c>string</c> return: NUL-terminated UTF-8, decoded strictly (invalid UTF-8 is a broken contract). Owned: freed
/// with the boundary's string-free function in <c>finally</c>, so it is freed exactly once whatever happens. Borrowed:
/// copied, never freed. A null pointer is <c>null</c> for <c>string?</c> and a contract violation for <c>string</c>.
/// </summary>
internal sealed class StringReturnMarshaller : ReturnMarshaller
{
    public StringReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private bool Owned => Value.Ownership == Ownership.Owned;

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"byte* {Native} = null;");
        writer.Line($"{Value.ManagedType} {Names.ReturnValue};");
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line($"{Names.ReturnValue} = {Names.NativeStrings}.Read({Native}, nullable: {(Value.IsNullable ? "true" : "false")}, \"{StubWriter.Escape(Context.Library)}\", \"{StubWriter.Escape(Context.EntryPoint)}\"){(Value.IsNullable ? "" : "!")};");

    public override bool HasCleanup => Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line($"if ({Native} != null) {Names.StringFree}({Native});");
}

/// <summary>
/// A returned <c>{ptr, len}</c> buffer: <c>NativeBuffer&lt;T&gt;</c> takes ownership (released once, by Dispose or the
/// finalizer); <c>T[]</c> copies it (and frees an owned one in <c>finally</c>); a <c>[return: Borrowed]</c> span views
/// it. Lengths are checked first: a null pointer with a length, or an impossible length, is a contract violation.
/// </summary>
internal sealed class BufferReturnMarshaller : ReturnMarshaller
{
    public BufferReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string Element => Value.ElementType!;

    private string Where => $"\"{StubWriter.Escape(Context.Library)}\", \"{StubWriter.Escape(Context.EntryPoint)}\"";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"{TypeMapping.BufferAbi} {Native} = default;");
        writer.Line($"{Value.ManagedType} {Names.ReturnValue};");
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line(Value.Kind switch
        {
            ValueKind.Buffer => $"{Names.ReturnValue} = global::Boundary.NativeBuffer<{Element}>.Adopt({Native}, &{Names.BufferRelease}, {Where});",
            ValueKind.Array => $"{Names.ReturnValue} = {Names.ForeignBuffers}.Copy<{Element}>({Native}, {Where});",
            _ => $"{Names.ReturnValue} = {Names.ForeignBuffers}.Borrow<{Element}>({Native}, {Where});",
        });

    /// <summary>Only a copied, owned buffer is freed by the stub; a NativeBuffer frees itself, a borrowed one never.</summary>
    public override bool HasCleanup => Value.Kind == ValueKind.Array && Value.Ownership == Ownership.Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line($"if ({Native}.Pointer != null) {Names.BufferFree}({Native}.Pointer);");
}
