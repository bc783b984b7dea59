using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Strings;

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
        writer.Line($"{Value.ManagedType} {Value.Name};");
    }

    public override void Unmarshal(IndentedWriter writer)
        => writer.Line($"{Value.Name} = {StringCode.Read(Value, Native, Where)};");

    public override bool HasCleanup => Owned;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(StringCode.Free(Native));
}
