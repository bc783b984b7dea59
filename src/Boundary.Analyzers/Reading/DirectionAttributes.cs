using System.Linq;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>Interop direction attributes on a boundary function's parameters that contradict the parameter's modifier.</summary>
internal static class DirectionAttributes
{
    /// <summary>
    /// Reports BND1002 for <c>[In]</c> on an <c>out</c> parameter or <c>[Out]</c> on an <c>in</c> one: the compiler rejects
    /// them (CS0036, CS8355) only on the implementation part, which is the generated one, so the user would see an error
    /// in a file they cannot edit (found by the mutation fuzz test).
    /// </summary>
    public static void Check(IMethodSymbol method, IParameterSymbol parameter, ProblemSink sink, ref string? problem)
    {
        string? attribute = parameter.RefKind == RefKind.Out && HasAttribute(parameter, "InAttribute") ? "[In]"
            : parameter.RefKind == RefKind.In && HasAttribute(parameter, "OutAttribute") ? "[Out]"
            : null;
        if (attribute is null)
        {
            return;
        }

        string message = $"marks its '{(parameter.RefKind == RefKind.Out ? "out" : "in")}' parameter '{parameter.Name}' {attribute}, which contradicts it: remove {attribute} (the stub passes the parameter as its modifier says)";
        sink.Report(Rules.BoundaryMethodShape, parameter.Locations.FirstOrDefault() ?? method.IdentifierLocation(), method.Name, message);
        problem ??= $"'{method.Name}' {message}";
    }

    private static bool HasAttribute(IParameterSymbol parameter, string name)
        => parameter.GetAttributes().Any(a => a.AttributeClass is { Name: var n, ContainingNamespace: var ns } && n == name && ns.ToDisplayString() == "System.Runtime.InteropServices");
}
