using System.Text;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>Which way a native parameter carries data.</summary>
internal enum NativeDirection
{
    /// <summary>Native code reads it.</summary>
    In,

    /// <summary>Native code writes through it (an out pointer).</summary>
    Out,

    /// <summary>Native code reads and writes through it.</summary>
    InOut,
}

/// <summary>One parameter of a native function.</summary>
internal sealed record NativeParameter(string Name, CType Type, NativeDirection Direction = NativeDirection.In)
{
    public override string ToString() => Type.Declare(Name);
}

/// <summary>
/// The native function a stub calls, as its C declaration would read: the exported symbol, the return type and every
/// parameter, including those a crossing adds (a string's length) and those an error shape adds (a status code's out
/// pointer). Built once per boundary function from the crossings; the generator prints it above each stub and the
/// contract check compares it with headers.
/// </summary>
internal sealed record NativeSignature(string Symbol, CType Return, EquatableArray<NativeParameter> Parameters)
{
    /// <summary>The declaration without parameter names, as the ABI sees it: <c>int32_t geo_index_get(void*, uint64_t, LatLon*);</c></summary>
    public string TypesOnly()
    {
        var text = new StringBuilder();
        Append(text, names: false);
        return text.ToString();
    }

    /// <summary>
    /// Whether <see cref="TypesOnly"/> is <paramref name="recorded"/>, compared without building it: a recorded ABI is
    /// checked for every function of every build, and almost always matches.
    /// </summary>
    public bool HasTypesOnly(string recorded)
    {
        StringBuilder text = typesOnly ??= new StringBuilder(256);
        text.Clear();
        Append(text, names: false);
        if (text.Length != recorded.Length)
        {
            return false;
        }

        for (int i = 0; i < recorded.Length; i++)
        {
            if (text[i] != recorded[i])
            {
                return false;
            }
        }

        return true;
    }

    [System.ThreadStatic]
    private static StringBuilder? typesOnly;

    /// <summary>A C declaration: <c>int32_t geo_index_get(void* index, uint64_t id, LatLon* out);</c></summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, names: true);
        return text.ToString();
    }

    private void Append(StringBuilder text, bool names)
    {
        Return.Append(text, null);
        text.Append(' ').Append(Symbol).Append('(');
        if (Parameters.Count == 0)
        {
            text.Append("void");
        }

        for (int i = 0; i < Parameters.Count; i++)
        {
            Parameters[i].Type.Append(text, names ? Parameters[i].Name : null);
            text.Append(i + 1 < Parameters.Count ? ", " : "");
        }

        text.Append(");");
    }
}
