using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>Primitives, enums, blittable structs and pointers passed by value: no conversion at all.</summary>
internal sealed class BlittableMarshaller : Marshaller
{
    public BlittableMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }
}

/// <summary><c>bool</c> by value: exactly one byte holding 0 or 1.</summary>
internal sealed class BoolMarshaller : Marshaller
{
    public BoolMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string Argument => $"{Name} ? (byte)1 : (byte)0";
}

/// <summary>
/// Blittable values by reference (<c>ref</c>, <c>out</c>, <c>in</c>): the managed location is pinned for the call and
/// its address passed, so native code reads and writes the caller's variable directly, without a copy.
/// </summary>
internal sealed class BlittableByRefMarshaller : Marshaller
{
    public BlittableByRefMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string NativeType => Value.NativeType + "*";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        if (Value.RefKind == RefKind.Out)
        {
            writer.Line($"{Names.Unsafe}.SkipInit(out {Name});");
        }
    }

    public override string Pin => Value.RefKind == RefKind.In
        ? $"fixed ({NativeType} {Native} = &{Names.Unsafe}.AsRef(in {Name}))"
        : $"fixed ({NativeType} {Native} = &{Name})";

    public override string Argument => Native;
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
