using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Contracts;

/// <summary>
/// Reads a C header — the one <c>go build -buildmode=c-shared</c> writes, or a hand-written one — into a
/// <see cref="NativeContract"/>: prototypes (cgo's <c>extern</c> ones included), <c>typedef</c>s (of types, structs and
/// function pointers), structs, enum constants and <c>#define NAME integer</c>. Comments, other preprocessor lines and
/// function definitions (cgo's <c>static</c> shims) are skipped; a declaration it cannot understand is skipped, never
/// guessed. It never throws.
/// </summary>
internal static class CHeaderReader
{
    private static readonly Dictionary<string, CType> Primitives = new(StringComparer.Ordinal)
    {
        ["void"] = CType.Void,
        ["char"] = CType.Char,
        ["signed char"] = CType.Int8,
        ["unsigned char"] = CType.UInt8,
        ["short"] = CType.Int16, ["short int"] = CType.Int16, ["signed short"] = CType.Int16,
        ["unsigned short"] = CType.UInt16, ["unsigned short int"] = CType.UInt16,
        ["int"] = CType.Int32, ["signed"] = CType.Int32, ["signed int"] = CType.Int32,
        ["unsigned"] = CType.UInt32, ["unsigned int"] = CType.UInt32,
        ["long"] = NativeTypes.Long, ["long int"] = NativeTypes.Long, ["signed long"] = NativeTypes.Long,
        ["unsigned long"] = NativeTypes.ULong, ["unsigned long int"] = NativeTypes.ULong,
        ["long long"] = CType.Int64, ["long long int"] = CType.Int64, ["signed long long"] = CType.Int64,
        ["unsigned long long"] = CType.UInt64, ["unsigned long long int"] = CType.UInt64,
        ["int8_t"] = CType.Int8, ["uint8_t"] = CType.UInt8, ["int16_t"] = CType.Int16, ["uint16_t"] = CType.UInt16,
        ["int32_t"] = CType.Int32, ["uint32_t"] = CType.UInt32, ["int64_t"] = CType.Int64, ["uint64_t"] = CType.UInt64,
        ["intptr_t"] = CType.IntPtr, ["uintptr_t"] = CType.UIntPtr, ["size_t"] = CType.Size, ["ssize_t"] = CType.IntPtr,
        ["ptrdiff_t"] = NativeTypes.PtrDiff,
        ["float"] = CType.Float, ["double"] = CType.Double,
        ["bool"] = NativeTypes.Bool, ["_Bool"] = NativeTypes.Bool,
    };

