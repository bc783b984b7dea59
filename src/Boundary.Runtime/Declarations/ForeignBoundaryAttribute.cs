using System;

namespace Boundary;

/// <summary>
/// Declares a <c>static partial</c> class whose <c>static partial</c> methods are functions exported by a native
/// Rust or Go library. The BoundaryAnalyzers generator writes their bodies.
/// </summary>
/// <example><code>
/// [ForeignBoundary("geo", Language = ForeignLanguage.Rust)]
/// internal static partial class Geo
/// {
///     public static partial GeoIndex IndexNew(uint capacity);   // calls geo_index_new
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ForeignBoundaryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="library">The library name as passed to the loader: <c>"geo"</c> loads <c>libgeo.so</c>, <c>libgeo.dylib</c> or <c>geo.dll</c>.</param>
    public ForeignBoundaryAttribute(string library) => Library = library;

    /// <summary>The library name as passed to the loader.</summary>
    public string Library { get; }

    /// <summary>The language the library is written in. Default: <see cref="ForeignLanguage.Rust"/>.</summary>
    public ForeignLanguage Language { get; set; }

    /// <summary>
    /// The prefix of every entry point name (<c>{prefix}</c> in these docs). Default: the library name without any
    /// directory, lower-cased, every character other than an ASCII letter or digit replaced by <c>_</c>, followed by
    /// <c>_</c> (<c>"geo"</c> → <c>geo_</c>, <c>"native/geo-core"</c> → <c>geo_core_</c>); <c>""</c> for none. The entry
    /// point of a method is this prefix plus the <c>snake_case</c> of the method name, unless the method has a
    /// <see cref="ForeignFunctionAttribute"/> naming it; the default helper exports (<see cref="StringFree"/>,
    /// <see cref="BufferFree"/>, <see cref="LastError"/>, <see cref="ErrorFree"/>) use it too.
    /// </summary>
    public string? EntryPointPrefix { get; set; }

    /// <summary>How <c>string</c> parameters are passed. Default: <see cref="ForeignStrings.Utf8Slice"/>.</summary>
    public ForeignStrings Strings { get; set; }

    /// <summary>
    /// The <c>[ForeignErrors]</c> enum that native error codes map to. Without it, codes still throw
    /// <see cref="ForeignException"/>, with the raw code only.
    /// </summary>
    public Type? Errors { get; set; }

    /// <summary>
    /// How every function of the boundary reports failure. Default: <see cref="ForeignErrorShape.None"/> (functions
    /// cannot fail). A function can override it with <see cref="ForeignFunctionAttribute.ErrorShape"/>.
    /// </summary>
    public ForeignErrorShape ErrorShape { get; set; }

    /// <summary>
    /// The exported function that frees a string the library returned (<c>void f(char*)</c>). Default: the entry point
    /// prefix followed by <c>string_free</c>, e.g. <c>geo_string_free</c>.
    /// </summary>
    public string? StringFree { get; set; }

    /// <summary>
    /// The exported function that frees a buffer the library returned, given its pointer only (<c>void f(void*)</c>).
    /// Default: the entry point prefix followed by <c>buffer_free</c>. A free function that also takes the length, or
    /// the length and the capacity (a Rust <c>Box&lt;[T]&gt;</c> or <c>Vec&lt;T&gt;</c>), is declared instead as a
    /// method of the boundary marked <see cref="BufferFreeAttribute"/>; setting both is build error BND1012.
    /// </summary>
    public string? BufferFree { get; set; }

    /// <summary>
    /// The integer type of every length the boundary passes separately: of span parameters, of <c>string</c> parameters
    /// passed as UTF-8 slices, of buffers handed out through <c>out</c> (the length pointer's type), and of the length
    /// and capacity a <see cref="BufferFreeAttribute"/> function takes. One of <c>typeof(int)</c> (<c>int32_t</c>,
    /// Go's <c>C.int</c>), <c>typeof(uint)</c>, <c>typeof(long)</c> (<c>int64_t</c>), <c>typeof(ulong)</c>,
    /// <c>typeof(nint)</c> or <c>typeof(nuint)</c>; default <c>nuint</c> (<c>size_t</c>). A parameter can override it
    /// with <see cref="LengthTypeAttribute"/>; anything else is build error BND1015.
    /// </summary>
    /// <remarks>
    /// A span holds at most <see cref="int.MaxValue"/> elements, so its length fits every length type (a 32-bit one
    /// too) and is never negative. A signed length native code writes is checked: a negative one is a
    /// <see cref="ForeignContractException"/>, and the buffer is still freed with exactly what native code wrote. A
    /// buffer returned by value keeps <c>size_t</c> fields whatever this says (<c>struct { T* ptr; size_t len; }</c>).
    /// </remarks>
    public Type? LengthType { get; set; }

    /// <summary>
    /// For <see cref="ForeignErrorShape.StatusCode"/>: the exported function returning the calling thread's last error
    /// message as an owned string, or null (<c>char* f(void)</c>). Default: the entry point prefix followed by
    /// <c>last_error</c>. Set it to <c>""</c> when the library has none: errors then carry no message.
    /// </summary>
    public string? LastError { get; set; }

    /// <summary>
    /// For <see cref="ForeignErrorShape.OutError"/>: the exported function that releases an error record and its
    /// message (<c>void f(boundary_error*)</c>). Default: the entry point prefix followed by <c>error_free</c>.
    /// </summary>
    public string? ErrorFree { get; set; }

    /// <summary>
    /// The export that cancels a pending asynchronous operation, <c>void cancel(void* user_data)</c>, called with the
    /// <c>user_data</c> the operation was started with, for every function of this boundary that returns a task and takes
    /// a <see cref="System.Threading.CancellationToken"/> (a function's <see cref="ForeignFunctionAttribute.Cancel"/>
    /// overrides it). It may be called until the operation's completion has returned, must not wait for the operation,
    /// and must ignore a <c>user_data</c> it does not know.
    /// </summary>
    public string? Cancel { get; set; }

    /// <summary>
    /// The native ABI version this boundary is written for, <c>"MAJOR.MINOR"</c>. The first call checks once that the
    /// library's version function (<see cref="AbiVersionFunction"/>) reports the same major version and at least this
    /// minor version, else throws <see cref="ForeignVersionException"/> naming both versions and the file loaded.
    /// </summary>
    public string? AbiVersion { get; set; }

    /// <summary>
    /// The export that reports the library's ABI version as a NUL-terminated string it keeps (<c>"2.1"</c>,
    /// <c>"2.1.7"</c>, or text whose first such token is it, like <c>"geo 2.1.7"</c>): <c>const char* f(void)</c>.
    /// Default <c>{prefix}abi_version</c>.
    /// </summary>
    public string? AbiVersionFunction { get; set; }
}
