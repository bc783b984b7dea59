namespace Boundary.Analyzers.Generation.Emit;

/// <summary>Names of runtime and BCL members that generated code uses, fully qualified once.</summary>
internal static class Names
{
    public const string ForeignSafeHandle = "global::Boundary.Interop.ForeignSafeHandle";
    public const string DllImport = "global::System.Runtime.InteropServices.DllImportAttribute";
    public const string InitHandle = "global::System.Runtime.InteropServices.Marshal.InitHandle";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string ThrowIfNull = "global::System.ArgumentNullException.ThrowIfNull";
    public const string GoPrepare = "global::Boundary.Interop.GoThread.EnsurePrepared";
    public const string GoLibrary = "global::Boundary.Interop.GoLibrary";
    public const string ContractException = "global::Boundary.ForeignContractException";
    public const string NotSupported = "global::System.NotSupportedException";
    public const string SkipLocalsInit = "global::System.Runtime.CompilerServices.SkipLocalsInit";
    public const string Utf8Arguments = "global::Boundary.Interop.Utf8Arguments";

    public const string NativeStrings = "global::Boundary.Interop.NativeStrings";
    public const string ForeignBuffers = "global::Boundary.Interop.ForeignBuffers";
    public const string ForeignSpans = "global::Boundary.Interop.ForeignSpans";
    public const string CallbackArguments = "global::Boundary.Interop.CallbackArguments";
    public const string CallbackTable = "global::Boundary.Interop.CallbackTable";
    public const string ForeignCallbacks = "global::Boundary.ForeignCallbacks";
    public const string ForeignOperation = "global::Boundary.Interop.ForeignOperation";
    public const string NativeExports = "global::Boundary.Interop.NativeExports";
    public const string LibraryProblem = "__boundaryProblem";
    public const string ExceptionDispatchInfo = "global::System.Runtime.ExceptionServices.ExceptionDispatchInfo";
    public const string LibraryCheck = "__BoundaryCheck";
    public const string UnmanagedCallersOnly = "global::System.Runtime.InteropServices.UnmanagedCallersOnly";
    public const string ForeignErrors = "global::Boundary.Interop.ForeignErrors";
    public const string ErrorRecord = "global::Boundary.Interop.ForeignErrorRecord";
    public const string NoInlining = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)";

    // Members the generator adds to a boundary class besides the stubs (see SupportWriter).
    public const string StringFree = "__BoundaryStringFree";
    public const string BufferFree = "__BoundaryBufferFree";
    public const string BufferRelease = "__BoundaryBufferRelease";
    public const string LastError = "__BoundaryLastError";
    public const string ErrorFree = "__BoundaryErrorFree";
    public const string Error = "__BoundaryError";
    public const string StatusError = "__BoundaryStatusError";
    public const string GoError = "__BoundaryGoError";
    public const string RecordError = "__BoundaryRecordError";
    public const string SentinelError = "__BoundarySentinelError";
    public const string BorrowedError = "__BoundaryBorrowedError";
    public const string GoLibraryHolder = "__BoundaryGo";

    /// <summary>The call every Go stub of a boundary starts with (SupportWriter declares the library it names).</summary>
    public const string GoPrepareLibrary = GoPrepare + "(" + GoLibraryHolder + ".Library);";

    public const string NativeSuffix = "_native";
    public const string AddRefSuffix = "_addRef";
    public const string MovingSuffix = "_moving";
    public const string ReturnValue = "__retVal";
    public const string Completed = "__completed";
    public const string PInvoke = "__PInvoke";
}
