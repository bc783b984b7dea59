namespace Boundary.Analyzers.Binding.Languages;

/// <summary>How a boundary passes <c>string</c> parameters (<c>Boundary.ForeignStrings</c>).</summary>
internal abstract class StringConvention
{
    /// <summary>UTF-8 pointer and length (the default): <c>(const uint8_t* s, size_t s_len)</c>.</summary>
    public static readonly StringConvention Utf8Slice = new Convention(0, "Utf8Slice", nulTerminated: false);

    /// <summary>NUL-terminated UTF-8: <c>const char* s</c>; an embedded NUL is an argument error.</summary>
    public static readonly StringConvention NulTerminated = new Convention(1, "NulTerminated", nulTerminated: true);

    /// <summary>Every convention, indexed by its <c>Boundary.ForeignStrings</c> value.</summary>
    public static readonly StringConvention[] All = { Utf8Slice, NulTerminated };

    public abstract int Value { get; }

    public abstract string Name { get; }

    public abstract bool IsNulTerminated { get; }

    /// <summary>The convention of an attribute's <c>Strings</c> value; unknown values are the default.</summary>
    public static StringConvention FromValue(int value) => value >= 0 && value < All.Length ? All[value] : Utf8Slice;

    public override string ToString() => Name;

    private sealed class Convention : StringConvention
    {
        public Convention(int value, string name, bool nulTerminated)
        {
            Value = value;
            Name = name;
            IsNulTerminated = nulTerminated;
        }

        public override int Value { get; }

        public override string Name { get; }

        public override bool IsNulTerminated { get; }
    }
}
