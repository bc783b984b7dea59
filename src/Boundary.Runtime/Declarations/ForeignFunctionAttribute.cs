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

    /// <summary>
    /// For <see cref="ForeignErrorShape.NullOrSentinel"/>: the result that signals failure, for a function returning an
    /// integer, an enum or a <c>bool</c> (for example <c>long.MinValue</c>, <c>-1</c>, <c>false</c>). A constant of the
    /// return type, or an integer constant that fits it. Leave it unset for a handle, pointer or <c>string</c> result:
    /// null is its failure.
    /// </summary>
    public object? ErrorSentinel { get; set; }

    /// <summary>
    /// For a function returning <c>Task</c>/<c>ValueTask</c> that takes a <see cref="System.Threading.CancellationToken"/>:
    /// the export that cancels a pending operation, <c>void cancel(void* user_data)</c>, given the <c>user_data</c> the
    /// operation was started with; overrides the boundary's <see cref="ForeignBoundaryAttribute.Cancel"/>.
    /// </summary>
    public string? Cancel { get; set; }
}
