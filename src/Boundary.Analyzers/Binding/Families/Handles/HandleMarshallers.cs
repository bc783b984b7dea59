using System.Linq;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Handles;

/// <summary>
/// A handle parameter: borrowed, retained or consumed. A borrowed handle is lent for the call (a reference that a
/// concurrent Dispose waits for, refused once a Dispose or move started) and returned in <c>finally</c>; a handle type
/// declared <c>ThreadSafe = false</c> is borrowed exclusively, so calls with it run one at a time. A consumed handle is
/// moved before anything else is borrowed: the move claims it (exactly one Dispose or move wins) and waits until every
/// other call using it has returned. Native code owns it once the call starts; if the stub fails before that, the stub
/// releases it (the caller gave it away either way).
/// </summary>
internal sealed class HandleMarshaller : Marshaller
{
    public HandleMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string AddRef => Local(Names.AddRefSuffix);

    /// <summary>True while the stub holds the moved object: out of the handle, not yet in native code.</summary>
    private string Moving => Local(Names.MovingSuffix);

    private bool Consumed => Value.Ownership == Ownership.Consumed;

    /// <summary>
    /// Whether the stub can fail between the move and the call: only while other arguments are borrowed, moved or
    /// converted (plain values cannot fail), and then the stub must release the object it holds.
    /// </summary>
    private bool CanFailAfterMove => Consumed && Context.Parameters.Any(p => p.Name != Value.Name && !p.Family.MarshalsWithoutFailure);

    /// <summary>Borrowed one call at a time. A move never holds the lock: it waits for every borrower instead.</summary>
    private bool Exclusive => Value.Serialized && !Consumed;

    private string Function => StubWriter.Escape(Context.Library + "!" + Context.EntryPoint);

    private string Target => Value.IsNullable ? Name + "!" : Name;

    private string Local(string suffix) => "__" + Value.Name.TrimStart('@') + suffix;

    public override void Validate(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            writer.Line($"{Names.ThrowIfNull}({Name});");
        }

        // One handle twice in one call deadlocks a move (it would wait for the call itself) and re-enters a
        // serialized handle: refuse it up front, with both names, instead of failing halfway. Only handles of the
        // same type can be the same object.
        foreach (ValueModel earlier in Context.Parameters.TakeWhile(p => p.Name != Value.Name))
        {
            bool moved = Consumed || earlier.Ownership == Ownership.Consumed;
            if (earlier.Family == HandleFamily.Instance && earlier.RefKind == RefKind.None && earlier.ManagedType.TrimEnd('?') == Value.ManagedType.TrimEnd('?') && (moved || Value.Serialized))
            {
                writer.Line($"{Names.ForeignSafeHandle}.ThrowIfSameHandle({earlier.Name}, {Name}, \"{earlier.Name.TrimStart('@')}\", \"{Name.TrimStart('@')}\", \"{Function}\", moved: {(moved ? "true" : "false")});");
            }
        }
    }

    public override void Setup(IndentedWriter writer)
    {
        // A move holds no reference when it returns or throws: only a borrow needs undoing, and a move that may
        // still be followed by a failure.
        if (!Consumed)
        {
            writer.Line($"bool {AddRef} = false;");
        }
        else if (CanFailAfterMove)
        {
            writer.Line($"bool {Moving} = false;");
        }
    }

    public override void Acquire(IndentedWriter writer)
    {
        if (!Consumed)
        {
            return;
        }

        string move = $"{Name}.DangerousMoveToNative(\"{Function}\");";
        if (Value.IsNullable)
        {
            writer.Line($"nint {Native} = 0;");
            using (writer.Open($"if ({Name} is not null)"))
            {
                writer.Line($"{Native} = {move}");
                MarkMoving(writer);
            }
        }
        else
        {
            writer.Line($"nint {Native} = {move}");
            MarkMoving(writer);
        }
    }

    public override void Marshal(IndentedWriter writer)
    {
        if (Consumed)
        {
            return;
        }

        string borrow = $"{Name}.{(Exclusive ? "DangerousBorrowExclusive" : "DangerousBorrow")}(ref {AddRef});";
        if (Value.IsNullable)
        {
            writer.Line($"nint {Native} = 0;");
            using (writer.Open($"if ({Name} is not null)"))
            {
                writer.Line(borrow);
                writer.Line($"{Native} = {Name}.DangerousGetHandle();");
            }
        }
        else
        {
            writer.Line(borrow);
            writer.Line($"nint {Native} = {Name}.DangerousGetHandle();");
        }
    }

    /// <summary>Native code owns a moved object from the call on.</summary>
    public override void BeforeInvoke(IndentedWriter writer)
    {
        if (CanFailAfterMove)
        {
            writer.Line($"{Moving} = false;");
        }
    }

    public override string Argument => Native;

    private void MarkMoving(IndentedWriter writer)
    {
        if (CanFailAfterMove)
        {
            writer.Line($"{Moving} = true;");
        }
    }

    public override bool HasCleanup => !Consumed || CanFailAfterMove;

    public override void Cleanup(IndentedWriter writer)
        => writer.Line(Consumed
            ? $"if ({Moving}) {Target}.DangerousReleaseAfterFailedMove();"
            : $"if ({AddRef}) {Target}.{(Exclusive ? "DangerousReturnExclusive" : "DangerousRelease")}();");
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
        writer.Line(Owned ? $"{HandleType} {Value.Name} = new {HandleType}();" : $"{HandleType} {Value.Name};");
        writer.Line($"nint {Native};");
    }


    public override void Unmarshal(IndentedWriter writer)
    {
        writer.Line(Owned
            ? $"{Names.InitHandle}({Value.Name}, {Native});"
            : $"{Value.Name} = new {HandleType}({Native}, ownsHandle: false);");
        if (!Value.IsNullable)
        {
            HandleCode.ThrowIfNull(writer, Native, Where, "returned a null handle", HandleType);
        }
    }

    public override string? ReturnExpression => Value.IsNullable ? $"{Native} == 0 ? null : {Value.Name}" : Value.Name;
}
