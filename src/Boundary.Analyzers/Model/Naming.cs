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
    /// <c>Vec3Scale</c> → <c>vec3_scale</c>: a word starts at an upper-case letter that follows a lower-case letter or
    /// digit, or that ends a run of capitals followed by a lower-case letter.
    /// </summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool afterLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool endsAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((afterLowerOrDigit || endsAcronym) && builder.Length > 0 && builder[builder.Length - 1] != '_')
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

        return builder.ToString();
    }

    public static string EntryPoint(string prefix, string methodName) => prefix + SnakeCase(methodName);
}
