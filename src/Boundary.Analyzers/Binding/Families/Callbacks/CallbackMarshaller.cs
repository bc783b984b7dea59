using System.Linq;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Callbacks;

/// <summary>
/// A delegate parameter: registered in <c>CallbackTable</c> for as long as native code may call it, passed as the
/// trampoline's address and the registration's token. Borrowed: released in <c>finally</c>, and an exception a call of
/// the delegate threw is rethrown right after the native call. Retained until native code releases it: released by the
/// stub only if the call never happened. Retained until the returned handle is released: attached to that handle once
/// the stub completed, released otherwise.
/// </summary>
internal sealed class CallbackMarshaller : Marshaller
{
    public CallbackMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private CallbackModel Callback => Value.Callback!;

    private string Token => $"__{Name.TrimStart('@')}_token";

    private string Passed => $"__{Name.TrimStart('@')}_passed";

    /// <summary>The trampoline's name: per function (ordinal) and parameter, so overloads never collide.</summary>
    private string Trampoline => $"__Boundary{Context.Ordinal}_{Name.TrimStart('@')}";

    private CallbackResult Result => Callback.Return.Family.ForCallbackResult(Callback.Return)!;

    private CallbackArgument[] Arguments_ => Callback.Parameters.Select(p => p.Family.ForCallbackArgument(p, Context)!).ToArray();

    private string PointerType
        => $"delegate* unmanaged<{string.Join(", ", new[] { "void*" }.Concat(Arguments_.SelectMany(a => a.Parameters.Select(p => p.Type))).Append(Result.NativeType))}>";

    public override bool UsesPointers => true;

    public override void Validate(IndentedWriter writer)
    {
        if (!Value.IsNullable)
        {
            writer.Line($"{Names.ThrowIfNull}({Name});");
        }
    }

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"nint {Token} = 0;");
        if (Callback.Lifetime == CallbackLifetime.UntilNativeReleases)
        {
            writer.Line($"bool {Passed} = false;");
        }
    }

    public override void Marshal(IndentedWriter writer)
        => writer.Line(Value.IsNullable
            ? $"{Token} = {Name} is null ? 0 : {Names.CallbackTable}.Register({Name});"
            : $"{Token} = {Names.CallbackTable}.Register({Name});");

    public override void BeforeInvoke(IndentedWriter writer)
    {
        if (Callback.Lifetime == CallbackLifetime.UntilNativeReleases)
        {
            writer.Line($"{Passed} = true;");
        }
    }

    public override string[] NativeParameters
    {
        get
        {
            // The pointer keeps the C# name as declared ('@out' stays escaped: found by the mutation fuzz test).
            string name = Name.TrimStart('@');
            return Callback.Lifetime == CallbackLifetime.UntilNativeReleases
                ? new[] { $"{PointerType} {Name}", $"void* {name}_user", $"delegate* unmanaged<void*, void> {name}_release" }
                : new[] { $"{PointerType} {Name}", $"void* {name}_user" };
        }
    }

    public override string[] Arguments
    {
        get
        {
            string pointer = Value.IsNullable ? $"{Token} == 0 ? null : &{Trampoline}" : $"&{Trampoline}";
            return Callback.Lifetime == CallbackLifetime.UntilNativeReleases
                ? new[] { pointer, $"(void*){Token}", $"{Names.ForeignCallbacks}.ReleaseFunction" }
                : new[] { pointer, $"(void*){Token}" };
        }
    }

    public override void RethrowAfterInvoke(IndentedWriter writer)
    {
        if (Callback.Lifetime == CallbackLifetime.Call)
        {
            writer.Line($"{Names.CallbackTable}.ThrowIfFailed({Token});");
        }
    }

    public override bool NeedsCompletion => Callback.Lifetime == CallbackLifetime.UntilResultReleased;

    public override bool HasCleanup => true;

    public override void Cleanup(IndentedWriter writer)
    {
        switch (Callback.Lifetime)
        {
            case CallbackLifetime.Call:
                writer.Line($"{Names.CallbackTable}.Release({Token});");
                break;
            case CallbackLifetime.UntilNativeReleases:
                writer.Line($"if (!{Passed}) {Names.CallbackTable}.Release({Token});");
                break;
            default:
                // Kept by the handle that represents the registration; without one native code never took it.
                using (writer.Open($"if ({Names.Completed} && {Token} != 0 && !{Context.ReturnName}.IsInvalid)"))
                {
                    writer.Line($"{Context.ReturnName}.RetainCallback({Token});");
                }

                using (writer.Open("else"))
                {
                    writer.Line($"{Names.CallbackTable}.Release({Token});");
                }

                break;
        }
    }

    public override void WriteMembers(IndentedWriter writer)
    {
        CallbackArgument[] arguments = Arguments_;
        CallbackResult result = Result;
        bool isVoid = result.NativeType == "void";
        string failure = isVoid ? "return;" : $"return {(Callback.FailureValue is { } value ? result.ToNative(value) : "default")};";
        string parameters = string.Join(", ", new[] { "void* __user" }.Concat(arguments.SelectMany(a => a.Parameters.Select(p => $"{p.Type} {p.Name}"))));
        string call = $"__callback({string.Join(", ", arguments.Select(a => a.ToManaged))})";

        writer.Line();
        writer.Line($"/// <summary>Native code calls <c>{StubWriter.CommentText(Name.TrimStart('@'))}</c> of <c>{StubWriter.CommentText(Context.EntryPoint)}</c> through this: it runs the delegate registered under <c>user_data</c>; an exception never unwinds into native code.</summary>");
        writer.Line($"[{Names.UnmanagedCallersOnly}]");
        using (writer.Open($"private static {result.NativeType} {Trampoline}({parameters})"))
        {
            using (writer.Open("try"))
            {
                // A delegate type is sealed: comparing the exact type is the whole type test, and the JIT folds it.
                using (writer.Open($"if ({Names.CallbackTable}.Get((nint)__user) is not {{ }} __target || __target.GetType() != typeof({Callback.DelegateType}))"))
                {
                    // Released already (native code kept a borrowed callback), or a callback of this call threw before.
                    writer.Line(failure);
                }

                writer.Line($"var __callback = {Names.Unsafe}.As<{Callback.DelegateType}>(__target);");

                writer.Line(isVoid ? $"{call};" : $"return {result.ToNative(call)};");
            }

            using (writer.Open("catch (global::System.Exception __exception)"))
            {
                writer.Line(Callback.Lifetime == CallbackLifetime.Call
                    ? $"{Names.CallbackTable}.Capture((nint)__user, __exception);"
                    : $"{Names.ForeignCallbacks}.ReportUnhandled(__exception, {Where});");
                writer.Line(failure);
            }
        }
    }
}
