using System.Linq;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Contracts;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;

namespace Boundary.Analyzers.Analyzers.Contracts;

/// <summary>The closest C# spelling of a native type, for the contract check's code fixes: numbers as themselves,
/// pointers as <c>nint</c> (or <c>T*</c> to a number). Null where no simple spelling would compile or be right (structs by
/// value, function pointers).</summary>
internal static class ManagedTypes
{
    public static string? Keyword(CType type)
    {
        switch (type.Kind)
        {
            case CTypeKind.Void:
                return "void";
            case CTypeKind.Float:
                return type.Bits == 32 ? "float" : "double";
            case CTypeKind.Integer:
                if (type.Name == "bool")
                {
                    return "bool";
                }

                return (type.Bits, type.Signed) switch
                {
                    (8, true) when type.Name == "char" => "byte",
                    (8, true) => "sbyte",
                    (8, false) => "byte",
                    (16, true) => "short",
                    (16, false) => "ushort",
                    (32, true) => "int",
                    (32, false) => "uint",
                    (64, true) => "long",
                    (64, false) => "ulong",
                    (0, true) => "nint",
                    (0, false) => "nuint",
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static string? Parameter(CType type)
    {
        if (type.Kind == CTypeKind.Pointer)
        {
            return type.Pointee is { Kind: CTypeKind.Integer or CTypeKind.Float } pointee && Keyword(pointee) is { } element and not "bool" ? element + "*" : "nint";
        }

        // A function pointer would be declared as nint, which the binding passes but nobody could call correctly: the
        // author declares the delegate. Structs by value and types the reader could not resolve have no spelling.
        return type.Kind is CTypeKind.FunctionPointer or CTypeKind.Void ? null : Keyword(type);
    }

    /// <summary><c>public static partial long Count(nint index);</c>, with <c>[ForeignFunction]</c> when the naming rule
    /// would not give the symbol.</summary>
    public static string? Declaration(NativeFunction function, string prefix)
    {
        string? returns = function.Return.Type.Kind == CTypeKind.Void ? "void" : Parameter(function.Return.Type);
        var parameters = function.Parameters.Select((p, i) => (Type: Parameter(p.Type), Name: Identifier(p.Name, i))).ToList();
        if (returns is null || parameters.Any(p => p.Type is null))
        {
            return null;
        }

        string name = Pascal(function.Name.Substring(prefix.Length));
        if (name.Length == 0 || !char.IsLetter(name[0]))
        {
            return null;
        }

        string attribute = Naming.EntryPoint(prefix, name) == function.Name ? "" : $"[ForeignFunction(\"{function.Name}\")] ";
        return $"{attribute}public static partial {returns} {name}({string.Join(", ", parameters.Select(p => p.Type + " " + p.Name))});";
    }

    private static string Identifier(string name, int index)
    {
        string camel = Pascal(name);
        camel = camel.Length == 0 ? "arg" + index : char.ToLowerInvariant(camel[0]) + camel.Substring(1);
        return SymbolFacts.EscapeIdentifier(camel);
    }

    private static string Pascal(string snake)
        => string.Concat(snake.Split('_').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
}
