using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BoundaryAnalyzers.Tests.Fuzz;

/// <summary>
/// A small seeded mutator over C# source: it lexes the text into tokens (trivia kept, so unmutated text stays as it
/// was) and applies one to three edits that a user's typing, copy-paste or a careless refactoring could make: delete,
/// duplicate or swap tokens, swap ownership attributes and parameter or return types, give attribute string arguments
/// odd names, add named attribute arguments, add or drop modifiers, change numbers, truncate. The same
/// <see cref="Random"/> state always gives the same mutant.
/// </summary>
internal static class Mutator
{
    /// <summary>Types a boundary signature may name, crossable or not; the seed's own declared types are added to these.</summary>
    private static readonly string[] Types =
    [
        "int", "long", "nint", "nuint", "uint", "ulong", "short", "byte", "sbyte", "bool", "char", "double", "float", "decimal",
        "object", "void", "string", "string?", "int?", "long*", "byte*", "void*", "int[]", "string[]", "byte[]",
        "ReadOnlySpan<byte>", "Span<byte>", "ReadOnlySpan<int>", "Span<long>", "ReadOnlySpan<string>", "Memory<byte>",
        "NativeBuffer<byte>", "NativeBuffer<int>", "NativeBuffer<string>",
        "Task", "Task<int>", "Task<string>", "Task<long>", "ValueTask<int>",
        "Action", "Action<int>", "Action<string>", "Func<int, int>", "Func<string, long>", "Func<Task>",
        "delegate* unmanaged<int, void>", "delegate* unmanaged[Cdecl]<nint, int>",
        "CancellationToken", "System.Threading.CancellationToken", "IntPtr", "UIntPtr", "Guid", "DateTime",
        "List<int>", "IEnumerable<byte>", "(int, int)", "dynamic", "System.Runtime.InteropServices.SafeHandle",
    ];

    private static readonly string[] OwnershipAttributes = ["Owned", "Borrowed", "Consumed", "Retained"];

    /// <summary>Parameter and return attributes, as inserted text.</summary>
    private static readonly string[] ParameterAttributes =
    [
        "[Consumed] ", "[Borrowed] ", "[Retained] ", "[Owned] ", "[Consumed, Retained] ", "[Borrowed, Consumed] ",
        "[LengthType(typeof(long))] ", "[LengthType(typeof(string))] ", "[CallbackFailure(-1)] ", "[CallbackFailure(null)] ",
        "[Boundary.Consumed] ", "[In] ", "[Out] ", "[MarshalAs(UnmanagedType.LPStr)] ",
    ];

    private static readonly string[] MethodAttributes =
    [
        "[return: Borrowed] ", "[return: Consumed] ", "[return: Retained] ", "[ForeignFunction] ", "[ForeignFunction(\"\")] ",
        "[ForeignFunction(\"x\\\"y\")] ", "[ForeignFunction(null)] ", "[BufferFree(\"free_it\")] ", "[BufferFree(\"\")] ",
        "[ForeignFunction(ErrorShape = ForeignErrorShape.StatusCode)] ", "[ForeignFunction(ErrorSentinel = -1)] ",
        "[ForeignFunction(Cancel = \"c\\\\x\")] ", "[ForeignFunction(ErrorShape = ForeignErrorShape.GoErrorWithCode)] ",
    ];

    /// <summary>Odd names: empty, blank, quotes, backslashes, line breaks, NUL, unicode, markup, long, verbatim, raw, null.</summary>
    internal static readonly string[] OddStrings =
    [
        "\"\"", "\" \"", "\"\\\"\"", "\"\\\\\"", "\"a\\\\b\"", "\"li\\nb\"", "\"\\r\\n\"", "\"\\0\"", "\"lib\\0x\"", "\"\\t\"",
        "\"ünï€😀\"", "\"\\u2028\"", "\"\\u0085x\"", "\"*/\"", "\"<x>&amp;\"", "\"{0}\"", "\"a.b\"", "\"../up\"", "\"/abs/lib.so\"",
        "\"C:\\\\x.dll\"", "@\"v\"\"q\"", "\"\"\"raw \"q\" \\n\"\"\"", "null", "default", "\"x\" + \"y\"", "nameof(System.Int32)",
        "\"" + new string('n', 300) + "\"", "\"#line 1\"", "\"\\\\\\\"\"", "\"a b\"", "\"1abc\"", "\"class\"", "\"@\"", "\"\\\"\\\"\\\"\"",
    ];

