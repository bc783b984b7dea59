using BoundaryAnalyzers.Tests.Infrastructure;

namespace BoundaryAnalyzers.Tests.Generator;

/// <summary>
/// Names are text the generator writes into C# string literals and XML comments: a library, export, release or cancel
/// name with a quote, a backslash, a line break, a tab, a control character or XML markup must still give code that
/// compiles (the fuzzing of issue 13 found CS1010/CS1003/CS1009 here).
/// </summary>
public class NameEscapingTests
{
    [Theory]
    [InlineData("we\\\"ird")]
    [InlineData("back\\\\slash")]
    [InlineData("line\\nbreak")]
    [InlineData("carriage\\rreturn")]
    [InlineData("tab\\tbed")]
    [InlineData("bell\\u0007")]
    [InlineData("<xml & stuff>")]
    [InlineData("unicode\\u2028separator")]
    public void Odd_names_still_compile(string name)
    {
        GeneratorRun run = TestCompilation.Run($$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Boundary;

            [ForeignHandle(Release = "{{name}}_free")]
            public sealed partial class H;

            [ForeignErrors]
            public enum E { Ok = 0, Bad = 1 }

            [ForeignBoundary("{{name}}", Errors = typeof(E), Cancel = "{{name}}_cancel", StringFree = "{{name}}_sf", LastError = "{{name}}_le", AbiVersion = "1.0", AbiVersionFunction = "{{name}}_v")]
            internal static partial class Lib
            {
                [ForeignFunction("{{name}}_f")] public static partial string F(H h, Func<int, int> map);
                [ForeignFunction("{{name}}_a")] public static partial Task<string> A(string s, CancellationToken ct);
                [ForeignFunction("{{name}}_n", ErrorShape = ForeignErrorShape.NullOrSentinel)] public static partial H N();
            }
            """);

        run.CompilationProblems.Should().BeEmpty();
    }
}
