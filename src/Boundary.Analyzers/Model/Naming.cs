using System.Collections.Generic;
using System.Text;

namespace Boundary.Analyzers.Model;

/// <summary>The entry-point naming rule: <c>{prefix}{snake_case(method)}</c>, prefix defaulting to <c>{library}_</c>.</summary>
internal static class Naming
{
    public static string DefaultPrefix(string library)
    {
        string name = library;
        int slash = name.LastIndexOfAny(new[] { '/', '\\' });
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }

        var builder = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) && c < 128 ? char.ToLowerInvariant(c) : '_');
        }

        return builder.Append('_').ToString();
    }

    /// <summary>
    /// <c>IndexNew</c> → <c>index_new</c>, <c>GetHTTPStatus</c> → <c>get_http_status</c>, <c>AddI32</c> → <c>add_i32</c>,
    /// <c>Vec3Scale</c> → <c>vec3_scale</c>: a word starts where <see cref="StartsWord"/> says.
    /// </summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        AppendSnakeCase(builder, name);
        return builder.ToString();
    }

    private static void AppendSnakeCase(StringBuilder builder, string name)
    {
        int start = builder.Length;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (StartsWord(name, i) && builder.Length > start && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    /// <summary>
    /// The words of an identifier, split where <see cref="SnakeCase"/> puts an underscore, in their original case:
    /// <c>CreateHTTPClient</c> → <c>Create</c>, <c>HTTP</c>, <c>Client</c>; <c>parser_new</c> → <c>parser</c>, <c>new</c>.
    /// </summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 0; i <= name.Length; i++)
        {
            bool underscore = i < name.Length && name[i] == '_';
            if (i == name.Length || underscore || StartsWord(name, i))
            {
                if (i > start)
                {
                    words.Add(name.Substring(start, i - start));
                }

                start = underscore ? i + 1 : i;
            }
        }

        return words;
    }

    /// <summary>
    /// Whether the upper-case letter at <paramref name="i"/> starts a word: it follows a lower-case letter or digit, or
    /// it ends a run of capitals followed by a lower-case letter.
    /// </summary>
    private static bool StartsWord(string name, int i)
        => i > 0
            && char.IsUpper(name[i])
            && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));

    public static string EntryPoint(string prefix, string methodName)
    {
        // One string per entry point: a boundary of thousands of functions names each in every build.
        StringBuilder builder = entryPoint ??= new StringBuilder(64);
        builder.Clear().Append(prefix);
        AppendSnakeCase(builder, methodName);
        return builder.ToString();
    }

    [System.ThreadStatic]
    private static StringBuilder? entryPoint;
}
