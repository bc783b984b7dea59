using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>The boundary's buffer-free function.</summary>
internal sealed class BufferFreeImport : SupportMember
{
    public static readonly BufferFreeImport Instance = new();

    private BufferFreeImport()
    {
    }

    public override int Order => 20;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Import(writer, boundary, boundary.Runtime.BufferFree, $"void {Names.BufferFree}(void* buffer)");
}

/// <summary>What a NativeBuffer calls to free its memory, from Dispose or the finalizer thread.</summary>
internal sealed class BufferRelease : SupportMember
{
    public static readonly BufferRelease Instance = new();

    private BufferRelease()
    {
    }

    public override int Order => 30;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
    {
        writer.Line();
        writer.Line("/// <summary>Frees a NativeBuffer's memory; it may run on the finalizer thread.</summary>");
        using (writer.Open($"private static void {Names.BufferRelease}(void* buffer)"))
        {
            if (boundary.Language.PrepareCall is { } prepare)
            {
                writer.Line(prepare);
            }

            writer.Line($"{Names.BufferFree}(buffer);");
        }
    }
}
