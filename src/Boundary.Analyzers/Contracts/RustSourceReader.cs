using System;
using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Contracts;

/// <summary>
/// Reads the <c>.rs</c> files of a crate into a <see cref="NativeContract"/>: <c>#[no_mangle]</c> (or
/// <c>#[unsafe(no_mangle)]</c>, or <c>#[export_name = "..."]</c>) <c>extern "C" fn</c> items, <c>#[repr(C)]</c> structs,
/// <c>type</c> aliases and integer <c>const</c>s. Types resolve across all files of the crate; what it cannot resolve
/// (a generic function, a macro, a type from another crate it does not know) is skipped or
/// <see cref="NativeTypes.IsUnknown"/>, never guessed. It never throws.
/// </summary>
internal static class RustSourceReader
{
    private static readonly Dictionary<string, CType> Primitives = new(StringComparer.Ordinal)
    {
        ["i8"] = CType.Int8, ["u8"] = CType.UInt8, ["i16"] = CType.Int16, ["u16"] = CType.UInt16,
        ["i32"] = CType.Int32, ["u32"] = CType.UInt32, ["i64"] = CType.Int64, ["u64"] = CType.UInt64,
        ["isize"] = CType.IntPtr, ["usize"] = CType.Size, ["f32"] = CType.Float, ["f64"] = CType.Double,
        ["bool"] = NativeTypes.Bool,
        ["c_char"] = CType.Char, ["c_schar"] = CType.Int8, ["c_uchar"] = CType.UInt8,
        ["c_short"] = CType.Int16, ["c_ushort"] = CType.UInt16, ["c_int"] = CType.Int32, ["c_uint"] = CType.UInt32,
        ["c_long"] = NativeTypes.Long, ["c_ulong"] = NativeTypes.ULong, ["c_longlong"] = CType.Int64, ["c_ulonglong"] = CType.UInt64,
        ["c_float"] = CType.Float, ["c_double"] = CType.Double, ["c_void"] = CType.Void,
        ["size_t"] = CType.Size, ["ssize_t"] = CType.IntPtr, ["intptr_t"] = CType.IntPtr, ["uintptr_t"] = CType.UIntPtr,
        ["int8_t"] = CType.Int8, ["uint8_t"] = CType.UInt8, ["int16_t"] = CType.Int16, ["uint16_t"] = CType.UInt16,
        ["int32_t"] = CType.Int32, ["uint32_t"] = CType.UInt32, ["int64_t"] = CType.Int64, ["uint64_t"] = CType.UInt64,

        // The helper crate's ABI types (src/native/rust/boundary-ffi), as the package's C side names them.
        ["Bool8"] = CType.UInt8,
        ["RawBuffer"] = CType.Struct("boundary_buffer"),
        ["RawBufferCap"] = CType.Struct("boundary_buffer_cap"),
        ["ErrorRecord"] = CType.Struct("boundary_error"),
        ["GoResult"] = CType.Struct("GoResult"),
        ["GoResultCode"] = CType.Struct("GoResultCode"),
    };

    public static NativeContract Read(IEnumerable<string> texts)
    {
        var items = new Items();
        foreach (string text in texts)
        {
            try
            {
                Collect(CTokenizer.Tokenize(text, rust: true), items);
            }
            catch (Exception)
            {
                // A file the scanner cannot follow: what was read stays.
            }
        }

        var contract = new NativeContract(ContractSource.RustSource) { HasMacroExports = items.MacroExports };
        var resolver = new Resolver(items);
        foreach (RawStruct raw in items.Structs)
        {
            try
            {
                contract.Structs[raw.Name] = new NativeStruct(raw.Name, raw.Fields.Select(f => resolver.Value(f.Name, f.Type)).ToList());
            }
            catch (Exception)
            {
            }
        }

        foreach (RawFunction raw in items.Functions)
        {
            try
            {
                var parameters = raw.Parameters.Select(p => resolver.Value(p.Name, p.Type)).ToList();
                NativeValue returns = raw.Return is null ? new NativeValue("", CType.Void, "()") : resolver.Value("", raw.Return);
                var spelled = new System.Text.StringBuilder("fn ").Append(raw.Name).Append('(');
                for (int i = 0; i < parameters.Count; i++)
                {
                    spelled.Append(i == 0 ? "" : ", ").Append(parameters[i].Name).Append(": ").Append(parameters[i].Text);
                }

                spelled.Append(')');
                if (raw.Return is not null)
                {
                    spelled.Append(" -> ").Append(returns.Text);
                }

                string declaration = spelled.ToString();
                contract.Functions[raw.Name] = new NativeFunction(raw.Name, returns, parameters, declaration);
            }
            catch (Exception)
            {
            }
        }

        foreach (KeyValuePair<string, long> constant in items.Constants)
        {
            contract.Constants[constant.Key] = constant.Value;
        }

        return contract;
    }

