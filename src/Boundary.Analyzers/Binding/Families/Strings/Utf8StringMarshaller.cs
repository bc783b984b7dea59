using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Strings;

/// <summary>
/// A <c>string</c> parameter as UTF-8: encoded into a buffer in the stub's own frame when it fits and a pooled array
/// otherwise, pinned for the call, and passed as pointer + length (the default) or NUL-terminated. Nothing is allocated
/// per call. An empty string is a non-null pointer (to that buffer) with length 0, or to a lone NUL; a <c>null</c>
/// nullable string is a null pointer (and length 0).
/// </summary>
internal sealed class Utf8StringMarshaller : Marshaller
{
    public Utf8StringMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private bool NulTerminated => Context.Strings.IsNulTerminated;

    private string Local(string suffix) => "__" + Value.Name.TrimStart('@') + suffix;

    public override bool UsesPointers => true;

    public override bool SkipsLocalsInit => true;

    public override void Validate(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            writer.Line($"{Names.ThrowIfNull}({Name});");
        }
    }

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"byte[]? {Local("_rented")} = null;");

        // A fixed-size local of the frame, not stackalloc (see Utf8Arguments.StackBuffer); declared out here so the
        // buffer outlives the nullable case's if block.
        writer.Line($"{Names.Utf8Arguments}.StackBuffer {Local("_stack")};");
    }

    public override void Marshal(IndentedWriter writer)
    {
        writer.Line($"scoped global::System.Span<byte> {Local("_buffer")} = default;");
        if (!NulTerminated)
        {
            writer.Line($"int {Local("_length")} = 0;");
        }

        if (Value.IsNullable)
        {
            using (writer.Open($"if ({Name} is not null)"))
            {
                Encode(writer);
            }
        }
        else
        {
            Encode(writer);
        }
    }

    private void Encode(IndentedWriter writer)
    {
        string buffer = Local("_buffer");
        writer.Line($"{buffer} = {Names.Utf8Arguments}.Buffer({Name}, out {Local("_stack")}, nulTerminated: {(NulTerminated ? "true" : "false")}, out {Local("_rented")});");
        writer.Line(NulTerminated
            ? $"{Names.Utf8Arguments}.EncodeNulTerminated({Name}, {buffer}, \"{Value.Name.TrimStart('@')}\");"
            : $"{Local("_length")} = {Names.Utf8Arguments}.EncodeSlice({Name}, {buffer});");
    }

    public override string Pin => $"fixed (byte* {Native} = {Local("_buffer")})";

    public override string[] NativeParameters => NulTerminated
        ? new[] { $"byte* {Value.Name}" }
        : new[] { $"byte* {Value.Name}", $"{LengthKeyword} {Value.Name.TrimStart('@')}Length" };

    public override string[] Arguments => NulTerminated
        ? new[] { Native }
        : new[] { Native, LengthKeyword == "int" ? Local("_length") : $"({LengthKeyword}){Local("_length")}" };

    /// <summary>The length's type (<c>nuint</c> unless declared otherwise); the length in bytes is an <c>int</c>, never negative, so it fits every length type.</summary>
    private string LengthKeyword => (Value.Length ?? Lengths.LengthType.Size).Keyword;

    public override bool HasCleanup => true;

    public override void Cleanup(IndentedWriter writer) => writer.Line($"{Names.Utf8Arguments}.Return({Local("_rented")});");
}
