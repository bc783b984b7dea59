namespace Boundary.Analyzers;

/// <summary>Keys of <c>Diagnostic.Properties</c> that analyzers set for their code fixes.</summary>
internal static class DiagnosticProperties
{
    /// <summary>BND1004: the suggested release function name.</summary>
    public const string Release = nameof(Release);

    /// <summary>BND1014: the ReleaseReturnsStatus value that agrees with the boundary function.</summary>
    public const string ReleaseReturnsStatus = nameof(ReleaseReturnsStatus);

    /// <summary>BND3004: the Errors type is an enum in source that only lacks [ForeignErrors].</summary>
    public const string FixableEnum = nameof(FixableEnum);
}
