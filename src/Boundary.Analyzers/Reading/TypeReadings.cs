using System.Collections.Generic;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// What one read of a boundary class works out per type rather than per function: how a type crosses at a position and
/// the name the generated code spells it with. A boundary of 2,000 functions uses a handful of types; classifying a
/// handle type asks for its attributes and checks its declaration, and naming a type formats it, so doing both once
/// per type keeps the read's cost to what each function needs of its own (binding its signature). Keyed with nullable
/// annotations (<c>H</c> and <c>H?</c> cross alike but are spelled differently); lives for one read, on one thread.
/// </summary>
internal sealed class TypeReadings
{
    private readonly Dictionary<(ITypeSymbol Type, Position Position), TypeCrossing> crossings = new(PlaceComparer.Instance);

    private readonly Dictionary<ITypeSymbol, string> names = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary><see cref="CrossingFamilies.Classify"/>, once per type and position.</summary>
    public TypeCrossing Classify(ITypeSymbol type, Position position)
    {
        if (!crossings.TryGetValue((type, position), out TypeCrossing crossing))
        {
            crossings.Add((type, position), crossing = CrossingFamilies.Classify(type, position));
        }

        return crossing;
    }

    /// <summary>The type as generated code spells it (<see cref="TypeMapping.TypeFormat"/>), once per type.</summary>
    public string Name(ITypeSymbol type)
    {
        if (!names.TryGetValue(type, out string? name))
        {
            names.Add(type, name = type.ToDisplayString(TypeMapping.TypeFormat));
        }

        return name;
    }

    private sealed class PlaceComparer : IEqualityComparer<(ITypeSymbol Type, Position Position)>
    {
        public static readonly PlaceComparer Instance = new();

        public bool Equals((ITypeSymbol Type, Position Position) x, (ITypeSymbol Type, Position Position) y)
            => x.Position == y.Position && SymbolEqualityComparer.IncludeNullability.Equals(x.Type, y.Type);

        public int GetHashCode((ITypeSymbol Type, Position Position) place)
            => (SymbolEqualityComparer.IncludeNullability.GetHashCode(place.Type) * 31) + (int)place.Position;
    }
}
