using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>
/// A handle parameter: borrowed, retained or consumed. The handle is borrowed for the call (a reference that a
/// concurrent Dispose waits for, refused once a Dispose or move started) and returned in <c>finally</c>; a handle type
/// declared <c>ThreadSafe = false</c> is borrowed exclusively, so calls with it run one at a time. A consumed handle is
/// moved immediately before the call: the move claims it (exactly one Dispose or move wins), waits until every other
/// call using it has returned, and from then on native code owns it and .NET never releases it.
/// </summary>
internal sealed class HandleMarshaller : Marshaller
{
    public HandleMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private string AddRef => "__" + Value.Name.TrimStart('@') + Names.AddRefSuffix;

    private bool Consumed => Value.Ownership == Ownership.Consumed;

    /// <summary>Borrowed one call at a time. A move never holds the lock: it waits for every borrower instead.</summary>
    private bool Exclusive => Value.Serialized && !Consumed;

    private string Function => StubWriter.Escape(Context.Library + "!" + Context.EntryPoint);

    private string Access => Value.IsNullable ? "?." : ".";

    /// <summary>The handle parameters before this one, of the same type (only those can be the same object).</summary>
    private IEnumerable<ValueModel> EarlierOfSameType
        => Context.Parameters
            .TakeWhile(p => p.Name != Value.Name)
            .Where(p => p.Kind == ValueKind.Handle && p.ManagedType.TrimEnd('?') == Value.ManagedType.TrimEnd('?'));

    public override void Validate(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            writer.Line($"{Names.ThrowIfNull}({Name});");
        }

        // One handle twice in one call deadlocks a move (it would wait for the call itself) and re-enters a
        // serialized handle: refuse it up front, with both names, instead of failing halfway.
        foreach (ValueModel earlier in EarlierOfSameType)
        {
            bool moved = Consumed || earlier.Ownership == Ownership.Consumed;
            if (moved || Value.Serialized)
            {
                writer.Line($"{Names.ForeignSafeHandle}.ThrowIfSameHandle({earlier.Name}, {Name}, \"{earlier.Name.TrimStart('@')}\", \"{Name.TrimStart('@')}\", \"{Function}\", moved: {(moved ? "true" : "false")});");
            }
        }
    }

    public override void Setup(IndentedWriter writer) => writer.Line($"bool {AddRef} = false;");

    public override void Marshal(IndentedWriter writer)
    {
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

    public override void BeforeInvoke(IndentedWriter writer)
    {
        if (!Consumed)
        {
            return;
        }

        string move = $"{Name}{Access}DangerousMoveToNative(ref {AddRef}, \"{Function}\");";
        var movedBefore = Context.Parameters
            .TakeWhile(p => p.Name != Value.Name)
            .Where(p => p.Kind == ValueKind.Handle && p.Ownership == Ownership.Consumed)
            .ToList();
        if (movedBefore.Count == 0)
        {
            writer.Line(move);
            return;
        }

        // Handles moved by earlier arguments belong to no one if this move fails: native code never gets them.
        using (writer.Open("try"))
        {
            writer.Line(move);
        }

        using (writer.Open("catch"))
        {
            foreach (ValueModel earlier in movedBefore)
            {
                writer.Line($"{earlier.Name}{(earlier.IsNullable ? "?." : ".")}DangerousReleaseAfterFailedMove();");
            }

            writer.Line("throw;");
        }
    }

    public override string Argument => Native;

    public override bool HasCleanup => true;

    public override void Cleanup(IndentedWriter writer)
    {
        string target = Value.IsNullable ? Name + "!" : Name;
        writer.Line($"if ({AddRef}) {target}.{(Exclusive ? "DangerousReturnExclusive" : "DangerousRelease")}();");
    }
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
