using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Spans;

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
