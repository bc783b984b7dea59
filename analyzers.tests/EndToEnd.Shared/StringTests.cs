using System.Text;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>String parameters (SPEC section 3): UTF-8 as a slice or NUL-terminated, exact bytes, no allocation.</summary>
public sealed class StringTests
{
    public static readonly string[] Samples =
    [
        "",
        "hello, world",
        "h\u00e9llo w\u00f6rld \u2014 na\u00efve",
        "\U0001F600 emoji and \u4e2d\u6587",
        new string('x', 85),                        // 85 * 3 + 1 = 256: the largest that always fits the stack buffer
        new string('\u00e9', 86),                   // just over: the pooled path
        string.Concat(Enumerable.Repeat("0123456789\u00e9", 100)), // 1,100 chars
    ];

    [Fact]
    public void Slices_carry_the_exact_UTF8_bytes()
    {
        foreach (string s in Samples)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            Lib.Utf8Checksum(s).Should().Be(Fnv1a64(utf8), $"the bytes of \"{Preview(s)}\"");
            Lib.Utf8Len(s).Should().Be(s.EnumerateRunes().Count(), $"the scalar count of \"{Preview(s)}\"");
        }
    }

    [Fact]
    public void C_strings_carry_the_exact_UTF8_bytes_and_a_terminator()
    {
        foreach (string s in Samples)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            CStr.CstrLen(s).Should().Be(utf8.Length, $"the NUL follows the bytes of \"{Preview(s)}\"");
            CStr.CstrChecksum(s).Should().Be(Fnv1a64(utf8));
        }
    }

    [Fact]
    public void A_slice_may_contain_NUL_but_a_C_string_may_not()
    {
        Lib.Utf8Len("a\0b").Should().Be(3);
        FluentActions.Invoking(() => CStr.CstrLen("a\0b"))
            .Should().Throw<ArgumentException>().WithParameterName("s").WithMessage("*U+0000 at index 1*");
    }

    [Fact]
    public void Unpaired_surrogates_arrive_as_U_FFFD_so_native_code_always_gets_valid_UTF8()
    {
        const string broken = "a\uD800b";
        Lib.Utf8Len(broken).Should().Be(3, "valid UTF-8 with three scalars");
        Lib.Utf8Checksum(broken).Should().Be(Fnv1a64(Encoding.UTF8.GetBytes("a\uFFFDb")));
    }

    [Fact]
    public void Null_is_an_ArgumentNullException_or_a_null_pointer_where_declared_nullable()
    {
        FluentActions.Invoking(() => Lib.Utf8Len(null!)).Should().Throw<ArgumentNullException>().WithParameterName("s");
        FluentActions.Invoking(() => CStr.CstrLen(null!)).Should().Throw<ArgumentNullException>().WithParameterName("s");
        Lib.Utf8LenOrNull(null).Should().Be(0, "null with length 0 is the empty slice");
        CStr.CstrLenOrNull(null).Should().Be(-1, "the native side saw a null pointer");
        Lib.Utf8LenOrNull("abc").Should().Be(3);
        CStr.CstrLenOrNull("abc").Should().Be(3);
    }

    [Fact]
    public void String_arguments_allocate_nothing_on_the_managed_heap()
    {
        string small = "hello, world";
        string large = Samples[^1];
        for (int i = 0; i < 100; i++)
        {
            Lib.Utf8Checksum(small);
            CStr.CstrChecksum(large); // warms the pool's bucket for the large one
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Lib.Utf8Checksum(small);
            CStr.CstrChecksum(small);
            Lib.Utf8Checksum(large);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    private static ulong Fnv1a64(byte[] bytes)
    {
        ulong hash = 0xcbf29ce484222325;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 0x100000001b3;
        }

        return hash;
    }

    private static string Preview(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
