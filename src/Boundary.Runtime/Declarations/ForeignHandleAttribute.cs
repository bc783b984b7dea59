using System;

namespace Boundary;

/// <summary>
/// Declares a <c>sealed partial class</c> that stands for a native object. The generator completes it as a
/// <see cref="System.Runtime.InteropServices.SafeHandle"/> whose release calls the native <see cref="Release"/> function.
/// </summary>
/// <example><code>
/// [ForeignHandle(Release = "geo_index_free")]
/// public sealed partial class GeoIndex;
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ForeignHandleAttribute : Attribute
{
    /// <summary>The exported function that releases the native object: it takes the handle and returns nothing.</summary>
    public string? Release { get; set; }

    /// <summary>
    /// The library that exports <see cref="Release"/>. Optional when the handle is used by boundaries of exactly one
    /// library in the same assembly: the generator then takes that library and its language.
    /// </summary>
    public string? Library { get; set; }

    /// <summary>The language of <see cref="Library"/>; only read when <see cref="Library"/> is set.</summary>
    public ForeignLanguage Language { get; set; }
}
