namespace Boundary.Analyzers.Generation.Emit;

/// <summary>Names of runtime and BCL members that generated code uses, fully qualified once.</summary>
internal static class Names
{
    public const string SafeHandle = "global::System.Runtime.InteropServices.SafeHandle";
    public const string DllImport = "global::System.Runtime.InteropServices.DllImportAttribute";
    public const string InitHandle = "global::System.Runtime.InteropServices.Marshal.InitHandle";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string ThrowIfNull = "global::System.ArgumentNullException.ThrowIfNull";
    public const string GoPrepare = "global::Boundary.Interop.GoThread.EnsurePrepared";
    public const string ContractException = "global::Boundary.ForeignContractException";
    public const string NotSupported = "global::System.NotSupportedException";
    public const string SkipLocalsInit = "global::System.Runtime.CompilerServices.SkipLocalsInit";
    public const string Utf8Arguments = "global::Boundary.Interop.Utf8Arguments";

    public const string NativeSuffix = "_native";
    public const string AddRefSuffix = "_addRef";
    public const string ReturnValue = "__retVal";
    public const string PInvoke = "__PInvoke";
}
