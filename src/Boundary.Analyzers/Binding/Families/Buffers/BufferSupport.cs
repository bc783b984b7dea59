using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>The boundary's buffer-free export, given the pointer only; a boundary with a <c>[BufferFree]</c> method calls that method's stub instead.</summary>
internal sealed class BufferFreeImport : SupportMember
{
    public static readonly BufferFreeImport Instance = new();

    private BufferFreeImport()
    {
    }

    public override int Order => 20;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
    {
        if (boundary.Runtime.BufferFreeFunction is null)
        {
            Import(writer, boundary, boundary.Runtime.BufferFree, $"void {Names.BufferFree}(void* buffer)");
        }
    }
}

/// <summary>
/// What a NativeBuffer calls to free its memory, from Dispose or the finalizer thread: the free function with what it
/// declares (the pointer, and the length and capacity in elements as the buffer received them).
/// </summary>
internal sealed class BufferRelease : SupportMember
{
    public static readonly BufferRelease Instance = new();

    private BufferRelease()
    {
    }

    public override int Order => 30;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
    {
        BufferFreeFunction free = boundary.Runtime.Free;
        writer.Line();
        writer.Line("/// <summary>Frees a NativeBuffer's memory; it may run on the finalizer thread.</summary>");
        using (writer.Open($"private static void {Names.BufferRelease}({free.ReleaseParameters})"))
        {
            // A [BufferFree] method's stub prepares the thread itself, like every stub.
            if (free.Method is null && boundary.Language.PrepareCall is { } prepare)
            {
                writer.Line(prepare);
            }

            writer.Line($"{free.ReleaseCall};");
        }
    }
}
