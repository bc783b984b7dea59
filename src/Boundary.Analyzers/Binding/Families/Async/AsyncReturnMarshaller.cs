using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Async;

/// <summary>
/// A task result. Before the call: an operation (<c>ForeignOperation&lt;T&gt;</c>) registered under a token that
/// native code gets as <c>user_data</c>, next to the completion trampoline's address; a token already cancelled returns
/// a cancelled task without calling native code. After the call: the token is watched (cancel export). If the call
/// never happened (an argument failed), the registration is released. The completion trampoline replays the completion's
/// values through the function's error shape and <c>T</c>'s return marshaller, exactly as a synchronous stub would.
/// </summary>
internal sealed class AsyncReturnMarshaller : ReturnMarshaller
{
    private const string Operation = "__operation";
    private const string Started = "__operation_started";

    public AsyncReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    private AsyncModel Async => Value.Async!;

    private ValueModel Result => Async.Result;

    /// <summary>The operation's result type: <c>T</c>, or <c>object?</c> for none.</summary>
    private string ResultType => Result.Family is Void.VoidFamily ? "object?" : Result.ManagedType;

    private string OperationType => $"{Names.ForeignOperation}<{ResultType}>";

    internal string Completion => $"__Boundary{Context.Ordinal}_complete";

    private string CancelFunction => $"__Boundary{Context.Ordinal}_cancel";

    public override string NativeType => "void";

    public override bool IsVoid => true;

    public override string InvokeTarget => "";

    public override bool UsesPointers => true;

    public override void Validate(IndentedWriter writer)
    {
        if (Async.TokenParameter is { } token)
        {
            string canceled = (Async.IsValueTask, Result.Family is Void.VoidFamily) switch
            {
                (false, true) => $"global::System.Threading.Tasks.Task.FromCanceled({token})",
                (false, false) => $"global::System.Threading.Tasks.Task.FromCanceled<{ResultType}>({token})",
                (true, true) => $"global::System.Threading.Tasks.ValueTask.FromCanceled({token})",
                (true, false) => $"global::System.Threading.Tasks.ValueTask.FromCanceled<{ResultType}>({token})",
            };
            using (writer.Open($"if ({token}.IsCancellationRequested)"))
            {
                // Cancelled before it started: native code is never called, so nothing can leak.
                writer.Line($"return {canceled};");
            }
        }
    }

    public override void Setup(IndentedWriter writer)
    {
        writer.Line($"var {Operation} = new {OperationType}();");
        writer.Line($"bool {Started} = false;");
    }

    public override void BeforeInvoke(IndentedWriter writer) => writer.Line($"{Started} = true;");

    public override void Unmarshal(IndentedWriter writer)
    {
        if (Async.TokenParameter is { } token)
        {
            writer.Line($"{Operation}.Watch({token}, &{CancelFunction});");
        }
    }

    public override bool HasCleanup => true;

    public override void Cleanup(IndentedWriter writer) => writer.Line($"if (!{Started}) {Operation}.Abandon();");

    public override string? ReturnExpression
        => (Async.IsValueTask, Result.Family is Void.VoidFamily) switch
        {
            (false, _) => $"{Operation}.Task",
            (true, true) => $"new global::System.Threading.Tasks.ValueTask({Operation}.Task)",
            (true, false) => $"new global::System.Threading.Tasks.ValueTask<{ResultType}>({Operation}.Task)",
        };

    public override ErrorHandling BindErrors(ErrorShape shape, int ordinal, ErrorDeclaration declaration)
    {
        ReturnMarshaller result = Result.Family.ForReturn(Result, Context);

        // A handle argument is no longer borrowed when the operation completes: its message cannot be read then.
        ErrorHandling completion = shape.Bind(result, Context, ordinal, declaration with { Message = null });
        completion.InCompletion = true;
        return new AsyncStart(this, Context, result, completion);
    }

    /// <summary>The start call: <c>void f(args..., done, user_data)</c>; failures arrive through the completion.</summary>
    private sealed class AsyncStart : ErrorHandling
    {
        private readonly AsyncReturnMarshaller operation;
        private readonly ReturnMarshaller result;
        private readonly ErrorHandling completion;

        public AsyncStart(AsyncReturnMarshaller operation, StubContext context, ReturnMarshaller result, ErrorHandling completion)
            : base(operation, context)
        {
            this.operation = operation;
            this.result = result;
            this.completion = completion;
        }

        public override string NativeReturnType => "void";

        private string DonePointer
            => $"delegate* unmanaged<{string.Join(", ", new[] { "void*" }.Concat(completion.CompletionParameters.Select(p => p.Type)).Append("void"))}>";

        public override string[] ExtraParameters => new[] { $"{DonePointer} __done", "void* __user" };

        public override string[] ExtraArguments => new[] { $"&{operation.Completion}", $"{Operation}.UserData" };

        public override (string Type, string Name)[] CompletionParameters => System.Array.Empty<(string, string)>();

        public override void WriteReplayBody(IndentedWriter writer)
        {
        }

        public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
        {
            writer.Line($"{call};");
            afterCall();
        }

        public override void WriteMembers(IndentedWriter writer)
        {
            string where = $"<c>{StubWriter.CommentText(Context.EntryPoint)}</c>";
            string parameters = string.Join(", ", new[] { "void* __user" }.Concat(completion.CompletionParameters.Select(p => $"{p.Type} {p.Name}")));
            writer.Line();
            writer.Line($"/// <summary>Native code calls this once when {where} completes: it checks the result as the synchronous call would and completes the task; a second call is counted and ignored.</summary>");
            writer.Line($"[{Names.UnmanagedCallersOnly}]");
            using (writer.Open($"private static void {operation.Completion}({parameters})"))
            {
                // Without a token nothing can watch the operation: claiming it is the whole handshake.
                writer.Line($"var {Operation} = {operation.OperationType}.{(operation.Async.TokenParameter is null ? "CompleteUnwatched" : "Complete")}(__user);");
                using (writer.Open($"if ({Operation} is null)"))
                {
                    writer.Line("return;");
                }

                writer.Line();
                using (writer.Open("try"))
                {
                    StubWriter.WriteBody(writer, System.Array.Empty<Marshaller>(), result, completion, $"__Replay({string.Join(", ", completion.ExtraArguments)})");
                    writer.Line($"{Operation}.Succeed({result.ReturnExpression ?? "null"});");
                }

                using (writer.Open("catch (global::System.Exception __exception)"))
                {
                    writer.Line($"{Operation}.Fail(__exception);");
                }

                writer.Line();
                writer.Line("// The values the synchronous call would have returned, for the error shape's check.");
                using (writer.Open($"{completion.NativeReturnType} __Replay({string.Join(", ", completion.ExtraParameters)})"))
                {
                    completion.WriteReplayBody(writer);
                }
            }

            completion.WriteMembers(writer);

            if (operation.Async.TokenParameter is null || operation.Async.Cancel is not { } cancel)
            {
                return;
            }

            writer.Line();
            writer.Line($"/// <summary>Asks native code to stop an operation of {where} (the token was cancelled while it ran).</summary>");
            using (writer.Open($"private static void {operation.CancelFunction}(nint __user)"))
            {
                if (Context.Language.PrepareCall is { } prepare)
                {
                    writer.Line(prepare);
                }

                writer.Line($"{Names.PInvoke}((void*)__user);");
                writer.Line();
                writer.Import(Context.Library, cancel);
                writer.Line($"static extern void {Names.PInvoke}(void* user_data);");
            }
        }
    }
}