    private static readonly string[] NamedArguments =
    [
        "Release", "StringFree", "BufferFree", "ErrorFree", "LastError", "Cancel", "EntryPointPrefix", "AbiVersionFunction",
        "AbiVersion", "ErrorMessage", "Library",
    ];

    private static readonly string[] OtherNamedArguments =
    [
        "ThreadSafe = false", "ReleaseReturnsStatus = true", "Language = ForeignLanguage.Go", "Language = ForeignLanguage.Rust",
        "Strings = ForeignStrings.NulTerminated", "ErrorShape = ForeignErrorShape.StatusCode", "ErrorShape = ForeignErrorShape.OutError",
        "ErrorShape = ForeignErrorShape.NullOrSentinel", "ErrorShape = ForeignErrorShape.GoErrorWithCode", "ErrorShape = ForeignErrorShape.None",
        "LengthType = typeof(int)", "LengthType = typeof(nuint)", "Errors = typeof(int)", "ErrorSentinel = 0", "ErrorSentinel = \"x\"",
    ];

    private static readonly string[] ParameterModifiers = ["out ", "ref ", "in ", "scoped ", "params ", "ref readonly ", "this "];

    private static readonly string[] Modifiers = ["static", "partial", "unsafe", "public", "internal", "private", "sealed", "readonly", "file", "out", "ref", "in", "async", "extern", "abstract", "new"];

    /// <summary>Names a parameter or function may have: keywords escaped, unicode, and the words generated code likes for its own locals.</summary>
    private static readonly string[] Identifiers =
    [
        "@class", "@event", "@out", "ñame", "Ünïcode", "x", "_", "value", "result", "retVal", "status", "exception", "ex", "e", "handle",
        "native", "operation", "user", "target", "completed", "index", "buffer", "length", "text", "data", "error", "message",
        "ct", "token", "callback", "context", "self", "i", "ReleaseHandle", "Dispose", "ToString", "GetHashCode", "IsInvalid",
        "PInvoke", "Lib", "H", "HTTPServerURL", "A1b2C3", "snake_case_name", "NameWithÄ", "\u0061bc",
    ];

    /// <summary>Types a user may declare whose names generated code must not pick up instead of the framework's.</summary>
    private static readonly string[] Shadows =
    [
        "Unsafe", "Marshal", "NativeMemory", "NativeLibrary", "SafeHandle", "GC", "Exception", "Task", "ValueTask", "Action", "Func", "IntPtr",
        "Span", "ReadOnlySpan", "String", "Encoding", "Interlocked", "Volatile", "Thread", "CancellationToken", "Boundary", "System",
        "Interop", "Debug", "Math", "Buffer", "Array", "Object", "Type", "Attribute", "DllImportAttribute", "TaskCompletionSource",
        "ObjectDisposedException", "InvalidOperationException", "MemoryMarshal", "Utf8", "Environment", "Monitor", "ForeignSafeHandle",
        "ForeignErrors", "NativeBuffer", "Callbacks", "ForeignOperation",
    ];

