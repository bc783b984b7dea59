using System;

namespace Boundary;

/// <summary>Binds a boundary method to an exact exported symbol instead of the boundary's naming rule.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ForeignFunctionAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="entryPoint">The exported symbol, spelled exactly.</param>
    public ForeignFunctionAttribute(string entryPoint) => EntryPoint = entryPoint;

    /// <summary>The exported symbol.</summary>
    public string EntryPoint { get; }
}
