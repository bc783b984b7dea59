using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Support;

/// <summary>
/// A member the generator adds to a boundary class once, shared by its stubs (a free function import, a cold error
/// helper, the Go library holder). Families, error shapes and languages name the members they need; the support writer
/// writes each needed member once, in <see cref="Order"/>. A stateless singleton.
/// </summary>
internal abstract class SupportMember
{
    /// <summary>Where the member goes among the others; lower first.</summary>
    public abstract int Order { get; }

    /// <summary>Whether the member needs an unsafe context.</summary>
    public virtual bool UsesPointers => true;

    /// <summary>Other members this one calls in <paramref name="boundary"/>.</summary>
    public virtual SupportMember[] Requires(BoundaryModel boundary) => System.Array.Empty<SupportMember>();

    public abstract void Write(IndentedWriter writer, BoundaryModel boundary);

    /// <summary>The library name as a C# string literal.</summary>
    protected static string Library(BoundaryModel boundary) => $"\"{StubWriter.Escape(boundary.Library)}\"";

    /// <summary>A <c>[DllImport]</c> of one of the boundary's own exports.</summary>
    protected static void Import(IndentedWriter writer, BoundaryModel boundary, string entryPoint, string signature)
    {
        writer.Line();
        writer.Import(boundary.Library, entryPoint);
        writer.Line($"private static extern {signature};");
    }

    /// <summary>A cold, never-inlined helper returning the exception to throw.</summary>
    protected static void Cold(IndentedWriter writer, string signature, System.Action body)
    {
        writer.Line();
        writer.Line($"[{Names.NoInlining}]");
        using (writer.Open($"private static global::System.Exception {signature}"))
        {
            body();
        }
    }
}