    private sealed record RawValue(string Name, List<Token> Type);

    private sealed record RawFunction(string Name, List<RawValue> Parameters, List<Token>? Return);

    private sealed record RawStruct(string Name, List<RawValue> Fields);

    private sealed class Items
    {
        public List<RawFunction> Functions { get; } = new();

        public List<RawStruct> Structs { get; } = new();

        public HashSet<string> OtherTypes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<Token>> Aliases { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Constants { get; } = new(StringComparer.Ordinal);

        public bool MacroExports { get; set; }
    }

    private static void Collect(List<Token> t, Items items)
    {
        bool export = false;
        string? exportName = null;
        bool reprC = false;
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i].Is("#") && i + 1 < t.Count && (t[i + 1].Is("[") || t[i + 1].Is("!")))
            {
                int open = t[i + 1].Is("!") ? i + 2 : i + 1;
                int close = Matching(t, open, "[", "]");
                if (open < t.Count && t[open].Is("[") && close > open)
                {
                    List<Token> body = t.GetRange(open + 1, close - open - 1);
                    export |= body.Any(x => x.Is("no_mangle"));
                    if (body.Count >= 3 && body[0].Is("export_name") && body[1].Is("=") && body[2].Kind == TokenKind.String)
                    {
                        export = true;
                        exportName = body[2].Text.Trim('"');
                    }

                    reprC |= body.Count >= 3 && body[0].Is("repr") && body.Skip(1).Any(x => x.Is("C"));
                    i = close;
                }

                continue;
            }

            if (t[i].Is("fn") && export && i + 1 < t.Count && t[i + 1].Is("$"))
            {
                items.MacroExports = true;
            }

            if (t[i].Is("fn") && i + 2 < t.Count && t[i + 1].Kind == TokenKind.Word)
            {
                if (export && t[i + 2].Is("("))
                {
                    int close = Matching(t, i + 2, "(", ")");
                    if (close > 0)
                    {
                        var parameters = Split(t.GetRange(i + 3, close - i - 3)).Select(Parameter).ToList();
                        List<Token>? returns = null;
                        int end = close + 1;
                        if (end < t.Count && t[end].Is("->"))
                        {
                            int stop = end + 1;
                            while (stop < t.Count && !t[stop].Is("{") && !t[stop].Is(";") && !t[stop].Is("where"))
                            {
                                stop++;
                            }

                            returns = t.GetRange(end + 1, stop - end - 1);
                        }

                        if (parameters.All(p => p is not null))
                        {
                            items.Functions.Add(new RawFunction(exportName ?? t[i + 1].Text, parameters!, returns));
                        }
                    }
                }

                export = false;
                exportName = null;
                reprC = false;
                continue;
            }

            if ((t[i].Is("struct") || t[i].Is("enum") || t[i].Is("union")) && i + 1 < t.Count && t[i + 1].Kind == TokenKind.Word)
            {
                string name = t[i + 1].Text;
                if (reprC && t[i].Is("struct") && i + 2 < t.Count && t[i + 2].Is("{"))
                {
                    int close = Matching(t, i + 2, "{", "}");
                    var fields = Split(t.GetRange(i + 3, close - i - 3)).Select(Field).ToList();
                    if (fields.All(f => f is not null))
                    {
                        items.Structs.Add(new RawStruct(name, fields!));
                    }

                    i = close;
                }
                else
                {
                    items.OtherTypes.Add(name);
                }

                export = false;
                reprC = false;
                continue;
            }

