using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Languages;

/// <summary>
/// The Go library the stubs name on every call: a static readonly of its own class, initialised on first use, so
/// the per-call check is a compare with a constant.
/// </summary>
internal sealed class GoLibraryHolder : SupportMember
{
    public static readonly GoLibraryHolder Instance = new();

    private GoLibraryHolder()
    {
    }

    public override int Order => 0;

    public override bool UsesPointers => false;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
    {
        writer.Line();
        writer.Line("/// <summary>The Go library of this boundary: loaded on first use, behind the Go signal shim.</summary>");
        using (writer.Open($"private static class {Names.GoLibraryHolder}"))
        {
            writer.Line($"internal static readonly {Names.GoLibrary} Library = {Names.GoLibrary}.Get({Library(boundary)}, typeof({Names.GoLibraryHolder}));");
        }
    }
}
