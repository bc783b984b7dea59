using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>
/// A handle parameter, borrowed or consumed. The handle is AddRef'd for the call, so a concurrent Dispose cannot
/// release the native object while native code uses it, and released in <c>finally</c>. A consumed handle is
/// invalidated immediately before the call: from then on native code owns it and .NET never releases it.
/// </summary>
internal sealed class HandleMarshaller : Marshaller
{
    public HandleMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string AddRef => "__" + Value.Name.TrimStart('@') + Names.AddRefSuffix;

    public override void Validate(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            writer.Line($"{Names.ThrowIfNull}({Name});");
        }
    }

    public override void Setup(IndentedWriter writer) => writer.Line($"bool {AddRef} = false;");

    public override void Marshal(IndentedWriter writer)
    {
        if (Value.IsNullable)
        {
            writer.Line($"nint {Native} = 0;");
            using (writer.Open($"if ({Name} is not null)"))
            {
                writer.Line($"{Name}.DangerousAddRef(ref {AddRef});");
                writer.Line($"{Native} = {Name}.DangerousGetHandle();");
            }
        }
        else
        {
            writer.Line($"{Name}.DangerousAddRef(ref {AddRef});");
            writer.Line($"nint {Native} = {Name}.DangerousGetHandle();");
        }
    }

    public override void BeforeInvoke(IndentedWriter writer)
    {
        if (Value.Ownership == Ownership.Consumed)
        {
            writer.Line(Value.IsNullable ? $"{Name}?.SetHandleAsInvalid();" : $"{Name}.SetHandleAsInvalid();");
        }
    }

    public override string Argument => Native;

    public override bool HasCleanup => true;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(Value.IsNullable ? $"if ({AddRef}) {Name}!.DangerousRelease();" : $"if ({AddRef}) {Name}.DangerousRelease();");
}

/// <summary>
/// A handle return. Owned: the SafeHandle is constructed before the call and filled right after it, so no failure
/// between the native allocation and the managed wrapper can leak the object. Borrowed: wrapped without ownership.
/// A null handle is <c>null</c> for a nullable return and a <see cref="Names.ContractException"/> otherwise.
/// </summary>
internal sealed class HandleReturnMarshaller : ReturnMarshaller
{
    public HandleReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string HandleType => Value.ManagedType.TrimEnd('?');

    private bool Owned => Value.Ownership == Ownership.Owned;

    public override void Setup(IndentedWriter writer)
    {
        writer.Line(Owned ? $"{HandleType} {Names.ReturnValue} = new {HandleType}();" : $"{HandleType} {Names.ReturnValue};");
        writer.Line($"nint {Native};");
    }


    public override void Unmarshal(IndentedWriter writer)
    {
        writer.Line(Owned
            ? $"{Names.InitHandle}({Names.ReturnValue}, {Native});"
            : $"{Names.ReturnValue} = new {HandleType}({Native}, ownsHandle: false);");
        if (!Value.IsNullable)
        {
            using (writer.Open($"if ({Native} == 0)"))
            {
                writer.Line($"throw new {Names.ContractException}(\"{Context.Library}\", \"{Context.EntryPoint}\", \"returned a null handle where a '{ShortName}' was expected\");");
            }
        }
    }

    public override string? ReturnExpression => Value.IsNullable ? $"{Native} == 0 ? null : {Names.ReturnValue}" : Names.ReturnValue;

    private string ShortName => HandleType.Substring(HandleType.LastIndexOf('.') + 1);
}