            if (t[i].Is("type") && i + 2 < t.Count && t[i + 1].Kind == TokenKind.Word && t[i + 2].Is("="))
            {
                int end = Until(t, i + 3, ";");
                items.Aliases[t[i + 1].Text] = t.GetRange(i + 3, end - i - 3);
                i = end;
                continue;
            }

            if (t[i].Is("const") && i + 3 < t.Count && t[i + 1].Kind == TokenKind.Word && t[i + 2].Is(":"))
            {
                int end = Until(t, i + 3, ";");
                int equals = t.FindIndex(i + 3, x => x.Is("="));
                if (equals > 0 && equals < end)
                {
                    string value = string.Concat(t.Skip(equals + 1).Take(end - equals - 1).Select(x => x.Text));
                    if (CHeaderReader.ParseInteger(StripSuffix(value)) is { } number)
                    {
                        items.Constants[t[i + 1].Text] = number;
                    }
                }

                i = end;
                continue;
            }

            if (t[i].Is("impl") || t[i].Is("static") || t[i].Is("use") || t[i].Is("mod") || t[i].Is("trait"))
            {
                export = false;
                exportName = null;
                reprC = false;
            }
        }
    }

    private static string StripSuffix(string value)
    {
        foreach (string suffix in new[] { "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "isize", "usize" })
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal) && !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return value.Substring(0, value.Length - suffix.Length);
            }
        }

        return value;
    }

    private static RawValue? Parameter(List<Token> tokens)
    {
        int colon = tokens.IndexOfText(":");
        if (colon < 1)
        {
            return null;
        }

        string name = tokens.Take(colon).LastOrDefault(x => x.Kind == TokenKind.Word && !x.Is("mut"))?.Text ?? "_";
        return new RawValue(name, tokens.Skip(colon + 1).ToList());
    }

    private static RawValue? Field(List<Token> tokens)
    {
        // Field attributes and visibility: #[...] pub(crate) name: Type
        int colon = tokens.IndexOfText(":");
        return colon < 1 ? null : new RawValue(tokens[colon - 1].Text, tokens.Skip(colon + 1).ToList());
    }

    private static int Until(List<Token> t, int from, string text)
    {
        int depth = 0;
        for (int i = from; i < t.Count; i++)
        {
            if (t[i].Is("(") || t[i].Is("[") || t[i].Is("{"))
            {
                depth++;
            }
            else if (t[i].Is(")") || t[i].Is("]") || t[i].Is("}"))
            {
                depth--;
            }
            else if (depth <= 0 && t[i].Is(text))
            {
                return i;
            }
        }

        return t.Count;
    }

    private static int Matching(List<Token> t, int open, string opening, string closing)
    {
        int depth = 0;
        for (int i = open; i < t.Count; i++)
        {
            if (t[i].Is(opening))
            {
                depth++;
            }
            else if (t[i].Is(closing) && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits on commas outside (), [], {} and &lt;&gt;.</summary>
    private static List<List<Token>> Split(List<Token> tokens)
    {
        var parts = new List<List<Token>> { new() };
        int depth = 0;
        foreach (Token token in tokens)
        {
            if (token.Is("(") || token.Is("[") || token.Is("{") || token.Is("<"))
            {
                depth++;
            }
            else if (token.Is(")") || token.Is("]") || token.Is("}") || token.Is(">"))
            {
                depth--;
            }

            if (depth == 0 && token.Is(","))
            {
                parts.Add(new List<Token>());
                continue;
            }

            parts[parts.Count - 1].Add(token);
        }

        return parts.Where(p => p.Count > 0).ToList();
    }

    private sealed class Resolver
    {
        private readonly Items _items;
        private readonly HashSet<string> _structs;

        public Resolver(Items items)
        {
            _items = items;
            _structs = new HashSet<string>(items.Structs.Select(s => s.Name), StringComparer.Ordinal);
        }

        public NativeValue Value(string name, List<Token> type) => new(name, Type(type, 0), Spell(type));

        private CType Type(List<Token> t, int depth)
        {
            // Attributes and visibility never reach here; paths are reduced to their last segment.
            if (depth > 16 || t.Count == 0)
            {
                return NativeTypes.Unknown(Spell(t));
            }

            if (t[0].Is("*") && t.Count > 2)
            {
                return Type(t.GetRange(2, t.Count - 2), depth + 1).PointerTo(toConst: t[1].Is("const"));
            }

            if (t[0].Is("&"))
            {
                bool mutable = t.Count > 1 && t[1].Is("mut");
                int skip = mutable ? 2 : 1;
                List<Token> rest = t.GetRange(skip, t.Count - skip);
                return Type(rest, depth + 1).PointerTo(toConst: !mutable);
            }

            if (t[0].Is("(") && t.Count == 2 && t[1].Is(")") || t.Count == 1 && t[0].Is("!"))
            {
                return CType.Void;
            }

            int fn = t.IndexOfText("fn");
            if (fn >= 0 && t.GetRange(0, fn).TrueForAll(x => x.Is("unsafe") || x.Is("extern") || x.Kind == TokenKind.String))
            {
                return FunctionPointer(t.GetRange(fn + 1, t.Count - fn - 1), depth);
            }

            // A path: std::ffi::c_void, boundary_ffi::RawBuffer<T>, Option<T>.
            int generic = t.IndexOfText("<");
            List<Token> path = generic < 0 ? t : t.GetRange(0, generic);
            if (!path.TrueForAll(x => x.Kind == TokenKind.Word || x.Is("::")))
            {
                return NativeTypes.Unknown(Spell(t));
            }

            string last = path.FindLast(x => x.Kind == TokenKind.Word)?.Text ?? throw new InvalidOperationException("a path without a name");
            List<Token>? argument = generic < 0 || !t[t.Count - 1].Is(">") ? null : t.GetRange(generic + 1, t.Count - generic - 2);
            if (last is "Option" or "NonNull" or "MaybeUninit" or "ManuallyDrop" && argument is not null)
            {
                CType inner = Type(argument, depth + 1);
                return last == "NonNull" ? inner.PointerTo() : inner;
            }

            if (Primitives.TryGetValue(last, out CType? primitive))
            {
                return primitive;
            }

            if (argument is null && _items.Aliases.TryGetValue(last, out List<Token>? alias))
            {
                return Type(alias, depth + 1);
            }

            if (_structs.Contains(last))
            {
                return CType.Struct(last);
            }

            return NativeTypes.Unknown(last);
        }

        private CType FunctionPointer(List<Token> t, int depth)
        {
            if (t.Count < 2 || !t[0].Is("("))
            {
                return NativeTypes.Unknown(Spell(t));
            }

            int close = Matching(t, 0, "(", ")");
            if (close < 0)
            {
                return NativeTypes.Unknown(Spell(t));
            }

            var parameters = Split(t.GetRange(1, close - 1))
                .Select(p =>
                {
                    int colon = p.IndexOfText(":");
                    return Type(colon > 0 ? p.Skip(colon + 1).ToList() : p, depth + 1);
                })
                .ToArray();
            CType returns = close + 1 < t.Count && t[close + 1].Is("->") ? Type(t.Skip(close + 2).ToList(), depth + 1) : CType.Void;
            return CType.FunctionPointer(returns, parameters);
        }

        [ThreadStatic]
        private static System.Text.StringBuilder? spellBuilder;

        private static string Spell(List<Token> t)
        {
            if (t.Count == 1)
            {
                return t[0].Text;
            }

            System.Text.StringBuilder text = spellBuilder ??= new System.Text.StringBuilder();
            text.Clear();
            Token? previous = null;
            foreach (Token token in t)
            {
                if (previous is not null && (previous.Kind == TokenKind.Word || previous.Kind == TokenKind.String || previous.Is(",") || previous.Is("->")) && (token.Kind == TokenKind.Word || token.Is("->") || token.Kind == TokenKind.String))
                {
                    text.Append(' ');
                }
                else if (previous is not null && token.Is("->"))
                {
                    text.Append(' ');
                }

                text.Append(token.Text);
                previous = token;
            }

            return text.ToString();
        }
    }
}
