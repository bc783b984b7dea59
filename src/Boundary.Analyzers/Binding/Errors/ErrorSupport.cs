using System.Linq;
using Boundary.Analyzers.Binding.Families.Strings;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Errors;

/// <summary>The boundary's last-error function: the message of the thread's last failure, an owned string.</summary>
internal sealed class LastErrorImport : SupportMember
{
    public static readonly LastErrorImport Instance = new();

    private LastErrorImport()
    {
    }

    public override int Order => 40;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Import(writer, boundary, boundary.Runtime.LastError!, $"byte* {Names.LastError}()");
}

/// <summary>The boundary's error-record free function (<see cref="ErrorShape.OutError"/>).</summary>
internal sealed class ErrorFreeImport : SupportMember
{
    public static readonly ErrorFreeImport Instance = new();

    private ErrorFreeImport()
    {
    }

    public override int Order => 50;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Import(writer, boundary, boundary.Runtime.ErrorFree, $"void {Names.ErrorFree}({Names.ErrorRecord}* error)");
}

/// <summary>Builds the exception for a failed status code, with the last-error message when the boundary has one.</summary>
internal sealed class StatusErrorHelper : SupportMember
{
    public static readonly StatusErrorHelper Instance = new();

    private StatusErrorHelper()
    {
    }

    public override int Order => 60;

    public override SupportMember[] Requires(BoundaryModel boundary)
        => boundary.Runtime.LastError is null
            ? new SupportMember[] { ErrorFactory.Instance }
            : new SupportMember[] { ErrorFactory.Instance, LastErrorImport.Instance, StringFreeImport.Instance };

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.StatusError}(string function, int status)", () =>
        {
            if (boundary.Runtime.LastError is null)
            {
                writer.Line($"return {Names.Error}(function, status, null);");
                return;
            }

            writer.Line($"byte* message = {Names.LastError}();");
            ErrorMessages.Take(writer, "message", then: $"return {Names.Error}(function, status, text);");
        });
}

/// <summary>Builds the exception for a Go error message (and code), freeing the message.</summary>
internal sealed class GoErrorHelper : SupportMember
{
    public static readonly GoErrorHelper Instance = new();

    private GoErrorHelper()
    {
    }

    public override int Order => 70;

    public override SupportMember[] Requires(BoundaryModel boundary) => new SupportMember[] { ErrorFactory.Instance, StringFreeImport.Instance };

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.GoError}(string function, int code, byte* message, bool hasCode)", () =>
            ErrorMessages.Take(writer, "message", then: $"return hasCode ? {Names.Error}(function, code, text) : {Names.ForeignErrors}.Uncoded({Library(boundary)}, function, text);"));
}

/// <summary>Builds the exception for an error record, releasing the record.</summary>
internal sealed class RecordErrorHelper : SupportMember
{
    public static readonly RecordErrorHelper Instance = new();

    private RecordErrorHelper()
    {
    }

    public override int Order => 80;

    public override SupportMember[] Requires(BoundaryModel boundary) => new SupportMember[] { ErrorFactory.Instance, ErrorFreeImport.Instance };

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.RecordError}(string function, {Names.ErrorRecord}* error)", () =>
        {
            writer.Line("int code = error->Code;");
            writer.Line("string? text;");
            using (writer.Open("try"))
            {
                writer.Line($"text = {Names.NativeStrings}.Message(error->Message);");
            }

            using (writer.Open("finally"))
            {
                writer.Line($"{Names.ErrorFree}(error);");
            }

            writer.Line($"return {Names.Error}(function, code, text);");
        });
}

/// <summary>
/// Builds the exception for a null or sentinel result (<see cref="ErrorShape.NullOrSentinel"/>): no code, the
/// last-error message when the boundary has a last-error function.
/// </summary>
internal sealed class SentinelErrorHelper : SupportMember
{
    public static readonly SentinelErrorHelper Instance = new();

    private SentinelErrorHelper()
    {
    }

    public override int Order => 82;

