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
/// The table maps reference types to a class, so it runs on the runtime's shared precompiled dictionary code rather
/// than on an instantiation the JIT would first have to compile in every build.
/// </summary>
internal sealed class TypeReadings
{
    private static readonly int Positions = System.Enum.GetValues(typeof(Position)).Length;

    private readonly Dictionary<ITypeSymbol, Entry> types = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary><see cref="CrossingFamilies.Classify"/>, once per type and position.</summary>
    public TypeCrossing Classify(ITypeSymbol type, Position position)
    {
        Entry entry = For(type);
        if (entry.Crossings[(int)position] is not { } crossing)
        {
            entry.Crossings[(int)position] = crossing = CrossingFamilies.Classify(type, position);
        }

        return crossing;
    }

    /// <summary>The type as generated code spells it (<see cref="TypeMapping.TypeFormat"/>), once per type.</summary>
    public string Name(ITypeSymbol type) => For(type).Name ??= type.ToDisplayString(TypeMapping.TypeFormat);

    private Entry For(ITypeSymbol type)
    {
        if (!types.TryGetValue(type, out Entry? entry))
        {
            types.Add(type, entry = new Entry());
        }

        return entry;
    }

    private sealed class Entry
    {
        public TypeCrossing?[] Crossings { get; } = new TypeCrossing?[Positions];

        public string? Name { get; set; }
    }
}
