using System.Collections.Generic;

namespace Boundary.Analyzers.Contracts;

internal enum TokenKind
{
    Word,
    Number,
    String,
    Punctuation,

    /// <summary>C's <c>#define</c>, followed by the macro's name and its value, then a ';'.</summary>
    Define,
}

internal sealed record Token(TokenKind Kind, string Text)
{
    public bool Is(string text) => Text == text && Kind != TokenKind.String;
}

/// <summary>Searches in token lists, shared by the C and Rust readers.</summary>
internal static class Tokens
{
    /// <summary>The index of the first token that <see cref="Token.Is"/> <paramref name="text"/>, or -1.</summary>
    public static int IndexOfText(this List<Token> tokens, string text)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Is(text))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// Splits C or Rust source into words, numbers, strings and punctuation, dropping comments. C preprocessor lines are
/// dropped except <c>#define NAME value</c>; in Rust, <c>#</c> stays (attributes), lifetimes are dropped and <c>-&gt;</c>,
/// <c>::</c> are one token each.
/// </summary>
internal static class CTokenizer
{
    public static List<Token> Tokenize(string text) => Tokenize(text, rust: false);

    public static List<Token> Tokenize(string text, bool rust)
    {
        var tokens = new List<Token>(text.Length / 4);
        var words = new WordTable();
        int i = 0;
        bool lineStart = true;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                lineStart = true;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = LineEnd(text, i);
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i = CommentEnd(text, i + 2, nested: rust);
                continue;
            }

            if (c == '#' && !rust && lineStart)
            {
                int end = i;
                do
                {
                    end = LineEnd(text, end);
                }
                while (end < text.Length && end > 0 && text[end - 1] == '\\' && ++end < text.Length);

                Define(text.Substring(i, end - i), tokens);
                i = end;
                continue;
            }

            lineStart = false;
            if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                if (rust && i < text.Length && (text[i] == '"' || text[i] == '#') && IsRustStringPrefix(text, start, i - start))
                {
                    i = RustString(text, i, raw: !(i - start == 1 && text[start] == 'b'));
                    tokens.Add(EmptyString);
                    continue;
                }

