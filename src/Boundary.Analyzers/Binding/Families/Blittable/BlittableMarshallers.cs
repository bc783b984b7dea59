using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Blittable;

/// <summary>Primitives, enums, blittable structs and pointers passed by value: no conversion at all.</summary>
internal sealed class BlittableMarshaller : Marshaller
{
    public BlittableMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }
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
            // A pointer cannot be a type argument (CS0306), so SkipInit<T> cannot skip one: it starts out null.
            writer.Line(Value.ManagedType.Contains("*") ? $"{Name} = default;" : $"{Names.Unsafe}.SkipInit(out {Name});");
        }
    }

    public override string Pin => Value.RefKind == RefKind.In
        ? $"fixed ({NativeType} {Native} = &{Names.Unsafe}.AsRef(in {Name}))"
        : $"fixed ({NativeType} {Native} = &{Name})";

    public override string Argument => Native;
}

/// <summary>Primitives, enums, blittable structs and pointers: the native result is the managed result.</summary>
internal sealed class BlittableReturnMarshaller : ReturnMarshaller
{
    public BlittableReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override void Setup(IndentedWriter writer) => writer.Line($"{Value.ManagedType} {Value.Name};");

    public override string NativeLocal => Value.Name;
}
