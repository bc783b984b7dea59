using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Contracts;

/// <summary>Which native description a contract was read from; it decides how the other side is spelled in messages.</summary>
internal enum ContractSource
{
    CHeader,
    RustSource,
}

/// <summary>One value of a native function or struct as declared: its name (empty when the declaration gives none), its
/// type, and its spelling in the source language, for messages.</summary>
internal sealed record NativeValue(string Name, CType Type, string Text);

/// <summary>An exported function as the native side declares it; <see cref="Declaration"/> is its spelling
/// (<c>fn geo_count(index: *const GeoIndex) -> u64</c>, <c>uint64_t geo_count(void* index)</c>).</summary>
internal sealed record NativeFunction(string Name, NativeValue Return, IReadOnlyList<NativeValue> Parameters, string Declaration);

/// <summary>A <c>#[repr(C)]</c> or C struct: its fields in declaration order.</summary>
internal sealed record NativeStruct(string Name, IReadOnlyList<NativeValue> Fields);

/// <summary>
/// What a library's native description declares: exported functions, C-layout structs and integer constants. Built by
/// <see cref="CHeaderReader"/> or <see cref="RustSourceReader"/>; a type the reader could not understand is
/// <see cref="NativeTypes.IsUnknown"/>, which the comparison accepts as anything.
/// </summary>
internal sealed class NativeContract
{
    public NativeContract(ContractSource source)
    {
        Source = source;
    }

    public ContractSource Source { get; }

    public Dictionary<string, NativeFunction> Functions { get; } = new(System.StringComparer.Ordinal);

    public Dictionary<string, NativeStruct> Structs { get; } = new(System.StringComparer.Ordinal);

    public Dictionary<string, long> Constants { get; } = new(System.StringComparer.Ordinal);

    /// <summary>The source writes exports with a macro (<c>#[no_mangle] fn $name</c>): their names are unknown, so a
    /// missing function cannot be told from one a macro writes, and BND4001 stays silent.</summary>
    public bool HasMacroExports { get; set; }

    /// <summary>"Rust" or "C", the prefix of the native side in messages.</summary>
    public string Language => Source == ContractSource.RustSource ? "Rust" : "C";
}

/// <summary>C types the readers need beyond <see cref="CType"/>'s own.</summary>
internal static class NativeTypes
{
    private const string UnknownMark = "?";

    /// <summary>A type the reader could not resolve (a typedef from a header that is not given, a generic type): it
    /// matches anything, because a guess would report what is not wrong.</summary>
    public static CType Unknown(string name) => CType.Struct(UnknownMark + name);

    public static bool IsUnknown(CType type) => type.Kind == CTypeKind.Struct && type.Name.StartsWith(UnknownMark, System.StringComparison.Ordinal);

    /// <summary>C's <c>bool</c>, Rust's <c>bool</c>: one byte, 0 or 1, like the package's <c>uint8_t</c>.</summary>
    public static readonly CType Bool = CType.Integer("bool", 8, signed: false);

    public static readonly CType Long = CType.Integer("long", 64, signed: true);

    public static readonly CType ULong = CType.Integer("unsigned long", 64, signed: false);

    public static readonly CType PtrDiff = CType.Integer("ptrdiff_t", 0, signed: true);
}