    /// <summary>Containers a declaration may be nested in: <c>{0}</c> is replaced by the declaration.</summary>
    private static readonly string[] Containers =
    [
        "public partial class Outer {{ {0} }}", "internal static partial class Outer {{ {0} }}", "public partial struct Outer {{ {0} }}",
        "public partial record Outer {{ {0} }}", "public partial record struct Outer {{ {0} }}", "public partial interface IOuter {{ {0} }}",
        "public partial class Outer<T> {{ {0} }}", "public class Outer {{ {0} }}", "partial class A {{ partial class B {{ {0} }} }}",
        "namespace Inner.@class {{ {0} }}", "namespace System.Fuzz {{ {0} }}", "namespace Ünï.Cödé {{ {0} }}",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "255", "256", "int.MaxValue", "long.MinValue", "1.5", "0xFFFFFFFF", "-0", "'c'", "1UL"];

    private enum Kind
    {
        Type, Ownership, OddString, NamedArgument, Modifier, Delete, Duplicate, Swap, Truncate, Number, CopyToken, Attribute, Rename, Shadow, Container,
    }

    private static readonly (Kind Kind, int Weight)[] Weights =
    [
        (Kind.Type, 24), (Kind.Ownership, 14), (Kind.OddString, 14), (Kind.NamedArgument, 8), (Kind.Modifier, 9), (Kind.Attribute, 6),
        (Kind.Delete, 7), (Kind.Duplicate, 4), (Kind.Swap, 4), (Kind.Truncate, 3), (Kind.Number, 4), (Kind.CopyToken, 3), (Kind.Rename, 8), (Kind.Shadow, 4), (Kind.Container, 5),
    ];

    /// <summary>One mutant of <paramref name="source"/> and a short description of the edits made.</summary>
    public static (string Source, string Edits) Mutate(string source, Random random)
    {
        List<Tok> tokens = Lex(source);
        var typePool = Types.Concat(DeclaredTypeNames(tokens).SelectMany(t => new[] { t, t + "?", t + "*", t + "[]", "Task<" + t + ">", "NativeBuffer<" + t + ">", "ReadOnlySpan<" + t + ">" })).ToArray();
        int count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var edits = new List<string>();
        for (int i = 0; i < count && tokens.Count > 1; i++)
        {
            edits.Add(Apply(tokens, PickKind(random), random, typePool));
        }

        var text = new StringBuilder();
        foreach (Tok token in tokens)
        {
            text.Append(token.Lead).Append(token.Text).Append(token.Trail);
        }

        return (text.ToString(), string.Join("; ", edits));
    }

    private static Kind PickKind(Random random)
    {
        int roll = random.Next(Weights.Sum(w => w.Weight));
        foreach ((Kind kind, int weight) in Weights)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        return Kind.Delete;
    }

