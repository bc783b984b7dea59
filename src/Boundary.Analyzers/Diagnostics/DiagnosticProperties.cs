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

    /// <summary>BND1012: the length type a buffer-free function's length or capacity must have.</summary>
    public const string LengthType = nameof(LengthType);

    /// <summary>BND1012: the named argument of [ForeignBoundary] to remove.</summary>
    public const string RemoveArgument = nameof(RemoveArgument);

    /// <summary>BND1012: the buffer-free function must return void.</summary>
    public const string ReturnVoid = nameof(ReturnVoid);

    /// <summary>BND1015: the [LengthType] attribute applies to nothing and can be removed.</summary>
    public const string RemoveAttribute = nameof(RemoveAttribute);
}
