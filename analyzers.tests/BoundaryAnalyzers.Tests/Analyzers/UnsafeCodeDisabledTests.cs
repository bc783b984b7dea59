using Boundary.Analyzers.Analyzers.Declarations;
using BoundaryAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BoundaryAnalyzers.Tests.Analyzers;

/// <summary>BND1009: by-reference parameters need unsafe code in the project.</summary>
public class UnsafeCodeDisabledTests
{
    private const string Source = TestSetup.Usings + """
        [ForeignBoundary("lib")]
        internal static partial class Lib
        {
            public static partial bool Divmod(int a, int b, out int quot, out int rem);
            public static partial int AddI32(int a, int b);
        }
        """;

    [Fact]
    public async Task Reports_by_reference_parameters_when_unsafe_code_is_off_and_the_generated_code_adds_no_errors()
    {
        IReadOnlyList<Diagnostic> diagnostics = await AnalyzerRun.DiagnosticsAsync(Source, allowUnsafe: false, new BoundaryDeclarationAnalyzer());

        diagnostics.Should().ContainSingle().Which.Id.Should().Be("BND1009");
        diagnostics.Single().GetMessage().Should().Contain("'Divmod'").And.Contain("AllowUnsafeBlocks");
    }

    [Fact]
    public async Task Is_silent_when_unsafe_code_is_on()
        => (await AnalyzerRun.DiagnosticsAsync(Source, allowUnsafe: true, new BoundaryDeclarationAnalyzer())).Should().BeEmpty();
}
