using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>
/// Completes a [ForeignHandle] class as a SafeHandle (through the runtime's ForeignSafeHandle, which makes Dispose and
/// moves to native code safe against calls in flight) whose release calls the native release function, and reports a
/// failure status of a release declared <c>ReleaseReturnsStatus</c>.
/// </summary>
internal static class HandleWriter
{
    public static string Write(ResolvedHandle resolved)
    {
        HandleModel handle = resolved.Handle;
        string name = handle.Location.Types[handle.Location.Types.Count - 1].Name;
        bool canRelease = resolved.Library is not null && handle.Release is not null;
        // A release that returns a status tells the base class, whose Dispose then throws the status's failure.
        string threadSafe = (handle.ThreadSafe ? "true" : "false") + (handle.ReleaseReturnsStatus ? ", releaseReturnsStatus: true" : "");

        return SourceFile.Write(handle.Location, "", Names.ForeignSafeHandle, writer =>
        {
            writer.Line("/// <summary>Creates an empty handle that will own the native object a boundary function returns.</summary>");
            writer.Line($"public {name}() : base(ownsHandle: true, threadSafe: {threadSafe})");
            writer.Line("{");
            writer.Line("}");
            writer.Line();
            writer.Line("/// <summary>Wraps an existing native handle; <paramref name=\"ownsHandle\"/> says whether disposing it releases the native object.</summary>");
            writer.Line($"public {name}(nint existingHandle, bool ownsHandle) : base(ownsHandle, threadSafe: {threadSafe}) => SetHandle(existingHandle);");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Open("protected override bool ReleaseHandle()"))
            {
                // First, always: a handle moved to native code is never released here, and its move waits for this call.
                using (writer.Open("if (!BeginRelease())"))
                {
                    writer.Line("return true;");
                }

                writer.Line();
                if (!canRelease)
                {
                    writer.Line("// No release function could be bound; the analyzer reports why (BND1004 or BND1007).");
                    writer.Line("return false;");
                    return;
                }

                if (resolved.Language.StartsGoRuntime)
                {
                    // Not the boundary's library holder: a release may run on a thread no stub ever prepared.
                    writer.Line($"{Names.GoPrepare}();");
                }

                if (!handle.ReleaseReturnsStatus)
                {
                    writer.Line($"{Names.PInvoke}(handle);");
                    writer.Line("ReleaseRetainedCallbacks();");
                    writer.Line("return true;");
                    writer.Line();
                    writer.Import(resolved.Library!, handle.Release!);
                    writer.Line($"static extern void {Names.PInvoke}(nint handle);");
                    return;
                }

                // Released whatever the status (the handle is closed either way); a failure is reported, never ignored:
                // the Dispose that released it throws it, or ForeignSafeHandle.ReleaseFailed reports it.
                writer.Line($"int __status = {Names.PInvoke}(handle);");
                using (writer.Open("if (__status != 0)"))
                {
                    writer.Line($"ReportReleaseFailure(\"{StubWriter.Escape(resolved.Library!)}\", \"{StubWriter.Escape(handle.Release!)}\", __status);");
                }

                writer.Line();
                writer.Line("ReleaseRetainedCallbacks();");
                writer.Line("return true;");
                writer.Line();
                writer.Import(resolved.Library!, handle.Release!);
                writer.Line($"static extern int {Names.PInvoke}(nint handle);");
            }
        });
    }
}
