using System.Linq;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Errors;

/// <summary>
/// How a stub calls a function of one error shape and turns a failure into an exception. The shape decides the native
/// signature (an extra out parameter, a result struct, a status return), writes the call and the check right after it,
/// and hands the result to the return marshaller through its native local. Failures go to cold, non-inlined helpers
/// (see <see cref="SupportWriter"/>), so the success path is one compare and allocates nothing.
/// </summary>
internal abstract class ErrorHandling
{
    protected ErrorHandling(ReturnMarshaller result, StubContext context)
    {
        Result = result;
        Context = context;
    }

    protected ReturnMarshaller Result { get; }

    protected StubContext Context { get; }

    protected string Function => $"\"{StubWriter.Escape(Context.EntryPoint)}\"";

    /// <summary>The native return type.</summary>
    public virtual string NativeReturnType => Result.NativeType;

    /// <summary>Whether this checks the values a completion callback passes (a task's), not a call's result.</summary>
    public bool InCompletion { get; set; }

    /// <summary>Native parameters added after the function's own.</summary>
    public virtual string[] ExtraParameters => System.Array.Empty<string>();

    /// <summary>Arguments for <see cref="ExtraParameters"/>.</summary>
    public virtual string[] ExtraArguments => System.Array.Empty<string>();

    /// <summary>Whether the stub needs an unsafe context.</summary>
    public virtual bool UsesPointers => true;

    /// <summary>Declarations the shape needs next to the stub (a result struct), or nothing.</summary>
    public virtual void WriteMembers(IndentedWriter writer)
    {
    }

    public virtual void Setup(IndentedWriter writer)
    {
    }

    /// <summary>Writes the call expression <paramref name="call"/>, then <paramref name="afterCall"/> (work that must
    /// happen whether or not the call failed, and cannot fail), then the failure check.</summary>
    public abstract void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall);

    /// <summary>
    /// A completion callback's parameters after <c>user_data</c> (C# type and name), in the order of
    /// <see cref="ErrorShape.CompletionValues"/>: what the synchronous call would have returned or written.
    /// </summary>
    public abstract (string Type, string Name)[] CompletionParameters { get; }

    /// <summary>
    /// The body of the completion's replay function, <c>NativeReturnType __Replay(ExtraParameters)</c>, which hands the
    /// completion's values to <see cref="WriteInvoke"/> exactly as the synchronous call would have: the same check, the
    /// same ownership of what came with a failure.
    /// </summary>
    public abstract void WriteReplayBody(IndentedWriter writer);

    /// <summary>The completion's result value: <c>__c_result</c>, or nothing for <c>void</c>.</summary>
    protected (string Type, string Name)[] ResultCompletion => Result.IsVoid ? System.Array.Empty<(string, string)>() : new[] { (Result.NativeType, "__c_result") };

    /// <summary>The import of a handle's message function, named per function (see <see cref="HandleMessage"/>).</summary>
    protected static string MessageImport(int ordinal) => $"__Boundary{ordinal}_errmsg";

    /// <summary>
    /// The message a handle argument lends, read while the stub still borrows the handle (the throw is inside the
    /// protected region, before <c>finally</c> returns it); a null handle lends none.
    /// </summary>
    protected static string BorrowedMessage(HandleMessage message, int ordinal)
    {
        string handle = Marshaller.NativeLocalOf(message.Parameter);
        return message.IsNullable ? $"{handle} == 0 ? null : {MessageImport(ordinal)}({handle})" : $"{MessageImport(ordinal)}({handle})";
    }

    /// <summary>Declares the message function's import next to the stub.</summary>
    protected void WriteMessageImport(IndentedWriter writer, HandleMessage message, int ordinal)
    {
        writer.Line();
        writer.Line($"/// <summary>Lends the message of the last failure of the handle <c>{StubWriter.CommentText(Context.EntryPoint)}</c> was called with; never freed.</summary>");
        writer.Import(message.Library, message.Function);
        writer.Line($"private static extern byte* {MessageImport(ordinal)}(nint handle);");
    }
}

/// <summary>The function cannot fail.</summary>
internal sealed class NoErrors : ErrorHandling
{
    public NoErrors(ReturnMarshaller result, StubContext context)
        : base(result, context)
    {
    }

    public override bool UsesPointers => false;

    public override (string Type, string Name)[] CompletionParameters => ResultCompletion;

    public override void WriteReplayBody(IndentedWriter writer)
    {
        if (!Result.IsVoid)
        {
            writer.Line("return __c_result;");
        }
    }

