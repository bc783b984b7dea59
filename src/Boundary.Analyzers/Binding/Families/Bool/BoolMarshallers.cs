using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Bool;

/// <summary><c>bool</c> by value: exactly one byte holding 0 or 1.</summary>
internal sealed class BoolMarshaller : Marshaller
{
    public BoolMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string Argument => $"{Name} ? (byte)1 : (byte)0";
}

/// <summary><c>bool</c> by reference: a one-byte local is passed and copied back, since a managed bool's bits are not ours to define.</summary>
internal sealed class BoolByRefMarshaller : Marshaller
{
    public BoolByRefMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string NativeType => "byte*";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
        => writer.Line(Value.RefKind == RefKind.Out
            ? $"byte {Native} = 0;"
            : $"byte {Native} = {Name} ? (byte)1 : (byte)0;");

    public override string Argument => "&" + Native;

    public override void Unmarshal(IndentedWriter writer)
    {
        if (Value.RefKind != RefKind.In)
        {
            writer.Line($"{Name} = {Native} != 0;");
        }
    }
}

/// <summary><c>bool</c>: one byte, any non-zero value is true.</summary>
internal sealed class BoolReturnMarshaller : ReturnMarshaller
{
    public BoolReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override void Setup(IndentedWriter writer) => writer.Line($"byte {Native};");

    public override string? ReturnExpression => Native + " != 0";
}
