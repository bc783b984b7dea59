using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Void;

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