    public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
    {
        writer.Line($"{Result.InvokeTarget}{call};");
        afterCall();
    }
}

/// <summary>
/// A shape whose failure message is the thread's last error, or lent by a handle argument that declares one: the
/// function's declaration says which, and the lending function is imported next to the stub.
/// </summary>
internal abstract class MessageErrors : ErrorHandling
{
    protected MessageErrors(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
        : base(result, context)
    {
        Ordinal = ordinal;
        Declaration = declaration;
    }

    /// <summary>The function's position in its boundary, which names its per-function members.</summary>
    protected int Ordinal { get; }

    /// <summary>What the function's declaration adds to its shape (success codes, sentinel, lent message).</summary>
    protected ErrorDeclaration Declaration { get; }

    public sealed override void WriteMembers(IndentedWriter writer)
    {
        if (Declaration.Message is { } message)
        {
            WriteMessageImport(writer, message, Ordinal);
        }
    }
}

/// <summary>
/// <c>int32_t f(args..., T* out)</c>: a status other than 0 (and the declared <c>[ForeignSuccess]</c> codes) is the
/// error code; the message comes from the last-error function, or from a handle argument that declares one. A function
/// declared to return its error enum gets the status itself (<c>int32_t f(args...)</c>).
/// </summary>
internal sealed class StatusCodeErrors : MessageErrors
{
    private const string Status = "__status";

    public StatusCodeErrors(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
        : base(result, context, ordinal, declaration)
    {
    }

    private bool WritesOut => !Result.IsVoid && !Declaration.ReturnsStatus;

    public override string NativeReturnType => "int";

    public override string[] ExtraParameters => WritesOut ? new[] { $"{Result.NativeType}* __out" } : base.ExtraParameters;

    public override string[] ExtraArguments => WritesOut ? new[] { "&" + Result.NativeLocal } : base.ExtraArguments;

    public override (string Type, string Name)[] CompletionParameters
        => new[] { ("int", "__c_status") }.Concat(WritesOut ? ResultCompletion : System.Array.Empty<(string, string)>()).ToArray();

    public override void WriteReplayBody(IndentedWriter writer)
    {
        if (WritesOut)
        {
            writer.Line("*__out = __c_result;");
        }

        writer.Line("return __c_status;");
    }

    public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
    {
        writer.Line($"int {Status} = {call};");
        string failed = string.Join(" && ", new[] { 0 }.Concat(Declaration.SuccessCodes).Select(code => $"{Status} != {code}"));
        afterCall();
        using (writer.Open($"if ({failed})"))
        {
            writer.Line(Declaration.Message is { } message
                ? $"throw {Names.BorrowedError}({Function}, {Status}, true, {BorrowedMessage(message, Ordinal)});"
                : $"throw {Names.StatusError}({Function}, {Status});");
        }

        if (Declaration.ReturnsStatus)
        {
            writer.Line($"{Result.NativeLocal} = ({Result.Value.ManagedType}){Status};");
        }
    }
}

/// <summary>
/// <c>T f(args...)</c> whose result is null, or the declared sentinel, on failure: the message is the thread's last
/// error, or lent by a handle argument that declares one. No code.
/// </summary>
internal sealed class SentinelErrors : MessageErrors
{
    public SentinelErrors(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
        : base(result, context, ordinal, declaration)
    {
    }

    public override (string Type, string Name)[] CompletionParameters => ResultCompletion;

    public override void WriteReplayBody(IndentedWriter writer) => writer.Line("return __c_result;");

    public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
    {
        // The reader refuses this shape for a function without a sentinel (BND3006); the fallback only keeps the
        // generated code compiling.
        SentinelTest sentinel = Declaration.Sentinel ?? new SentinelTest("==", "default");
        writer.Line($"{Result.InvokeTarget}{call};");
        afterCall();
        using (writer.Open($"if ({Result.NativeLocal} {sentinel.Operator} {sentinel.Operand})"))
        {
            writer.Line(Declaration.Message is { } message
                ? $"throw {Names.BorrowedError}({Function}, 0, false, {BorrowedMessage(message, Ordinal)});"
                : $"throw {Names.SentinelError}({Function});");
        }
    }
}

/// <summary>
/// A Go multi-value export: <c>struct { T r0; [int32_t code;] char* message; }</c> by value, or the bare message (and
/// code) for <c>void</c>. A non-null message is the error.
/// </summary>
internal sealed class GoErrors : ErrorHandling
{
    private const string Local = "__result";
    private readonly int ordinal;
    private readonly bool withCode;

