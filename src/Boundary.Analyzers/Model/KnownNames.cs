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
        public const string ForeignSuccess = "ForeignSuccessAttribute";
        public const string BufferFree = "BufferFreeAttribute";
        public const string LengthType = "LengthTypeAttribute";
        public const string CallbackFailure = "CallbackFailureAttribute";
    }

    /// <summary>Generic types in the Boundary namespace that the type mapping recognises.</summary>
    public const string NativeBuffer = "NativeBuffer";
}
