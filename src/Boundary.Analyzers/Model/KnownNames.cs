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
        public const string ForeignErrors = "ForeignErrorsAttribute";
        public const string ThrowsAs = "ThrowsAsAttribute";
        public const string ForeignPanic = "ForeignPanicAttribute";
    }

    /// <summary>Generic types in the Boundary namespace that the type mapping recognises.</summary>
    public const string NativeBuffer = "NativeBuffer";

    /// <summary><c>Boundary.ForeignErrorShape</c> values.</summary>
    public static class ErrorShape
    {
        public const int None = 0;
        public const int StatusCode = 1;
        public const int GoError = 2;
        public const int GoErrorWithCode = 3;
        public const int OutError = 4;
        public const int Inherit = -1;

        public static bool HasCode(int shape) => shape is StatusCode or GoErrorWithCode or OutError;

        public static string Name(int shape) => shape switch
        {
            StatusCode => nameof(StatusCode),
            GoError => nameof(GoError),
            GoErrorWithCode => nameof(GoErrorWithCode),
            OutError => nameof(OutError),
            _ => nameof(None),
        };
    }

    /// <summary><c>Boundary.ForeignLanguage.Go</c>; Rust is the default (0).</summary>
    public const int LanguageGo = 1;

    /// <summary><c>Boundary.ForeignStrings.NulTerminated</c>; the default (0) is a UTF-8 pointer and length.</summary>
    public const int StringsNulTerminated = 1;
}