    private static string Apply(List<Tok> tokens, Kind kind, Random random, string[] typePool)
    {
        switch (kind)
        {
            case Kind.Type:
            {
                int at = Pick(tokens, random, IsTypeLike);
                if (at < 0)
                {
                    goto case Kind.Delete;
                }

                string type = typePool[random.Next(typePool.Length)];
                string old = tokens[at].Text;
                tokens[at] = tokens[at] with { Text = type, Kind = SyntaxKind.None };
                return $"type {old} -> {type}";
            }

            case Kind.Ownership:
            {
                int at = Pick(tokens, random, t => OwnershipAttributes.Contains(t.Text));
                if (at >= 0 && random.Next(3) > 0)
                {
                    string old = tokens[at].Text;
                    string name = OwnershipAttributes[random.Next(OwnershipAttributes.Length)];
                    if (random.Next(4) == 0)
                    {
                        // Drop the attribute list it is in: '[' name ']' (when it is that simple).
                        if (at > 0 && at + 1 < tokens.Count && tokens[at - 1].Text == "[" && tokens[at + 1].Text == "]")
                        {
                            tokens.RemoveRange(at - 1, 3);
                            return $"drop [{old}]";
                        }
                    }

                    tokens[at] = tokens[at] with { Text = name };
                    return $"ownership {old} -> {name}";
                }

                int parameter = Pick(tokens, random, t => t.Text is "(" or ",");
                if (parameter < 0)
                {
                    goto case Kind.Delete;
                }

                string attribute = ParameterAttributes[random.Next(ParameterAttributes.Length)];
                Insert(tokens, parameter + 1, attribute);
                return $"insert {attribute.Trim()} at token {parameter + 1}";
            }

            case Kind.OddString:
            {
                int at = Pick(tokens, random, t => t.Kind is SyntaxKind.StringLiteralToken);
                if (at < 0)
                {
                    goto case Kind.NamedArgument;
                }

                string odd = OddStrings[random.Next(OddStrings.Length)];
                string old = tokens[at].Text;
                tokens[at] = tokens[at] with { Text = odd, Kind = SyntaxKind.None };
                return $"string {old} -> {odd}";
            }

            case Kind.NamedArgument:
            {
                // After the '(' of an attribute's argument list, or in place of a missing one on ForeignHandle/ForeignBoundary.
                int at = Pick(tokens, random, t => t.Text is "ForeignHandle" or "ForeignBoundary" or "ForeignFunction");
                if (at < 0)
                {
                    goto case Kind.Type;
                }

                string argument = random.Next(3) > 0
                    ? NamedArguments[random.Next(NamedArguments.Length)] + " = " + OddStrings[random.Next(OddStrings.Length)]
                    : OtherNamedArguments[random.Next(OtherNamedArguments.Length)];
                if (at + 1 < tokens.Count && tokens[at + 1].Text == "(")
                {
                    int close = at + 2;
                    int depth = 1;
                    while (close < tokens.Count && depth > 0)
                    {
                        depth += tokens[close].Text switch { "(" => 1, ")" => -1, _ => 0 };
                        close += depth > 0 ? 1 : 0;
                    }

                    if (close >= tokens.Count)
                    {
                        return "no argument list";
                    }

                    Insert(tokens, close, close == at + 2 ? argument : ", " + argument);
                }
                else
                {
                    Insert(tokens, at + 1, "(" + argument + ")");
                }

                return $"{tokens[at].Text} += {argument}";
            }

            case Kind.Modifier:
            {
                int roll = random.Next(4);
                if (roll == 0)
                {
                    int at = Pick(tokens, random, t => Modifiers.Contains(t.Text));
                    if (at >= 0)
                    {
                        string old = tokens[at].Text;
                        tokens.RemoveAt(at);
                        return $"drop modifier {old}";
                    }
                }

                if (roll == 1)
                {
                    int at = Pick(tokens, random, IsTypeLike);
                    if (at >= 0)
                    {
                        string suffix = random.Next(3) switch { 0 => "?", 1 => "*", _ => "[]" };
                        tokens[at] = tokens[at] with { Text = tokens[at].Text + suffix, Kind = SyntaxKind.None };
                        return $"type {tokens[at].Text}";
                    }
                }

                if (roll == 2)
                {
                    int at = Pick(tokens, random, t => t.Text is "public" or "internal" or "static" or "partial");
                    if (at >= 0)
                    {
                        string modifier = Modifiers[random.Next(Modifiers.Length)];
                        Insert(tokens, at, modifier + " ");
                        return $"insert modifier {modifier} at token {at}";
                    }
                }

                int parameter = Pick(tokens, random, t => t.Text is "(" or ",");
                if (parameter < 0)
                {
                    goto case Kind.Delete;
                }

                string parameterModifier = ParameterModifiers[random.Next(ParameterModifiers.Length)];
                Insert(tokens, parameter + 1, parameterModifier);
                return $"insert {parameterModifier.Trim()} at token {parameter + 1}";
            }

            case Kind.Attribute:
            {
                int at = Pick(tokens, random, t => t.Text is "public" or "internal" or "private");
                if (at < 0)
                {
                    goto case Kind.Delete;
                }

                string attribute = MethodAttributes[random.Next(MethodAttributes.Length)];
                Insert(tokens, at, attribute);
                return $"insert {attribute.Trim()} at token {at}";
            }

            case Kind.Rename:
            {
                // A parameter's or a function's name: an identifier before ',' ')' '(' or ';'.
                var names = Enumerable.Range(0, tokens.Count - 1)
                    .Where(i => tokens[i].Kind == SyntaxKind.IdentifierToken && tokens[i + 1].Text is "," or ")" or "(")
                    .ToList();
                int at = names.Count == 0 ? -1 : names[random.Next(names.Count)];
                if (at < 0)
                {
                    goto case Kind.Delete;
                }

                string name = Identifiers[random.Next(Identifiers.Length)];
                string old = tokens[at].Text;
                tokens[at] = tokens[at] with { Text = name, Kind = SyntaxKind.None };
                return $"rename {old} -> {name}";
            }

            case Kind.Shadow:
            {
                // A type of a framework name in the seed's own namespace (appended: a file-scoped namespace holds it).
                string name = Shadows[random.Next(Shadows.Length)];
                string declaration = random.Next(2) == 0 ? $"internal static class {name} {{ }}" : $"internal sealed class {name} {{ public static int Value; }}";
                tokens.Insert(tokens.Count - 1, new Tok("\n", declaration, SyntaxKind.None, "\n"));
                return $"declare {name}";
            }

            case Kind.Container:
            {
                // Nest a whole [ForeignBoundary]/[ForeignHandle] declaration: from its '[' to its closing '}' or ';'.
                int attribute = Pick(tokens, random, t => t.Text is "ForeignBoundary" or "ForeignHandle");
                if (attribute < 0)
                {
                    goto case Kind.Type;
                }

                int start = attribute - 1;
                while (start >= 0 && tokens[start].Text != "[")
                {
                    start--;
                }

                int end = attribute;
                while (end < tokens.Count - 1 && tokens[end].Kind is not (SyntaxKind.ClassKeyword or SyntaxKind.StructKeyword or SyntaxKind.InterfaceKeyword or SyntaxKind.RecordKeyword))
                {
                    end++;
                }

                int depth = 0;
                while (end < tokens.Count - 1)
                {
                    string text = tokens[end].Text;
                    depth += text == "{" ? 1 : text == "}" ? -1 : 0;
                    if ((text == "}" && depth == 0) || (text == ";" && depth == 0))
                    {
                        break;
                    }

                    end++;
                }

                if (start < 0 || end >= tokens.Count - 1)
                {
                    goto case Kind.Type;
                }

                string container = Containers[random.Next(Containers.Length)];
                int brace = container.IndexOf("{0}", StringComparison.Ordinal);
                string open = container[..brace].Replace("{{", "{", StringComparison.Ordinal);
                string close = container[(brace + 3)..].Replace("}}", "}", StringComparison.Ordinal);
                tokens.Insert(end + 1, new Tok(" ", close, SyntaxKind.None, string.Empty));
                tokens.Insert(start, new Tok(" ", open, SyntaxKind.None, " "));
                return $"nest tokens {start}..{end} in {open.Trim()} ...";
            }

            case Kind.Delete:
            {
                int at = random.Next(tokens.Count - 1);
                int length = Math.Min(random.Next(3) == 0 ? random.Next(1, 6) : 1, tokens.Count - 1 - at);
                string old = string.Concat(tokens.Skip(at).Take(length).Select(t => t.Text));
                tokens.RemoveRange(at, length);
                return $"delete '{old}' at token {at}";
            }

            case Kind.Duplicate:
            {
                int at = random.Next(tokens.Count - 1);
                tokens.Insert(at, tokens[at]);
                return $"duplicate '{tokens[at].Text}' at token {at}";
            }

            case Kind.Swap:
            {
                int a = random.Next(tokens.Count - 1);
                int b = random.Next(2) == 0 ? Math.Min(a + 1, tokens.Count - 2) : random.Next(tokens.Count - 1);
                (Tok first, Tok second) = (tokens[a], tokens[b]);
                tokens[a] = first with { Text = second.Text, Kind = second.Kind };
                tokens[b] = second with { Text = first.Text, Kind = first.Kind };
                return $"swap '{first.Text}' and '{second.Text}' at tokens {a}, {b}";
            }

            case Kind.Truncate:
            {
                int at = random.Next(tokens.Count / 2, tokens.Count - 1);
                tokens.RemoveRange(at, tokens.Count - 1 - at);
                return $"truncate at token {at}";
            }

            case Kind.Number:
            {
                int at = Pick(tokens, random, t => t.Kind is SyntaxKind.NumericLiteralToken);
                if (at < 0)
                {
                    goto case Kind.OddString;
                }

                string number = Numbers[random.Next(Numbers.Length)];
                string old = tokens[at].Text;
                tokens[at] = tokens[at] with { Text = number, Kind = SyntaxKind.None };
                return $"number {old} -> {number}";
            }

            case Kind.CopyToken:
            {
                int from = random.Next(tokens.Count - 1);
                int to = random.Next(tokens.Count - 1);
                Insert(tokens, to, tokens[from].Text + " ");
                return $"copy '{tokens[from].Text}' to token {to}";
            }

            default:
                throw new InvalidOperationException(kind.ToString());
        }
    }

