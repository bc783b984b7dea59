namespace Boundary.Analyzers.Model;

/// <summary>Metadata names of the declaration surface in the Boundary runtime assembly.</summary>
internal static class KnownNames
{
    public const string ForeignBoundaryAttribute = "Boundary.ForeignBoundaryAttribute";
    public const string ForeignFunctionAttribute = "Boundary.ForeignFunctionAttribute";
    public const string ForeignHandleAttribute = "Boundary.ForeignHandleAttribute";
    public const string BorrowedAttribute = "Boundary.BorrowedAttribute";
    public const string ConsumedAttribute = "Boundary.ConsumedAttribute";
    public const string RetainedAttribute = "Boundary.RetainedAttribute";

    /// <summary>Values of <c>Boundary.ForeignLanguage</c>.</summary>
    public const int LanguageRust = 0;
    public const int LanguageGo = 1;
}
