using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>A marshaller for the return value: it also decides where the call's result goes and what is returned.</summary>
internal abstract class ReturnMarshaller : Marshaller
{
    protected ReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    /// <summary>The local that receives the native result (typed <see cref="Marshaller.NativeType"/>); error shapes write it through a pointer or copy it from a result struct.</summary>
    public virtual string NativeLocal => Native;

    /// <summary>The assignment target written before the call, e.g. <c>__retVal = </c>; empty for void.</summary>
    public virtual string InvokeTarget => NativeLocal + " = ";

    /// <summary>Whether the function returns nothing.</summary>
    public virtual bool IsVoid => false;

    /// <summary>The expression returned at the end of the stub, or null for void.</summary>
    public virtual string? ReturnExpression => Names.ReturnValue;
}

/// <summary><c>void</c>.</summary>
internal sealed class VoidReturnMarshaller : ReturnMarshaller
{
    public VoidReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string InvokeTarget => "";

    public override bool IsVoid => true;

    public override string? ReturnExpression => null;
}

/// <summary>Primitives, enums, blittable structs and pointers: the native result is the managed result.</summary>
internal sealed class BlittableReturnMarshaller : ReturnMarshaller
{
    public BlittableReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override void Setup(IndentedWriter writer) => writer.Line($"{Value.ManagedType} {Names.ReturnValue};");

    public override string NativeLocal => Names.ReturnValue;
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