    public GoErrors(ReturnMarshaller result, StubContext context, int ordinal, bool withCode)
        : base(result, context)
    {
        this.ordinal = ordinal;
        this.withCode = withCode;
    }

    private bool BareMessage => Result.IsVoid && !withCode;

    private string StructName => $"__Boundary{ordinal}_return";

    private string CodeField => Result.IsVoid ? "r0" : "r1";

    private string MessageField => $"r{(Result.IsVoid ? 0 : 1) + (withCode ? 1 : 0)}";

    public override string NativeReturnType => BareMessage ? "byte*" : StructName;

    public override void WriteMembers(IndentedWriter writer)
    {
        if (BareMessage)
        {
            return;
        }

        writer.Line();
        writer.Line(!InCompletion
            ? $"/// <summary>The result struct cgo generates for <c>{StubWriter.CommentText(Context.EntryPoint)}</c>.</summary>"
            : $"/// <summary>The values the completion of <c>{StubWriter.CommentText(Context.EntryPoint)}</c> passes, as the result struct a synchronous call would return.</summary>");
        writer.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Sequential)]");
        using (writer.Open($"private struct {StructName}"))
        {
            if (!Result.IsVoid)
            {
                writer.Line($"public {Result.NativeType} r0;");
            }

            if (withCode)
            {
                writer.Line($"public int {CodeField};");
            }

            writer.Line($"public byte* {MessageField};");
        }
    }

    public override (string Type, string Name)[] CompletionParameters
    {
        get
        {
            var values = new System.Collections.Generic.List<(string, string)>();
            if (!Result.IsVoid)
            {
                values.Add((Result.NativeType, "__c_r0"));
            }

            if (withCode)
            {
                values.Add(("int", "__c_" + CodeField));
            }

            values.Add(("byte*", "__c_" + MessageField));
            return values.ToArray();
        }
    }

    public override void WriteReplayBody(IndentedWriter writer)
    {
        if (BareMessage)
        {
            writer.Line("return __c_r0;");
            return;
        }

        var fields = new System.Collections.Generic.List<string>();
        if (!Result.IsVoid)
        {
            fields.Add("r0 = __c_r0");
        }

        if (withCode)
        {
            fields.Add($"{CodeField} = __c_{CodeField}");
        }

        fields.Add($"{MessageField} = __c_{MessageField}");
        writer.Line($"return new {StructName} {{ {string.Join(", ", fields)} }};");
    }

    public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
    {
        if (BareMessage)
        {
            writer.Line($"byte* {Local} = {call};");
            afterCall();
            using (writer.Open($"if ({Local} != null)"))
            {
                writer.Line($"throw {Names.GoError}({Function}, 0, {Local}, hasCode: false);");
            }

            return;
        }

        writer.Line($"{StructName} {Local} = {call};");
        if (!Result.IsVoid)
        {
            // Taken before the check, so an owned value that came with an error is still released by the stub.
            writer.Line($"{Result.NativeLocal} = {Local}.r0;");
        }

        afterCall();

        using (writer.Open($"if ({Local}.{MessageField} != null)"))
        {
            string code = withCode ? $"{Local}.{CodeField}" : "0";
            writer.Line($"throw {Names.GoError}({Function}, {code}, {Local}.{MessageField}, hasCode: {(withCode ? "true" : "false")});");
        }
    }
}

/// <summary><c>T f(args..., boundary_error** err)</c>: a non-null record is the error; the stub releases it.</summary>
internal sealed class OutErrorRecord : ErrorHandling
{
    private const string Local = "__error";

    public OutErrorRecord(ReturnMarshaller result, StubContext context)
        : base(result, context)
    {
    }

    public override string[] ExtraParameters => new[] { $"{Names.ErrorRecord}** __err" };

    public override string[] ExtraArguments => new[] { "&" + Local };

    public override void Setup(IndentedWriter writer) => writer.Line($"{Names.ErrorRecord}* {Local} = null;");

    public override (string Type, string Name)[] CompletionParameters
        => ResultCompletion.Append(($"{Names.ErrorRecord}*", "__c_err")).ToArray();

    public override void WriteReplayBody(IndentedWriter writer)
    {
        writer.Line("*__err = __c_err;");
        if (!Result.IsVoid)
        {
            writer.Line("return __c_result;");
        }
    }

    public override void WriteInvoke(IndentedWriter writer, string call, System.Action afterCall)
    {
        writer.Line($"{Result.InvokeTarget}{call};");
        afterCall();
        using (writer.Open($"if ({Local} != null)"))
        {
            writer.Line($"throw {Names.RecordError}({Function}, {Local});");
        }
    }
}
