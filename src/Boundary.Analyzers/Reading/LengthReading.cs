using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads the integer type of lengths: the boundary's <c>LengthType</c> and a parameter's <c>[LengthType]</c>, reporting
/// a type that is not a length type or an attribute on a parameter that passes no length (BND1015).
/// </summary>
internal static class LengthReading
{
    /// <summary>
    /// The boundary's length type; <c>size_t</c> when it sets none. One that is not a length type is reported, and
    /// <paramref name="problem"/> says why: every function that passes a length then throws it rather than pass one of
    /// a type the native side does not declare.
    /// </summary>
    public static LengthType Boundary(AttributeData attribute, INamedTypeSymbol boundary, ProblemSink sink, out string? problem)
    {
        problem = null;
        if (attribute.Named<ITypeSymbol>("LengthType") is not { } type)
        {
            return LengthType.Size;
        }

        if (LengthType.Of(type) is { } length)
        {
            return length;
        }

        problem = $"LengthType '{type.ToDisplayString()}' of boundary '{boundary.Name}' is not a length type: use {LengthType.Choices}";
        sink.Report(Rules.LengthTypeInvalid, BufferFreeReader.NamedArgumentLocation(attribute, boundary, "LengthType"), problem);
        return LengthType.Size;
    }

    /// <summary>
    /// The length type of a parameter of <paramref name="family"/>: its <c>[LengthType]</c>, else the boundary's; null
    /// when it passes no length. A problem is reported and becomes the function's.
    /// </summary>
    public static LengthType? Parameter(
        IParameterSymbol parameter,
        CrossingFamily? family,
        Model.RefKind refKind,
        StringConvention strings,
        LengthType boundary,
        string? boundaryProblem,
        ProblemSink sink,
        ref string? problem)
    {
        bool passes = family?.PassesLength(refKind, strings) ?? false;
        if (parameter.GetAttributes().Find(KnownNames.Attribute.LengthType) is not { } attribute)
        {
            if (passes && boundaryProblem is not null)
            {
                problem ??= boundaryProblem; // reported once, on the boundary
            }

            return passes ? boundary : null;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
        if (family is null)
        {
            return null; // the type cannot cross: reported already
        }

        if (!passes)
        {
            string why = family.Name == "string" && !strings.IsNulTerminated
                ? "it is an out string, a NUL-terminated pointer"
                : family.Name == "string"
                    ? "the boundary's strings are NUL-terminated"
                    : $"a '{parameter.Type.ToDisplayString()}' crosses without one";
            string message = $"[LengthType] on '{parameter.Name}' has no effect: {why}; it applies to span parameters, string parameters passed as UTF-8 slices and out buffers";
            sink.Report(Rules.LengthTypeInvalid, syntax?.GetLocation() ?? parameter.Locations[0],
                ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.RemoveAttribute, "true"), message);
            problem ??= message;
            return null;
        }

        ITypeSymbol? type = attribute.ConstructorArguments is [{ Value: ITypeSymbol t }] ? t : null;
        if (LengthType.Of(type) is { } length)
        {
            return length;
        }

        string invalid = $"[LengthType(typeof({type?.ToDisplayString() ?? "?"}))] on '{parameter.Name}' is not a length type: use {LengthType.Choices}";
        sink.Report(Rules.LengthTypeInvalid, syntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax?.GetLocation() ?? parameter.Locations[0], invalid);
        problem ??= invalid;
        return boundary;
    }
}
