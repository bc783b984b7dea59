using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Handles;

/// <summary>
/// A handle native code creates and writes to an <c>out</c> parameter (<c>int32_t open(..., T** out, ...)</c>).
/// Owned (the default): the SafeHandle is constructed before the call and takes the native value right after it,
/// before the error check, so an object written alongside an error (as <c>sqlite3_open_v2</c> does) is released by the
/// stub instead of leaking; on success it is handed to the caller. Borrowed: wrapped without ownership.
/// </summary>
internal sealed class OutHandleMarshaller : Marshaller
{
    public OutHandleMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string HandleType => Value.ManagedType.TrimEnd('?');

    private bool Owned => Value.Ownership == Ownership.Owned;

    private string Handle => "__" + Value.Name.TrimStart('@') + "_handle";

    public override string NativeType => "nint*";

    public override bool UsesPointers => true;

    public override void Setup(IndentedWriter writer)
    {
        if (Owned)
        {
            writer.Line($"{HandleType} {Handle} = new {HandleType}();");
        }

        writer.Line($"nint {Native} = 0;");
    }

    public override string Argument => "&" + Native;

    public override void AfterInvoke(IndentedWriter writer)
    {
        if (Owned)
        {
            writer.Line($"{Names.InitHandle}({Handle}, {Native});");
        }
    }

    public override void Unmarshal(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            HandleCode.ThrowIfNull(writer, Native, Where, $"wrote a null handle to '{Value.Name.TrimStart('@')}'", HandleType);
        }

        string wrapped = Owned ? Handle : $"new {HandleType}({Native}, ownsHandle: false)";
        writer.Line(Value.IsNullable ? $"{Name} = {Native} == 0 ? null : {wrapped};" : $"{Name} = {wrapped};");
    }

    public override bool NeedsCompletion => Owned;

    public override bool HasCleanup => Owned;

    /// <summary>Not handed to the caller (the call failed, or a later value did): released here, once.</summary>
    public override void Cleanup(IndentedWriter writer) => writer.Line($"if (!{Names.Completed}) {Handle}.Dispose();");
}
