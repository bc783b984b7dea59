using Boundary;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>"Retained values" of docs/design/native-test-abi.md: native memory and a callback kept past the call.</summary>
[ForeignBoundary(Target.Library, Language = Target.Language)]
internal static unsafe partial class RetainedValues
{
    public static partial void RetainBytes([Retained] byte* data, nuint length);
    public static partial long RetainedSum();
    public static partial void RetainCallback([Retained] delegate* unmanaged<nint, long, void> callback, [Retained] nint userData);
    public static partial long Fire(long value);
    public static partial void ReleaseRetained();
}