    public override SupportMember[] Requires(BoundaryModel boundary)
        => boundary.Runtime.LastError is null
            ? System.Array.Empty<SupportMember>()
            : new SupportMember[] { LastErrorImport.Instance, StringFreeImport.Instance };

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.SentinelError}(string function)", () =>
        {
            string uncoded = $"{Names.ForeignErrors}.Uncoded({Library(boundary)}, function, ";
            if (boundary.Runtime.LastError is null)
            {
                writer.Line($"return {uncoded}null);");
                return;
            }

            writer.Line($"byte* message = {Names.LastError}();");
            ErrorMessages.Take(writer, "message", then: $"return {uncoded}text);");
        });
}

/// <summary>
/// Builds the exception for a failure whose message a handle argument lends (<c>[ForeignHandle(ErrorMessage = ...)]</c>):
/// the message is copied and never freed, and the thread's last error is left alone.
/// </summary>
internal sealed class BorrowedErrorHelper : SupportMember
{
    public static readonly BorrowedErrorHelper Instance = new();

    private BorrowedErrorHelper()
    {
    }

    public override int Order => 84;

    public override SupportMember[] Requires(BoundaryModel boundary) => new SupportMember[] { ErrorFactory.Instance };

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.BorrowedError}(string function, int code, bool hasCode, byte* message)", () =>
        {
            writer.Line($"string? text = {Names.NativeStrings}.Message(message);");
            writer.Line($"return hasCode ? {Names.Error}(function, code, text) : {Names.ForeignErrors}.Uncoded({Library(boundary)}, function, text);");
        });
}

/// <summary>Maps a code to its exception: the [ForeignErrors] enum's mapping, panic member, or the raw code.</summary>
internal sealed class ErrorFactory : SupportMember
{
    public static readonly ErrorFactory Instance = new();

    private ErrorFactory()
    {
    }

    public override int Order => 90;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Cold(writer, $"{Names.Error}(string function, int code, string? message)", () =>
        {
            string library = Library(boundary);
            if (boundary.Errors is not { } errors)
            {
                writer.Line($"return {Names.ForeignErrors}.Raw({library}, function, code, message);");
                return;
            }

            string coded = $"{Names.ForeignErrors}.Coded<{errors.FullyQualifiedName}>({library}, function, ({errors.FullyQualifiedName})code, code";
            using (writer.Open("switch (code)"))
            {
                foreach (ErrorMember member in errors.Members.Where(m => m.IsPanic))
                {
                    writer.Line($"case {member.Value}:");
                    writer.Line($"    return {Names.ForeignErrors}.Panic({library}, function, code, message);");
                }

                foreach (ErrorMember member in errors.Members.Where(m => !m.IsPanic && m.ThrowsAs is not null))
                {
                    using (writer.Open($"case {member.Value}:"))
                    {
                        writer.Line($"global::Boundary.ForeignException inner = {coded}, isDefined: true, message);");
                        writer.Line($"return new {member.ThrowsAs}(inner.Message, inner);");
                    }
                }

                var plain = errors.Members.Where(m => !m.IsPanic && m.ThrowsAs is null).ToList();
                foreach (ErrorMember member in plain)
                {
                    writer.Line($"case {member.Value}:");
                }

                if (plain.Count > 0)
                {
                    writer.Line($"    return {coded}, isDefined: true, message);");
                }

                writer.Line("default:");
                writer.Line($"    return {coded}, isDefined: false, message);");
            }
        });
}

/// <summary>Reading a native error message and freeing it exactly once.</summary>
internal static class ErrorMessages
{
    public static void Take(IndentedWriter writer, string pointer, string then)
    {
        writer.Line("string? text;");
        using (writer.Open("try"))
        {
            writer.Line($"text = {Names.NativeStrings}.Message({pointer});");
        }

        using (writer.Open("finally"))
        {
            writer.Line($"if ({pointer} != null) {Names.StringFree}({pointer});");
        }

        writer.Line(then);
    }
}