    private static void Insert(List<Tok> tokens, int at, string text) => tokens.Insert(at, new Tok(" ", text, SyntaxKind.None, string.Empty));

    /// <summary>A random token index satisfying <paramref name="match"/>, or -1.</summary>
    private static int Pick(List<Tok> tokens, Random random, Func<Tok, bool> match)
    {
        var candidates = new List<int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (match(tokens[i]))
            {
                candidates.Add(i);
            }
        }

        return candidates.Count == 0 ? -1 : candidates[random.Next(candidates.Count)];
    }

    private static bool IsTypeLike(Tok token)
        => token.Kind is SyntaxKind.IntKeyword or SyntaxKind.LongKeyword or SyntaxKind.UIntKeyword or SyntaxKind.ULongKeyword
            or SyntaxKind.ShortKeyword or SyntaxKind.ByteKeyword or SyntaxKind.BoolKeyword or SyntaxKind.DoubleKeyword
            or SyntaxKind.FloatKeyword or SyntaxKind.StringKeyword or SyntaxKind.VoidKeyword or SyntaxKind.CharKeyword
            or SyntaxKind.SByteKeyword or SyntaxKind.UShortKeyword
        || (token.Kind == SyntaxKind.IdentifierToken && token.Text.Length > 0 && char.IsUpper(token.Text[0])
            && token.Text is not ("Lib" or "ForeignBoundary" or "ForeignHandle" or "ForeignFunction" or "ForeignErrors" or "Boundary" or "System"));

    /// <summary>Names declared after class/struct/enum/delegate-return in the seed: its handles, structs, enums.</summary>
    private static IEnumerable<string> DeclaredTypeNames(List<Tok> tokens)
    {
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind is SyntaxKind.ClassKeyword or SyntaxKind.StructKeyword or SyntaxKind.EnumKeyword
                && tokens[i + 1].Kind == SyntaxKind.IdentifierToken)
            {
                yield return tokens[i + 1].Text;
            }
        }
    }

    private static List<Tok> Lex(string source)
        => SyntaxFactory.ParseTokens(source, options: Infrastructure.TestCompilation.ParseOptions)
            .Select(t => new Tok(t.LeadingTrivia.ToFullString(), t.Text, t.Kind(), t.TrailingTrivia.ToFullString()))
            .ToList();

    /// <summary>A token as text: its leading trivia, its text, its kind (None once replaced), its trailing trivia.</summary>
    private sealed record Tok(string Lead, string Text, SyntaxKind Kind, string Trail);
}
