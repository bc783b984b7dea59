using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>
/// Writes the members a boundary's stubs share, only those some stub uses (the families, error shapes and language
/// say which), each once, in a fixed order: the free and last-error imports, and the cold helpers that turn a native
/// failure into an exception (reading and freeing the message exactly once).
/// </summary>
internal sealed class SupportWriter
{
    private readonly BoundaryModel boundary;
    private readonly List<SupportMember> members;

    public SupportWriter(BoundaryModel boundary, IReadOnlyList<FunctionModel> functions)
    {
        this.boundary = boundary;
        var needed = new HashSet<SupportMember>(boundary.Language.Support);
        foreach (FunctionModel function in functions)
        {
            needed.UnionWith(function.Return.Family.Support(function.Return, Position.Return));
            foreach (ValueModel parameter in function.Parameters)
            {
                needed.UnionWith(parameter.Family.Support(parameter, parameter.RefKind == RefKind.Out ? Position.Out : Position.Parameter));
            }

            needed.UnionWith(function.ErrorShape.Support(function.Errors));
        }

        var pending = new Stack<SupportMember>(needed);
        while (pending.Count > 0)
        {
            foreach (SupportMember required in pending.Pop().Requires(boundary))
            {
                if (needed.Add(required))
                {
                    pending.Push(required);
                }
            }
        }

        members = needed.OrderBy(m => m.Order).ToList();
    }

    public bool UsesPointers => members.Any(m => m.UsesPointers);

    public void Write(IndentedWriter writer)
    {
        foreach (SupportMember member in members)
        {
            member.Write(writer, boundary);
        }
    }
}