                tokens.Add(words.Get(TokenKind.Word, text, start, i - start));
                continue;
            }

            if (char.IsDigit(c))
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || (text[i] == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
                {
                    i++;
                }

                tokens.Add(words.Get(TokenKind.Number, text, start, i - start));
                continue;
            }

            if (c == '"')
            {
                int start = i;
                i = QuotedEnd(text, i, '"');
                tokens.Add(new Token(TokenKind.String, text.Substring(start, i - start)));
                continue;
            }

            if (c == '\'')
            {
                // Rust lifetime ('a, 'static) or a character literal ('a', '\n').
                if (rust && i + 2 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_') && text[i + 2] != '\'')
                {
                    i++;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    continue;
                }

                i = QuotedEnd(text, i, '\'');
                tokens.Add(Zero);
                continue;
            }

            Token punctuation =
                rust && c == '-' && Next(text, i) == '>' ? Arrow :
                rust && c == ':' && Next(text, i) == ':' ? PathSeparator :
                c == '.' && Next(text, i) == '.' && i + 2 < text.Length && text[i + 2] == '.' ? Ellipsis :
                c < Punctuation.Length ? Punctuation[c] : new Token(TokenKind.Punctuation, c.ToString());
            tokens.Add(punctuation);
            i += punctuation.Text.Length;
        }

        return tokens;
    }

    /// <summary>One token per ASCII character (tokens are immutable), so punctuation allocates nothing.</summary>
    private static readonly Token[] Punctuation = CreatePunctuation();

    private static readonly Token Arrow = new(TokenKind.Punctuation, "->");
    private static readonly Token PathSeparator = new(TokenKind.Punctuation, "::");
    private static readonly Token Ellipsis = new(TokenKind.Punctuation, "...");
    private static readonly Token EmptyString = new(TokenKind.String, "\"\"");
    private static readonly Token Zero = new(TokenKind.Number, "0");

    private static Token[] CreatePunctuation()
    {
        var tokens = new Token[128];
        for (int c = 0; c < tokens.Length; c++)
        {
            tokens[c] = new Token(TokenKind.Punctuation, ((char)c).ToString());
        }

        return tokens;
    }

    /// <summary><c>r</c>, <c>br</c> or <c>b</c>: what starts a raw or byte string in Rust when a quote or <c>#</c> follows.</summary>
    private static bool IsRustStringPrefix(string text, int start, int length)
        => (length == 1 && text[start] is 'r' or 'b') || (length == 2 && text[start] == 'b' && text[start + 1] == 'r');

    /// <summary>
    /// The words and numbers of one text, each spelled once with one token: a header repeats its type names and
    /// keywords thousands of times, and each would otherwise be a string and a token of its own. Open addressing over
    /// the characters in place, so a word seen before allocates nothing.
    /// </summary>
    private sealed class WordTable
    {
        private Token?[] slots = new Token?[512];
        private int count;

        public Token Get(TokenKind kind, string text, int start, int length)
        {
            int hash = Hash(text, start, length);
            int mask = slots.Length - 1;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                if (slots[slot] is not { } token)
                {
                    token = new Token(kind, text.Substring(start, length));
                    slots[slot] = token;
                    if (++count * 2 > slots.Length)
                    {
                        Grow();
                    }

                    return token;
                }

                if (token.Kind == kind && token.Text.Length == length && string.CompareOrdinal(token.Text, 0, text, start, length) == 0)
                {
                    return token;
                }
            }
        }

        private static int Hash(string text, int start, int length)
        {
            uint hash = 2166136261;
            for (int i = start; i < start + length; i++)
            {
                hash = (hash ^ text[i]) * 16777619;
            }

            return (int)(hash & 0x7fffffff);
        }

        private void Grow()
        {
            Token?[] old = slots;
            slots = new Token?[old.Length * 2];
            int mask = slots.Length - 1;
            foreach (Token? token in old)
            {
                if (token is null)
                {
                    continue;
                }

                int slot = Hash(token.Text, 0, token.Text.Length) & mask;
                while (slots[slot] is not null)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = token;
            }
        }
    }

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static int LineEnd(string text, int i)
    {
        int end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    private static int CommentEnd(string text, int i, bool nested)
    {
        int depth = 1;
        while (i < text.Length - 1)
        {
            if (text[i] == '*' && text[i + 1] == '/')
            {
                if (--depth == 0)
                {
                    return i + 2;
                }

                i += 2;
            }
            else if (nested && text[i] == '/' && text[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }

    private static int QuotedEnd(string text, int i, char quote)
    {
        i++;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return System.Math.Min(i + 1, text.Length);
    }

    private static int RustString(string text, int i, bool raw)
    {
        if (!raw)
        {
            return QuotedEnd(text, i, '"');
        }

        int hashes = 0;
        while (i < text.Length && text[i] == '#')
        {
            hashes++;
            i++;
        }

        if (i >= text.Length || text[i] != '"')
        {
            return i;
        }

        string close = "\"" + new string('#', hashes);
        int end = text.IndexOf(close, i + 1, System.StringComparison.Ordinal);
        return end < 0 ? text.Length : end + close.Length;
    }

    /// <summary><c>#define NAME value</c> with an integer value becomes Define, NAME, value, ';'.</summary>
    private static void Define(string line, List<Token> tokens)
    {
        string body = line.Substring(1).Trim();
        if (!body.StartsWith("define", System.StringComparison.Ordinal))
        {
            return;
        }

        string[] parts = body.Substring("define".Length).Trim().Split(new[] { ' ', '\t' }, 2, System.StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0].Contains("("))
        {
            return;
        }

        string value = parts[1];
        int comment = value.IndexOf("//", System.StringComparison.Ordinal);
        if (comment >= 0)
        {
            value = value.Substring(0, comment);
        }

        comment = value.IndexOf("/*", System.StringComparison.Ordinal);
        if (comment >= 0)
        {
            value = value.Substring(0, comment);
        }

        tokens.Add(new Token(TokenKind.Define, "#define"));
        tokens.Add(new Token(TokenKind.Word, parts[0]));
        tokens.Add(new Token(TokenKind.Number, value.Trim()));
        tokens.Add(new Token(TokenKind.Punctuation, ";"));
    }
}
