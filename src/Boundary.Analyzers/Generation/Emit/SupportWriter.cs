using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>
/// Writes the members a boundary's stubs share, only those some stub uses: the library's free and last-error functions,
/// and the cold helpers that turn a native failure into an exception (reading and freeing the message exactly once).
/// </summary>
internal sealed class SupportWriter
{
    private readonly BoundaryModel boundary;
    private readonly bool stringFree;
    private readonly bool bufferFree;
    private readonly bool bufferRelease;
    private readonly bool statusErrors;
    private readonly bool goErrors;
    private readonly bool recordErrors;

    public SupportWriter(BoundaryModel boundary, IReadOnlyList<FunctionModel> functions)
    {
        this.boundary = boundary;
        statusErrors = functions.Any(f => f.ErrorShape == KnownNames.ErrorShape.StatusCode);
        goErrors = functions.Any(f => f.ErrorShape is KnownNames.ErrorShape.GoError or KnownNames.ErrorShape.GoErrorWithCode);
        recordErrors = functions.Any(f => f.ErrorShape == KnownNames.ErrorShape.OutError);
        stringFree = goErrors
            || (statusErrors && boundary.Runtime.LastError is not null)
            || functions.Any(f => f.Return.Kind == ValueKind.String && f.Return.Ownership == Ownership.Owned);
        bufferRelease = functions.Any(f => f.Return.Kind == ValueKind.Buffer);
        bufferFree = bufferRelease || functions.Any(f => f.Return.Kind == ValueKind.Array && f.Return.Ownership == Ownership.Owned);
    }

    public bool UsesPointers => stringFree || bufferFree || statusErrors || goErrors || recordErrors;

    private bool IsGo => boundary.Language == KnownNames.LanguageGo;

    private string Library => $"\"{StubWriter.Escape(boundary.Library)}\"";

    public void Write(IndentedWriter writer)
    {
        if (IsGo)
        {
            WriteGoLibrary(writer);
        }

        if (stringFree)
        {
            Import(writer, boundary.Runtime.StringFree, $"void {Names.StringFree}(byte* value)");
        }

        if (bufferFree)
        {
            Import(writer, boundary.Runtime.BufferFree, $"void {Names.BufferFree}(void* buffer)");
        }

        if (bufferRelease)
        {
            writer.Line();
            writer.Line("/// <summary>Frees a NativeBuffer's memory; it may run on the finalizer thread.</summary>");
            using (writer.Open($"private static void {Names.BufferRelease}(void* buffer)"))
            {
                if (IsGo)
                {
                    writer.Line(Names.GoPrepareLibrary);
                }

                writer.Line($"{Names.BufferFree}(buffer);");
            }
        }

        if (statusErrors && boundary.Runtime.LastError is { } lastError)
        {
            Import(writer, lastError, $"byte* {Names.LastError}()");
        }

        if (recordErrors)
        {
            Import(writer, boundary.Runtime.ErrorFree, $"void {Names.ErrorFree}({Names.ErrorRecord}* error)");
        }

        if (statusErrors)
        {
            Cold(writer, $"{Names.StatusError}(string function, int status)", () =>
            {
                if (boundary.Runtime.LastError is null)
                {
                    writer.Line($"return {Names.Error}(function, status, null);");
                    return;
                }

                writer.Line($"byte* message = {Names.LastError}();");
                TakeMessage(writer, "message", then: $"return {Names.Error}(function, status, text);");
            });
        }

        if (goErrors)
        {
            Cold(writer, $"{Names.GoError}(string function, int code, byte* message, bool hasCode)", () =>
                TakeMessage(writer, "message", then: $"return hasCode ? {Names.Error}(function, code, text) : {Names.ForeignErrors}.Uncoded({Library}, function, text);"));
        }

        if (recordErrors)
        {
            Cold(writer, $"{Names.RecordError}(string function, {Names.ErrorRecord}* error)", () =>
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

        if (statusErrors || goErrors || recordErrors)
        {
            WriteErrorFactory(writer);
        }
    }

    /// <summary>
    /// The Go library the stubs name on every call: a static readonly of its own class, initialised on first use, so
    /// the per-call check is a compare with a constant.
    /// </summary>
    private void WriteGoLibrary(IndentedWriter writer)
    {
        writer.Line();
        writer.Line("/// <summary>The Go library of this boundary: loaded on first use, behind the Go signal shim.</summary>");
        using (writer.Open($"private static class {Names.GoLibraryHolder}"))
        {
            writer.Line($"internal static readonly {Names.GoLibrary} Library = {Names.GoLibrary}.Get({Library}, typeof({Names.GoLibraryHolder}));");
        }
    }

    /// <summary>Maps a code to its exception: the [ForeignErrors] enum's mapping, panic member, or the raw code.</summary>
    private void WriteErrorFactory(IndentedWriter writer)
    {
        Cold(writer, $"{Names.Error}(string function, int code, string? message)", () =>
        {
            if (boundary.Errors is not { } errors)
            {
                writer.Line($"return {Names.ForeignErrors}.Raw({Library}, function, code, message);");
                return;
            }

            string coded = $"{Names.ForeignErrors}.Coded<{errors.FullyQualifiedName}>({Library}, function, ({errors.FullyQualifiedName})code, code";
            using (writer.Open("switch (code)"))
            {
                foreach (ErrorMember member in errors.Members.Where(m => m.IsPanic))
                {
                    writer.Line($"case {member.Value}:");
                    writer.Line($"    return {Names.ForeignErrors}.Panic({Library}, function, code, message);");
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

    private static void TakeMessage(IndentedWriter writer, string pointer, string then)
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

    private void Import(IndentedWriter writer, string entryPoint, string signature)
    {
        writer.Line();
        writer.Line(StubWriter.DllImportLine(boundary.Library, entryPoint));
        writer.Line($"private static extern {signature};");
    }

    private static void Cold(IndentedWriter writer, string signature, System.Action body)
    {
        writer.Line();
        writer.Line($"[{Names.NoInlining}]");
        using (writer.Open($"private static global::System.Exception {signature}"))
        {
            body();
        }
    }
}
