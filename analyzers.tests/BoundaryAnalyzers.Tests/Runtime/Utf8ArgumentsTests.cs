using System.Text;
using Boundary.Interop;

namespace BoundaryAnalyzers.Tests.Runtime;

/// <summary>
/// The string-argument encoder the generated stubs call: its inline ASCII path (per length: scalar, two overlapping
/// 64-bit reads, 16-byte blocks with an overlapping last block) must write exactly what the strict transcoder writes,
/// at every length and wherever a non-ASCII char, a lone surrogate or a NUL sits.
/// </summary>
public class Utf8ArgumentsTests
{
    private static readonly string[] Odd = ["\u00e9", "\u4e2d", "\U0001F600", "\uD800", "\uDC00", "\u007F", "\u0080"];

    /// <summary>Every length around the path boundaries (4, 8, 16, 64, 85), with one odd char at every position.</summary>
    public static IEnumerable<string> Strings()
    {
        for (int length = 0; length <= 90; length++)
        {
            string ascii = new(Enumerable.Range(0, length).Select(i => (char)(' ' + (i % 95))).ToArray());
            yield return ascii;
            for (int at = 0; at < length; at++)
            {
                foreach (string odd in Odd)
                {
                    yield return ascii[..at] + odd + ascii[(at + 1)..];
                }
            }
        }
    }

    [Fact]
    public void A_slice_is_the_UTF8_of_the_string_with_lone_surrogates_as_U_FFFD()
    {
        foreach (string s in Strings())
        {
            Span<byte> buffer = Utf8Arguments.Buffer(s, out Utf8Arguments.StackBuffer stack, nulTerminated: false, out byte[]? rented);
            buffer.Fill(0xCC);
            int length = Utf8Arguments.EncodeSlice(s, buffer);
            byte[] expected = Encoding.UTF8.GetBytes(s);
            if (!buffer[..length].SequenceEqual(expected))
            {
                buffer[..length].ToArray().Should().Equal(expected, Describe(s));
            }

            Utf8Arguments.Return(rented);
        }
    }

    [Fact]
    public void A_NUL_terminated_string_is_the_UTF8_of_the_string_and_one_terminator()
    {
        foreach (string s in Strings())
        {
            Span<byte> buffer = Utf8Arguments.Buffer(s, out Utf8Arguments.StackBuffer stack, nulTerminated: true, out byte[]? rented);
            buffer.Fill(0xCC);
            Utf8Arguments.EncodeNulTerminated(s, buffer, "s");
            byte[] expected = [.. Encoding.UTF8.GetBytes(s), 0];
            if (!buffer[..expected.Length].SequenceEqual(expected))
            {
                buffer[..expected.Length].ToArray().Should().Equal(expected, Describe(s));
            }

            Utf8Arguments.Return(rented);
        }
    }

    [Fact]
    public void An_embedded_NUL_anywhere_is_an_ArgumentException_naming_its_index_and_a_slice_keeps_it()
    {
        byte[] stack = new byte[Utf8Arguments.StackBufferBytes];
        foreach (string s in Strings().Where(s => s.Length > 0 && s.All(char.IsAscii)))
        {
            for (int at = 0; at < s.Length; at++)
            {
                string withNul = s[..at] + "\0" + s[(at + 1)..];
                ArgumentException? thrown = null;
                try
                {
                    Utf8Arguments.EncodeNulTerminated(withNul, stack, "s");
                }
                catch (ArgumentException e)
                {
                    thrown = e;
                }

                thrown.Should().NotBeNull(Describe(withNul));
                thrown!.ParamName.Should().Be("s");
                thrown.Message.Should().Contain($"U+0000 at index {at},");
                int length = Utf8Arguments.EncodeSlice(withNul, stack);
                stack.AsSpan(0, length).SequenceEqual(Encoding.UTF8.GetBytes(withNul)).Should().BeTrue(Describe(withNul));
            }
        }
    }

    private static string Describe(string s)
        => $"length {s.Length}: {string.Join(" ", s.Select(c => ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)))}";
}
