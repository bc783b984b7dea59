using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.Analyzers.Analyzers.Versioning;

/// <summary>
/// <c>BoundaryAbi.Shipped.txt</c>: the native signatures a project has shipped, one C declaration without parameter
/// names per line (<c>int32_t geo_index_get(void*, uint64_t, LatLon*);</c>), in symbol order; <c>#</c> starts a comment.
/// Like <c>PublicAPI.Shipped.txt</c> for managed APIs: an incompatible change to a recorded signature is a warning
/// (BND4101) whose fix records the new signature; a signature not yet recorded is BND4102.
/// </summary>
internal sealed class ShippedAbi
{
    public const string FileName = "BoundaryAbi.Shipped.txt";

    private readonly Dictionary<string, string> bySymbol;

    private ShippedAbi(Dictionary<string, string> bySymbol) => this.bySymbol = bySymbol;

    /// <summary>The recorded declaration of <paramref name="symbol"/>, or null.</summary>
    public string? Find(string symbol) => bySymbol.TryGetValue(symbol, out string? declaration) ? declaration : null;

    public static ShippedAbi Parse(SourceText text)
    {
        var bySymbol = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TextLine line in text.Lines)
        {
            string declaration = Normalize(line.ToString());
            if (declaration.Length > 0 && SymbolOf(declaration) is { } symbol)
            {
                bySymbol[symbol] = declaration;
            }
        }

        return new ShippedAbi(bySymbol);
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="declarations"/> recorded: a line whose symbol is recorded again is
    /// replaced in place, new ones are added in symbol order after the last declaration, comments stay.
    /// </summary>
    public static string Record(string text, IEnumerable<string> declarations)
    {
        var pending = declarations.Select(Normalize).Where(d => SymbolOf(d) is not null)
            .GroupBy(d => SymbolOf(d)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        string newline = text.Contains("\r\n") ? "\r\n" : "\n";
        var lines = text.Length == 0 ? new List<string>() : text.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        for (int i = 0; i < lines.Count; i++)
        {
            if (SymbolOf(Normalize(lines[i])) is { } symbol && pending.TryGetValue(symbol, out string? replacement))
            {
                lines[i] = replacement;
                pending.Remove(symbol);
            }
        }

        var declarationsInFile = lines.Where(l => SymbolOf(Normalize(l)) is not null).Concat(pending.Values)
            .OrderBy(l => SymbolOf(Normalize(l)), StringComparer.Ordinal).ToList();
        var comments = lines.Where(l => SymbolOf(Normalize(l)) is null).ToList();
        return string.Join(newline, comments.Concat(declarationsInFile)) + newline;
    }

    /// <summary>The declaration with comments and surrounding space removed and inner runs of space made one.</summary>
    public static string Normalize(string line)
    {
        if (IsNormal(line))
        {
            return line; // the common case: a line the fix wrote
        }

        int comment = line.IndexOf('#');
        string text = (comment >= 0 ? line.Substring(0, comment) : line).Trim();
        return string.Join(" ", text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether <see cref="Normalize"/> would return <paramref name="line"/> as it is.</summary>
    private static bool IsNormal(string line)
    {
        if (line.Length > 0 && (char.IsWhiteSpace(line[0]) || char.IsWhiteSpace(line[line.Length - 1])))
        {
            return false;
        }

        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] is '#' or '\t' || (line[i] == ' ' && line[i + 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The function name of a declaration: the identifier before its last top-level <c>(</c> (its parameter
    /// list; a function-pointer return type has parentheses of its own before it).</summary>
    public static string? SymbolOf(string declaration)
    {
        int open = -1;
        int depth = 0;
        for (int i = 0; i < declaration.Length; i++)
        {
            if (declaration[i] == '(')
            {
                if (depth == 0)
                {
                    open = i;
                }

                depth++;
            }
            else if (declaration[i] == ')')
            {
                depth--;
            }
        }

        if (open <= 0)
        {
            return null;
        }

        int end = open;
        while (end > 0 && declaration[end - 1] == ' ')
        {
            end--;
        }

        int start = end;
        while (start > 0 && (char.IsLetterOrDigit(declaration[start - 1]) || declaration[start - 1] == '_'))
        {
            start--;
        }

        return end > start ? declaration.Substring(start, end - start) : null;
    }
}
