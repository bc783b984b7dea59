using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Families.NotCrossing;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>The value model of a type passed by value (a return, what a task completes with, a callback's part).</summary>
internal static class ValueModels
{
    public static ValueModel ByValue(string name, ITypeSymbol type, TypeCrossing crossing, Ownership ownership)
        => new(
            name,
            type.ToDisplayString(TypeMapping.TypeFormat),
            crossing.Family ?? NoFamily.Instance,
            crossing.NativeType,
            crossing.Native,
            Model.RefKind.None,
            ownership,
            type.NullableAnnotation == NullableAnnotation.Annotated,
            "",
            crossing.ElementType);
}
