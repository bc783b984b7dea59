using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Strings;

/// <summary>
/// A NUL-terminated UTF-8 string native code writes to an <c>out</c> parameter (<c>char** out</c>): copied into a
/// <c>string</c> and, when owned (the default), freed with the boundary's string-free function in <c>finally</c> —
/// also when the call failed after writing it. A null pointer is <c>null</c> for <c>string?</c> and a contract
/// violation for <c>string</c>.
/// </summary>
internal sealed class OutStringMarshaller : Marshaller
{
    public OutStringMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private bool Owned => Value.Ownership == Ownership.Owned;

    public override string NativeType => "byte**";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer) => writer.Line($"byte* {Native} = null;");

    public override string Argument => "&" + Native;

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line($"{Name} = {StringCode.Read(Value, Native, Where)};");

    public override bool HasCleanup => Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(StringCode.Free(Native));
}
