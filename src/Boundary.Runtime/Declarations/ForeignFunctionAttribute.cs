using System;

namespace Boundary;

/// <summary>
/// Overrides, for one boundary method, the exported symbol it calls (instead of the boundary's naming rule) and/or
/// how it reports failure.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ForeignFunctionAttribute : Attribute
{
    /// <summary>Creates the attribute without changing the entry point (to set <see cref="ErrorShape"/> only).</summary>
    public ForeignFunctionAttribute()
    {
    }

    /// <summary>Creates the attribute.</summary>
    /// <param name="entryPoint">The exported symbol, spelled exactly.</param>
    public ForeignFunctionAttribute(string entryPoint) => EntryPoint = entryPoint;

    /// <summary>The exported symbol.</summary>
    public string? EntryPoint { get; }

    /// <summary>How this function reports failure; overrides the boundary's <see cref="ForeignBoundaryAttribute.ErrorShape"/>.</summary>
    public ForeignErrorShape ErrorShape { get; set; } = ForeignErrorShape.Inherit;
}
