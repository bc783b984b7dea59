using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>Completes a [ForeignHandle] class as a SafeHandle whose release calls the native release function.</summary>
internal static class HandleWriter
{
    public static string Write(ResolvedHandle resolved)
    {
        HandleModel handle = resolved.Handle;
        string name = handle.Location.Types[handle.Location.Types.Count - 1].Name;
        bool canRelease = resolved.Library is not null && handle.Release is not null;

        return SourceFile.Write(handle.Location, "", Names.SafeHandle, writer =>
        {
            writer.Line("/// <summary>Creates an empty handle that will own the native object a boundary function returns.</summary>");
            writer.Line($"public {name}() : base(global::System.IntPtr.Zero, ownsHandle: true)");
            writer.Line("{");
            writer.Line("}");
            writer.Line();
            writer.Line("/// <summary>Wraps an existing native handle; <paramref name=\"ownsHandle\"/> says whether disposing it releases the native object.</summary>");
            writer.Line($"public {name}(nint existingHandle, bool ownsHandle) : base(global::System.IntPtr.Zero, ownsHandle) => SetHandle(existingHandle);");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override bool IsInvalid => handle == global::System.IntPtr.Zero;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Open("protected override bool ReleaseHandle()"))
            {
                if (!canRelease)
                {
                    writer.Line("// No release function could be bound; the analyzer reports why (BND1004 or BND1007).");
                    writer.Line("return false;");
                    return;
                }

                if (resolved.Language == KnownNames.LanguageGo)
                {
                    writer.Line($"{Names.GoPrepare}();");
                }

                writer.Line($"{Names.PInvoke}(handle);");
                writer.Line("return true;");
                writer.Line();
                writer.Line(StubWriter.DllImportLine(resolved.Library!, handle.Release!));
                writer.Line($"static extern void {Names.PInvoke}(nint handle);");
            }
        });
    }
}
