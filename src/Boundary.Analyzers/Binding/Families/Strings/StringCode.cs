using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Families.Strings;

/// <summary>What returned and <c>out</c> strings share: reading a native string and freeing an owned one.</summary>
internal static class StringCode
{
    /// <summary>Decodes <paramref name="native"/> strictly; null is <c>null</c> only for a nullable value.</summary>
    public static string Read(ValueModel value, string native, string where)
        => $"{Names.NativeStrings}.Read({native}, nullable: {(value.IsNullable ? "true" : "false")}, {where}){(value.IsNullable ? "" : "!")}";

    /// <summary>Frees an owned string, once, whatever happened.</summary>
    public static string Free(string native) => $"if ({native} != null) {Names.StringFree}({native});";
}
