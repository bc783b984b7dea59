namespace Boundary.Analyzers;

/// <summary>Every diagnostic ID the package reports. BND1xxx: declarations; BND2xxx: ownership at call sites; BND3xxx: error mapping; BND4xxx: the contract with the native side; BND5xxx: runtime hazards.</summary>
internal static class RuleIds
{
    public const string BoundaryClassShape = "BND1001";
    public const string BoundaryMethodShape = "BND1002";
    public const string TypeCannotCross = "BND1003";
    public const string HandleWithoutRelease = "BND1004";
    public const string StructNotBlittable = "BND1005";
    public const string HandleTypeShape = "BND1006";
    public const string HandleLibraryUnknown = "BND1007";
    public const string OwnershipMisplaced = "BND1008";
    public const string UnsafeCodeDisabled = "BND1009";
    public const string ReturnOwnershipUndeclared = "BND1010";
    public const string RawHandleReturn = "BND1011";
    public const string HandleErrorMessageInvalid = "BND1013";
    public const string ReleaseStatusMismatch = "BND1014";
    public const string BufferFreeInvalid = "BND1012";
    public const string LengthTypeInvalid = "BND1015";
    public const string CallbackDeclarationInvalid = "BND1016";
    public const string AbiVersionInvalid = "BND1017";

    public const string NotDisposed = "BND2001";
    public const string UseAfterConsumed = "BND2002";
    public const string BorrowedEscapes = "BND2003";
    public const string RetainedOutlived = "BND2004";
    public const string DisposedTwice = "BND2005";

    public const string FallibleWithoutMapping = "BND3001";
    public const string ErrorsWithoutSuccess = "BND3002";
    public const string DuplicateErrorCode = "BND3003";
    public const string ErrorsTypeInvalid = "BND3004";
    public const string ThrowsAsInvalid = "BND3005";
    public const string SentinelMisfit = "BND3006";
    public const string SuccessCodeAlsoFailure = "BND3007";
    public const string HandleMessageUnreadable = "BND3008";
    public const string StatusIgnored = "BND3009";

    public const string NativeFunctionMissing = "BND4001";
    public const string NativeArityMismatch = "BND4002";
    public const string NativeWidthMismatch = "BND4003";
    public const string NativePointerLevelMismatch = "BND4004";
    public const string NativeStructLayoutMismatch = "BND4005";
    public const string NativeErrorCodeMismatch = "BND4006";
    public const string NativeExportUndeclared = "BND4007";
    public const string ShippedAbiChanged = "BND4101";
    public const string ShippedAbiUnrecorded = "BND4102";
    public const string SecondGoRuntime = "BND5001";
    public const string GoLibraryFreed = "BND5002";
    public const string BlockingCallInAsync = "BND5003";
}