    private static readonly HashSet<string> PrimitiveWords = new(StringComparer.Ordinal)
    {
        "void", "char", "short", "int", "long", "signed", "unsigned", "float", "double", "_Bool",
    };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "const", "volatile", "restrict", "__restrict", "register", "extern", "inline", "__inline", "__extension__",
    };

    public static NativeContract Read(IEnumerable<string> texts)
    {
        var contract = new NativeContract(ContractSource.CHeader);
        var declarations = new List<List<Token>>();
        foreach (string text in texts)
        {
            try
            {
                declarations.AddRange(Declarations(CTokenizer.Tokenize(text)));
            }
            catch (Exception)
            {
                // Malformed beyond what the splitter tolerates: what was read stays, the rest is skipped.
            }
        }

        var reader = new Reader(contract);
        foreach (List<Token> declaration in declarations)
        {
            try
            {
                reader.Declare(declaration);
            }
            catch (Exception)
            {
                // One declaration not understood; skip it.
            }
        }

        return contract;
    }

    /// <summary>Top-level declarations, each ending at its ';'. Function bodies, <c>extern "C" {</c> and stray braces are dropped.</summary>
    private static IEnumerable<List<Token>> Declarations(List<Token> tokens)
    {
        var current = new List<Token>();
        for (int i = 0; i < tokens.Count; i++)
        {
            Token token = tokens[i];
            if (token.Is("{"))
            {
                if (current.Count == 2 && current[0].Is("extern") && current[1].Kind == TokenKind.String)
                {
                    current.Clear();
                    continue;
                }

                int end = Matching(tokens, i);
                if (current.Count > 0 && current[current.Count - 1].Is(")"))
                {
                    // A function definition (cgo's static shims): not an export of the library.
                    current.Clear();
                    i = end;
                    continue;
                }

                for (int k = i; k <= end; k++)
                {
                    current.Add(tokens[k]);
                }

                i = end;
                continue;
            }

            if (token.Is("}"))
            {
                current.Clear();
                continue;
            }

            if (token.Is(";"))
            {
                if (current.Count > 0)
                {
                    yield return new List<Token>(current); // exactly its size: the scratch list grows once, not per declaration
                }

                current.Clear();
                continue;
            }

            current.Add(token);
        }
    }

    private static int Matching(List<Token> tokens, int open)
    {
        int depth = 0;
        for (int i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Is("{"))
            {
                depth++;
            }
            else if (tokens[i].Is("}") && --depth == 0)
            {
                return i;
            }
        }

        return tokens.Count - 1;
    }

    private sealed class Reader
    {
        private readonly NativeContract _contract;
        private readonly Dictionary<string, CType> _aliases = new(StringComparer.Ordinal);

        public Reader(NativeContract contract) => _contract = contract;

        public void Declare(List<Token> tokens)
        {
            if (tokens[0].Kind == TokenKind.Define)
            {
                if (tokens.Count == 3 && tokens[1].Kind == TokenKind.Word && ParseInteger(tokens[2].Text) is { } value)
                {
                    _contract.Constants[tokens[1].Text] = value;
                }

                return;
            }

            if (tokens[0].Is("typedef"))
            {
                Typedef(tokens.Skip(1).ToList());
                return;
            }

            if (tokens.IndexOfText("{") >= 0)
            {
                // struct name { ... };  enum [name] { ... };
                Aggregate(tokens, aliasName: null);
                return;
            }

            if (tokens[0].Is("static") || tokens.IndexOfText("(") < 0)
            {
                return;
            }

            Function(tokens);
        }

        private void Typedef(List<Token> tokens)
        {
            if (tokens.Count > 0 && tokens.Any(t => t.Is("{")))
            {
                int close = tokens.FindLastIndex(t => t.Is("}"));
                string? name = close + 1 < tokens.Count && tokens[close + 1].Kind == TokenKind.Word ? tokens[close + 1].Text : null;
                CType? type = Aggregate(tokens.Take(close + 1).ToList(), name);
                if (name is not null && type is not null)
                {
                    _aliases[name] = type;
                }

                return;
            }

            if (Declarator(tokens) is { Name: { } alias } declared && !tokens.Any(t => t.Is("[")))
            {
                _aliases[alias] = declared.Type;
            }
        }

        /// <summary>Reads <c>struct [tag] { fields }</c> or <c>enum [tag] { constants }</c>; returns the type it names.</summary>
        private CType? Aggregate(List<Token> tokens, string? aliasName)
        {
            int open = tokens.IndexOfText("{");
            int close = tokens.FindLastIndex(t => t.Is("}"));
            if (open < 1 || close < open)
            {
                return null;
            }

            string keyword = tokens[open - 1].Kind == TokenKind.Word && open >= 2 ? tokens[open - 2].Text : tokens[open - 1].Text;
            string? tag = open >= 2 && tokens[open - 1].Kind == TokenKind.Word && tokens[open - 1].Text != keyword ? tokens[open - 1].Text : null;
            List<Token> body = tokens.GetRange(open + 1, close - open - 1);
            if (keyword == "enum")
            {
                Enum(body);
                return CType.Int32;
            }

            if (keyword != "struct")
            {
                return null;
            }

            var fields = new List<NativeValue>();
            foreach (List<Token> field in Split(body, ";"))
            {
                if (field.Count == 0)
                {
                    continue;
                }

                // int a, b; declares two fields of one type.
                List<List<Token>> names = Split(field, ",");
                Declared? first = Declarator(names[0]);
                if (first is null || names[0].Any(t => t.Is("[") || t.Is(":")))
                {
                    fields.Add(new NativeValue("?", NativeTypes.Unknown(Text(field)), Text(field)));
                    continue;
                }

                fields.Add(new NativeValue(first.Name ?? "", first.Type, Text(names[0])));
                for (int i = 1; i < names.Count; i++)
                {
                    int stars = names[i].Count(t => t.Is("*"));
                    CType type = Base(names[0], out _) ?? NativeTypes.Unknown(Text(names[0]));
                    for (int s = 0; s < stars; s++)
                    {
                        type = type.PointerTo();
                    }

                    fields.Add(new NativeValue(names[i].LastOrDefault(t => t.Kind == TokenKind.Word)?.Text ?? "", type, Text(names[i])));
                }
            }

            string structName = aliasName ?? tag ?? "";
            if (structName.Length == 0)
            {
                return null;
            }

            var model = new NativeStruct(structName, fields);
            _contract.Structs[structName] = model;
            if (tag is not null)
            {
                _contract.Structs[tag] = model;
            }

            return CType.Struct(structName);
        }

        private void Enum(List<Token> body)
        {
            long next = 0;
            foreach (List<Token> item in Split(body, ","))
            {
                if (item.Count == 0 || item[0].Kind != TokenKind.Word)
                {
                    continue;
                }

                if (item.Count >= 3 && item[1].Is("="))
                {
                    string valueText = string.Concat(item.Skip(2).Select(t => t.Text));
                    if (ParseInteger(valueText) is not { } value)
                    {
                        next = long.MinValue;
                        continue;
                    }

                    next = value;
                }
                else if (next == long.MinValue)
                {
                    continue;
                }

                _contract.Constants[item[0].Text] = next;
                next++;
            }
        }

        private void Function(List<Token> tokens)
        {
            if (tokens.Exists(t => t.Kind == TokenKind.String || t.Is("extern")))
            {
                tokens = tokens.FindAll(t => !t.Is("extern") && !(t.Kind == TokenKind.String));
            }

            Declared? declared = Declarator(tokens);
            if (declared?.Name is not { } name || declared.Type.Kind != CTypeKind.FunctionPointer || declared.IsPointerToFunction)
            {
                return;
            }

            var parameters = declared.Parameters!;
            _contract.Functions[name] = new NativeFunction(
                name,
                new NativeValue("", declared.Type.Signature[0], declared.ReturnText ?? ""),
                parameters,
                Text(tokens));
        }

        private sealed record Declared(string? Name, CType Type, bool IsPointerToFunction = false, IReadOnlyList<NativeValue>? Parameters = null, string? ReturnText = null);

        /// <summary>
        /// A declarator with its type: <c>const char* name</c>, <c>int32_t</c>, <c>void (*cb)(void*, int)</c>,
        /// <c>int f(int a)</c> (a function: its type is a function pointer, <see cref="Declared.IsPointerToFunction"/> false).
        /// </summary>
        private Declared? Declarator(List<Token> tokens)
        {
            int paren = tokens.IndexOfText("(");
            if (paren < 0)
            {
                CType? type = Base(tokens, out string? name);
                return type is null ? null : new Declared(name, type);
            }

            List<Token> head = tokens.GetRange(0, paren);
            int close = MatchingParen(tokens, paren);
            if (close < 0)
            {
                return null;
            }

            bool pointerToFunction = false;
            string? functionName;
            List<Token> returnTokens;
            int parametersOpen;
            if (head.Count > 0 && head[head.Count - 1].Kind == TokenKind.Word && !IsTypeWordOnly(head))
            {
                // R name(params)
                functionName = head[head.Count - 1].Text;
                returnTokens = head.GetRange(0, head.Count - 1);
                parametersOpen = paren;
            }
            else
            {
                // R (*name)(params)
                List<Token> inner = tokens.GetRange(paren + 1, close - paren - 1);
                if (!inner.Any(t => t.Is("*")) || close + 1 >= tokens.Count || !tokens[close + 1].Is("("))
                {
                    return null;
                }

                pointerToFunction = true;
                functionName = inner.LastOrDefault(t => t.Kind == TokenKind.Word)?.Text;
                returnTokens = head;
                parametersOpen = close + 1;
            }

            CType? returns = Base(returnTokens, out _);
            int parametersClose = MatchingParen(tokens, parametersOpen);
            if (returns is null || parametersClose < 0)
            {
                return null;
            }

            var parameters = new List<NativeValue>();
            List<Token> list = tokens.GetRange(parametersOpen + 1, parametersClose - parametersOpen - 1);
            bool isVoid = list.Count == 0 || (list.Count == 1 && list[0].Is("void"));
            if (!isVoid)
            {
                foreach (List<Token> parameter in SplitTop(list))
                {
                    if (parameter.Count == 1 && parameter[0].Is("..."))
                    {
                        return null;
                    }

                    Declared? p = Declarator(parameter);
                    if (p is null)
                    {
                        string text = Text(parameter);
                        parameters.Add(new NativeValue("", NativeTypes.Unknown(text), text));
                        continue;
                    }

                    CType type = p.Type.Kind == CTypeKind.FunctionPointer && !p.IsPointerToFunction ? p.Type : p.Type;
                    if (parameter.IndexOfText("[") >= 0)
                    {
                        type = type.PointerTo(); // an array parameter is a pointer
                    }

                    parameters.Add(new NativeValue(p.Name ?? "", type, Text(parameter)));
                }
            }

            var parameterTypes = new CType[parameters.Count];
            for (int i = 0; i < parameterTypes.Length; i++)
            {
                parameterTypes[i] = parameters[i].Type;
            }

            CType signature = CType.FunctionPointer(returns, parameterTypes);
            return new Declared(functionName, signature, pointerToFunction, parameters, Text(returnTokens));
        }

        private static bool IsTypeWordOnly(List<Token> head)
        {
            int words = 0;
            foreach (Token token in head)
            {
                if (token.Is("*") || (token.Kind == TokenKind.Word && !Ignored.Contains(token.Text) && ++words > 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A type without a function declarator, and the name it declares, if any.</summary>
        /// <summary>Scratch for <see cref="Base"/>, which is not reentrant: one list for every declarator of a header.</summary>
        private readonly List<string> words = new();

        private CType? Base(List<Token> tokens, out string? name)
        {
            name = null;
            words.Clear();
            int stars = 0;
            bool constBeforeFirstStar = false;
            bool isTagged = false;
            foreach (Token token in tokens)
            {
                if (token.Is("*"))
                {
                    stars++;
                }
                else if (token.Is("const"))
                {
                    constBeforeFirstStar |= stars == 0;
                }
                else if (token.Is("struct") || token.Is("enum") || token.Is("union"))
                {
                    isTagged = true;
                }
                else if (token.Is("["))
                {
                    break;
                }
                else if (token.Kind == TokenKind.Word && !Ignored.Contains(token.Text))
                {
                    words.Add(token.Text);
                }
                else if (token.Kind != TokenKind.Word)
                {
                    if (token.Is("]") || token.Kind == TokenKind.Number)
                    {
                        continue;
                    }

                    return null;
                }
            }

            if (words.Count == 0)
            {
                return null;
            }

            // The last word names the declared thing unless it is part of the type (int, or a lone typedef name).
            if (words.Count >= 2 && !PrimitiveWords.Contains(words[words.Count - 1]))
            {
                name = words[words.Count - 1];
                words.RemoveAt(words.Count - 1);
            }

            CType type = Resolve(words.Count == 1 ? words[0] : string.Join(" ", words), isTagged);
            for (int i = 0; i < stars; i++)
            {
                type = type.PointerTo(toConst: i == 0 && constBeforeFirstStar);
            }

            return type;
        }

        private CType Resolve(string name, bool isTagged)
        {
            if (Primitives.TryGetValue(name, out CType? primitive))
            {
                return primitive;
            }

            if (isTagged || _contract.Structs.ContainsKey(name))
            {
                return _contract.Structs.ContainsKey(name) ? CType.Struct(name) : NativeTypes.Unknown(name);
            }

            return _aliases.TryGetValue(name, out CType? alias) ? alias : NativeTypes.Unknown(name);
        }
    }

    private static int MatchingParen(List<Token> tokens, int open)
    {
        int depth = 0;
        for (int i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Is("("))
            {
                depth++;
            }
            else if (tokens[i].Is(")") && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<List<Token>> Split(List<Token> tokens, string separator)
    {
        var parts = new List<List<Token>> { new() };
        int depth = 0;
        foreach (Token token in tokens)
        {
            if (token.Is("(") || token.Is("{") || token.Is("["))
            {
                depth++;
            }
            else if (token.Is(")") || token.Is("}") || token.Is("]"))
            {
                depth--;
            }

            if (depth == 0 && token.Is(separator))
            {
                parts.Add(new List<Token>());
                continue;
            }

            parts[parts.Count - 1].Add(token);
        }

        return parts;
    }

    private static List<List<Token>> SplitTop(List<Token> tokens)
    {
        List<List<Token>> parts = Split(tokens, ",");
        parts.RemoveAll(p => p.Count == 0);
        return parts;
    }


    [ThreadStatic]
    private static System.Text.StringBuilder? textBuilder;

    private static string Text(List<Token> tokens)
    {
        System.Text.StringBuilder text = textBuilder ??= new System.Text.StringBuilder();
        text.Clear();
        Token? previous = null;
        foreach (Token token in tokens)
        {
            if (previous is not null && (previous.Kind == TokenKind.Word || previous.Is("*") || previous.Is(",")) && (token.Kind == TokenKind.Word || token.Is("(") && previous.Kind != TokenKind.Word))
            {
                text.Append(' ');
            }

            text.Append(token.Text);
            previous = token;
        }

        return text.ToString();
    }

    internal static long? ParseInteger(string text)
    {
        text = text.Trim();
        while (text.StartsWith("(", StringComparison.Ordinal) && text.EndsWith(")", StringComparison.Ordinal))
        {
            text = text.Substring(1, text.Length - 2).Trim();
        }

        bool negative = text.StartsWith("-", StringComparison.Ordinal);
        if (negative)
        {
            text = text.Substring(1).Trim();
        }

        text = text.TrimEnd('u', 'U', 'l', 'L').Replace("_", "");
        bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long value)
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? (negative ? -value : value) : null;
    }
}
