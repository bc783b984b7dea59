namespace Boundary.Analyzers.Model;

/// <summary>Metadata names of the declaration surface in the Boundary runtime assembly.</summary>
internal static class KnownNames
{
    public const string ForeignBoundaryAttribute = "Boundary.ForeignBoundaryAttribute";
    public const string ForeignHandleAttribute = "Boundary.ForeignHandleAttribute";

    /// <summary>Type names within the <c>Boundary</c> namespace, for <c>SymbolFacts.Is</c> (compared without allocating).</summary>
    public static class Attribute
    {
        public const string ForeignBoundary = "ForeignBoundaryAttribute";
        public const string ForeignFunction = "ForeignFunctionAttribute";
        public const string ForeignHandle = "ForeignHandleAttribute";
        public const string Borrowed = "BorrowedAttribute";
        public const string Consumed = "ConsumedAttribute";
        public const string Retained = "RetainedAttribute";
    }

    /// <summary><c>Boundary.ForeignLanguage.Go</c>; Rust is the default (0).</summary>
    public const int LanguageGo = 1;

    /// <summary><c>Boundary.ForeignStrings.NulTerminated</c>; the default (0) is a UTF-8 pointer and length.</summary>
    public const int StringsNulTerminated = 1;
}
