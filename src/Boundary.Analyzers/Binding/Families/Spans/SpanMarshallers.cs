using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Spans;

/// <summary>
/// A <c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> parameter: pinned for the call only and passed as
/// <c>(T*, length)</c>, the length in elements, of the value's length type (<c>nuint</c> unless declared otherwise;
/// a span's length is an <c>int</c>, so it fits every length type and is never negative). An empty span passes a
/// non-null pointer aligned for any element type with length 0 (<c>ForeignSpans.Pin</c>), never <c>(null, 0)</c>: Rust's
/// <c>slice::from_raw_parts</c> requires it even for length 0.
/// </summary>
internal sealed class SpanMarshaller : Marshaller
{
    public SpanMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private LengthType Length => Value.Length ?? LengthType.Size;

    public override bool UsesPointers => true;

    public override string Pin => $"fixed ({NativeType} {Native} = &{Names.ForeignSpans}.Pin({Name}))";

    public override string[] NativeParameters => new[] { $"{NativeType} {Value.Name}", $"{Length.Keyword} {Value.Name.TrimStart('@')}Length" };

    public override string[] Arguments => new[] { Native, Length == LengthType.Int ? $"{Name}.Length" : $"({Length.Keyword}){Name}.Length" };
}
