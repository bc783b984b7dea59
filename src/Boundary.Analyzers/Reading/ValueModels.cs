using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Families.NotCrossing;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>The value model of a type passed by value (a return, what a task completes with, a callback's part).</summary>
internal static class ValueModels
{
    public static ValueModel ByValue(string name, ITypeSymbol type, TypeCrossing crossing, Ownership ownership)
        => ByValue(name, type, type.ToDisplayString(TypeMapping.TypeFormat), crossing, ownership);

    /// <summary>The same, for a caller that already has the type's generated-code spelling (<see cref="TypeReadings.Name"/>).</summary>
    public static ValueModel ByValue(string name, ITypeSymbol type, string managedType, TypeCrossing crossing, Ownership ownership)
        => new(
            name,
            managedType,
            crossing.Family ?? NoFamily.Instance,
            crossing.NativeType,
            crossing.Native,
            Model.RefKind.None,
            ownership,
            type.NullableAnnotation == NullableAnnotation.Annotated,
            "",
            crossing.ElementType);
}
