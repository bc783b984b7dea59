using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>Writes the generated part of one boundary class: one stub per boundary function.</summary>
internal static class StubWriter
{
    public static string Write(BoundaryModel boundary)
    {
        var stubs = boundary.Functions.Select((f, i) => Bind(f, boundary, i)).ToList();
        var support = new SupportWriter(boundary, stubs.Where(s => s.Return is not null).Select(s => s.Function).ToList());
        string prefix = stubs.Any(s => s.UsesPointers) || support.UsesPointers ? "unsafe " : "";
        return SourceFile.Write(boundary.Location, prefix, innermostBase: null, writer =>
        {
            for (int i = 0; i < stubs.Count; i++)
            {
                if (i > 0)
                {
                    writer.Line();
                }

                WriteStub(writer, stubs[i]);
            }

            support.Write(writer);
            if (stubs.Any(s => s.Return is not null))
            {
                WriteLibraryCheck(writer, boundary);
            }
        });
    }

    /// <summary>
    /// The once-per-boundary check every stub makes before its first native call: every export the boundary's stubs
    /// import from its library (everything written through <see cref="IndentedWriter.Import"/>), the release functions
    /// of its handles, and the ABI version.
    /// </summary>
    private static void WriteLibraryCheck(IndentedWriter writer, BoundaryModel boundary)
    {
        LibraryCheck check = boundary.Check ?? new LibraryCheck(default, null, null);
        var exports = new SortedSet<string>(writer.Imports.Where(i => i.Library == boundary.Library).Select(i => i.EntryPoint), System.StringComparer.Ordinal);
        exports.UnionWith(check.HandleReleases);
        if (check.AbiVersionFunction is { } versionFunction)
        {
            exports.Add(versionFunction);
        }

        string boundaryType = boundary.Location.Types[boundary.Location.Types.Count - 1].Name;
        string version = check.AbiVersion is null ? "null" : $"\"{Escape(check.AbiVersion)}\"";
        string function = check.AbiVersionFunction is null ? "null" : $"\"{Escape(check.AbiVersionFunction)}\"";
        writer.Line();
        writer.Line($"/// <summary>Why {CommentText(boundary.Library)} cannot be used by this boundary (an export its stubs call is missing{(check.AbiVersion is null ? "" : ", or its ABI version does not fit")}), or null. Checked once, before the first native call; once the class is initialized the JIT folds the test in every stub away.</summary>");
        writer.Line($"private static readonly {Names.ExceptionDispatchInfo}? {Names.LibraryProblem} = {Names.LibraryCheck}();");
        writer.Line();
        writer.Line("/// <summary>One exception naming every missing export, so nothing is allocated whose free function is missing.</summary>");
        writer.Line($"[{Names.NoInlining}]");
        using (writer.Open($"private static {Names.ExceptionDispatchInfo}? {Names.LibraryCheck}()"))
        {
            using (writer.Open("try"))
            {
                if (boundary.Language.PrepareCall is { } prepare)
                {
                    // The check loads the library: a Go library only ever loads behind the signal shim.
                    writer.Line(prepare);
                }

                writer.Line($"{Names.NativeExports}.Check(typeof({boundaryType}), \"{Escape(boundary.Library)}\", new string[] {{ {string.Join(", ", exports.Select(e => $"\"{Escape(e)}\""))} }}, {version}, {function});");
                writer.Line("return null;");
            }

            using (writer.Open("catch (global::System.Exception __exception)"))
            {
                writer.Line($"return {Names.ExceptionDispatchInfo}.Capture(__exception);");
            }
        }
    }

    private static BoundStub Bind(FunctionModel function, BoundaryModel boundary, int ordinal)
    {
        StubContext context = Context(boundary, function, ordinal);
        if (function.Problem is not null)
        {
            return new BoundStub(function, context, Parameters: new List<Marshaller>(), Return: null, Errors: null);
        }

        ReturnMarshaller result = function.Return.Family.ForReturn(function.Return, context);
        return new BoundStub(
            function,
            context,
            function.Parameters.Select(p => p.Family.ForParameter(p, context)).ToList(),
            result,
            result.BindErrors(function.ErrorShape, ordinal, function.Errors));
    }

    /// <summary>What every marshaller of one function's stub may need to know.</summary>
    internal static StubContext Context(BoundaryModel boundary, FunctionModel function, int ordinal)
        => new(boundary.Library, function.EntryPoint, boundary.Language, boundary.Strings, function.Parameters, boundary.Runtime.BufferFreeFunction, ordinal, function.Return.Name);

    private static void WriteStub(IndentedWriter writer, BoundStub stub)
    {
        FunctionModel function = stub.Function;
        string parameters = string.Join(", ", function.Parameters.Select(p => $"{p.Modifiers}{p.ManagedType} {p.Name}"));
        string signature = $"{function.Modifiers} {function.Return.ManagedType} {function.Name}({parameters})";

        if (stub.Return is null)
        {
            // Invalid declaration: the analyzer reports why; a throwing body keeps the build's errors to that one.
            writer.Line($"{signature} => throw new {Names.NotSupported}(\"{Escape(function.Problem!)}\");");
            return;
        }

        // The native function as its C declaration reads: what the library must export.
        writer.Line($"// native: {Escape(function.Native!.ToString())}");
        IReadOnlyList<Marshaller> all = stub.Parameters.Append<Marshaller>(stub.Return).ToList();
        if (all.Any(m => m.SkipsLocalsInit))
        {
            writer.Line($"[{Names.SkipLocalsInit}]");
        }

        using (writer.Open(signature))
        {
            foreach (Marshaller m in all)
            {
                m.Validate(writer);
            }

            if (stub.Context.Language.PrepareCall is { } prepare)
            {
                writer.Line(prepare);
            }

            writer.Line($"{Names.LibraryProblem}?.Throw();");

            WriteBody(writer, stub.Parameters, stub.Return, stub.Errors!, $"{Names.PInvoke}({string.Join(", ", stub.Parameters.SelectMany(p => p.Arguments).Concat(stub.Errors!.ExtraArguments))})");

            if (stub.Return.ReturnExpression is { } result)
            {
                writer.Line($"return {result};");
            }

            writer.Line();
            writer.Import(stub.Context.Library, function.EntryPoint);
            string nativeParameters = string.Join(", ", stub.Parameters.SelectMany(p => p.NativeParameters).Concat(stub.Errors!.ExtraParameters));
            writer.Line($"static extern {stub.Errors.NativeReturnType} {Names.PInvoke}({nativeParameters});");
        }

        stub.Errors.WriteMembers(writer);
        foreach (Marshaller m in all)
        {
            m.WriteMembers(writer);
        }
    }

    /// <summary>
    /// Everything between the argument checks and the <c>return</c>: setup, the protected region with the call
    /// <paramref name="call"/> and its check, and the cleanup in <c>finally</c>. Completion trampolines reuse it with
    /// a replay of the completion's values as the call.
    /// </summary>
    internal static void WriteBody(IndentedWriter writer, IReadOnlyList<Marshaller> parameters, ReturnMarshaller result, ErrorHandling errors, string call)
    {
        IReadOnlyList<Marshaller> all = parameters.Append<Marshaller>(result).ToList();
        foreach (Marshaller m in all)
        {
            m.Setup(writer);
        }

        errors.Setup(writer);

        bool completion = all.Any(m => m.NeedsCompletion);
        if (completion)
        {
            writer.Line($"bool {Names.Completed} = false;");
        }

        if (all.Any(m => m.HasCleanup))
        {
            using (writer.Open("try"))
            {
                WriteCall(writer, all, errors, call);
                if (completion)
                {
                    writer.Line($"{Names.Completed} = true;");
                }
            }

            using (writer.Open("finally"))
            {
                foreach (Marshaller m in all.Where(m => m.HasCleanup))
                {
                    m.Cleanup(writer);
                }
            }
        }
        else
        {
            WriteCall(writer, all, errors, call);
        }
    }

    private static void WriteCall(IndentedWriter writer, IReadOnlyList<Marshaller> all, ErrorHandling errors, string call)
    {
        foreach (Marshaller m in all)
        {
            m.Acquire(writer);
        }

        foreach (Marshaller m in all)
        {
            m.Marshal(writer);
        }

        var pins = all.Select(m => m.Pin).Where(p => p is not null).ToList();
        foreach (string? pin in pins)
        {
            writer.Line(pin!);
        }

        if (pins.Count > 0)
        {
            writer.Line("{");
        }

        using (pins.Count > 0 ? writer.Indent() : default(IndentedWriter.Block?))
        {
            foreach (Marshaller m in all)
            {
                m.BeforeInvoke(writer);
            }

            errors.WriteInvoke(writer, call, () =>
            {
                foreach (Marshaller m in all)
                {
                    m.AfterInvoke(writer);
                }

                foreach (Marshaller m in all)
                {
                    m.RethrowAfterInvoke(writer);
                }
            });
        }

        if (pins.Count > 0)
        {
            writer.Line("}");
        }

        foreach (Marshaller m in all)
        {
            m.Unmarshal(writer);
        }
    }

    /// <summary>The <c>[DllImport]</c> attribute line every generated native declaration uses.</summary>
    internal static string DllImportLine(string library, string entryPoint)
        => $"[{Names.DllImport}(\"{Escape(library)}\", EntryPoint = \"{Escape(entryPoint)}\", ExactSpelling = true)]";

    /// <summary>The content of a C# string literal for <paramref name="text"/>: quotes, backslashes, line breaks and other
    /// control characters escaped, so any name a declaration gives still compiles.</summary>
    internal static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when c < ' ' || c is '\u0085' or '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary><paramref name="text"/> for an XML doc comment or a <c>//</c> comment: on one line, markup escaped.</summary>
    internal static string CommentText(string text)
        => Escape(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private sealed record BoundStub(FunctionModel Function, StubContext Context, List<Marshaller> Parameters, ReturnMarshaller? Return, ErrorHandling? Errors)
    {
        // An invalid declaration's throwing body still repeats its signature, which may declare pointers.
        public bool UsesPointers => Parameters.Any(p => p.UsesPointers) || (Return?.UsesPointers ?? false) || (Errors?.UsesPointers ?? false)
            || (Return is null && Function.Parameters.Append(Function.Return).Any(v => v.ManagedType.IndexOf('*') >= 0));
    }
}
