using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers;

/// <summary>All descriptors, built through one helper so IDs, categories and help links stay consistent.</summary>
internal static class Rules
{
    /// <summary>The docs/rules folder of the repository (BoundaryRepositoryUrl in eng/Version.props).</summary>
    public const string HelpLinkBase = RepositoryInfo.RulesUrl;

    private const string DeclarationCategory = "Boundary.Declarations";

    private const string ErrorCategory = "Boundary.Errors";

    private const string OwnershipCategory = "Boundary.Ownership";

    private const string RuntimeCategory = "Boundary.Runtime";

    private const string ContractCategory = "Boundary.Contracts";

    public static readonly DiagnosticDescriptor BoundaryClassShape = Create(
        RuleIds.BoundaryClassShape,
        "Boundary class must be a non-generic static partial class",
        "Boundary class '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A [ForeignBoundary] class holds only static functions whose bodies the generator writes, so it must be 'static partial', non-generic, and every type containing it must be partial.");

    public static readonly DiagnosticDescriptor BoundaryMethodShape = Create(
        RuleIds.BoundaryMethodShape,
        "Boundary function must be a static partial method without a body",
        "Boundary function '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator writes the body of every boundary function: declare it 'static partial', without a body, and not generic.");

    public static readonly DiagnosticDescriptor TypeCannotCross = Create(
        RuleIds.TypeCannotCross,
        "Type cannot cross a native boundary",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Only primitives, bool (one byte), enums, blittable structs, pointers, [ForeignHandle] types, string parameters and by-reference values of the value types can cross a boundary in this version.");

    public static readonly DiagnosticDescriptor HandleWithoutRelease = Create(
        RuleIds.HandleWithoutRelease,
        "Foreign handle has no release function",
        "Handle type '{0}' has no release function: set Release to the exported function that frees it (for example \"{1}\")",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Without a release function every native object behind the handle leaks.");

    public static readonly DiagnosticDescriptor StructNotBlittable = Create(
        RuleIds.StructNotBlittable,
        "Struct crossing a boundary is not blittable",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A struct passed by value or by reference must have the same layout in C# as the #[repr(C)] or C struct on the native side.");

    public static readonly DiagnosticDescriptor HandleTypeShape = Create(
        RuleIds.HandleTypeShape,
        "Foreign handle must be a non-generic sealed partial class without a base type",
        "Handle type '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator completes a [ForeignHandle] type as a SafeHandle, which needs a sealed partial class it can derive from SafeHandle, inside partial containing types.");

    public static readonly DiagnosticDescriptor HandleLibraryUnknown = Create(
        RuleIds.HandleLibraryUnknown,
        "Foreign handle's library cannot be determined",
        "Handle type '{0}' {1}: set Library (and Language) on its [ForeignHandle] attribute",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The release function is called in the library of the boundaries that use the handle; when none or several libraries use it, the attribute must name it.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor OwnershipMisplaced = Create(
        RuleIds.OwnershipMisplaced,
        "Ownership attribute does not apply here",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "[Consumed] applies to handle parameters passed by value, [Borrowed] to handle returns, [Retained] to handle, pointer and function-pointer parameters (native code keeps its own reference); never to spans, strings or plain values.");

    public static readonly DiagnosticDescriptor UnsafeCodeDisabled = Create(
        RuleIds.UnsafeCodeDisabled,
        "Boundary function needs unsafe code",
        "Boundary function '{0}' {1}, which the generated stub does with pointers: set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "Generated stubs pin ref/out/in, string and span arguments and read returned native memory through pointers, as [LibraryImport] does. The BoundaryAnalyzers package turns unsafe code on unless the project turns it off.");

    public static readonly DiagnosticDescriptor ReturnOwnershipUndeclared = Create(
        RuleIds.ReturnOwnershipUndeclared,
        "Returned native memory has no declared ownership",
        "{0} without saying who owns the memory: add {1} if native code keeps owning it, {2} '{4}NativeBuffer<{3}>' to own and free it, or '{4}{3}[]' to copy it",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A span over native memory is only valid while its owner keeps the memory alive, and nothing would free it. Declare the ownership: [return: Borrowed] for memory native code owns, NativeBuffer<T> for a buffer the caller must free, T[] for a copy.");

    public static readonly DiagnosticDescriptor RawHandleReturn = Create(
        RuleIds.RawHandleReturn,
        "Raw pointer handed out where a handle is meant",
        "{0} a raw '{1}' that {2}: {3} a [ForeignHandle] type so the native object is released exactly once",
        DeclarationCategory,
        DiagnosticSeverity.Warning,
        "A native object returned or written to an out parameter as IntPtr, nint or a pointer has no owner in .NET: nothing releases it on an exception path, nothing stops a second release, and it can be passed to the wrong function. A [ForeignHandle] type is a SafeHandle that releases it exactly once.");

    public static readonly DiagnosticDescriptor HandleErrorMessageInvalid = Create(
        RuleIds.HandleErrorMessageInvalid,
        "Handle's error-message function is not usable",
        "Handle type '{0}': {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "ErrorMessage names an exported function that lends out the message of the object's last failure (const char* f(handle), like sqlite3_errmsg). It must be a function name, and not the release function: calling that for a message would release the object in the middle of the call.");

    public static readonly DiagnosticDescriptor ReleaseStatusMismatch = Create(
        RuleIds.ReleaseStatusMismatch,
        "Handle's release and a boundary function disagree on its status",
        "Handle type '{0}' releases with '{1}', which '{2}' declares as returning {3}: {4}",
        DeclarationCategory,
        DiagnosticSeverity.Warning,
        "A release function that returns a status (int32_t, like sqlite3_finalize) must be declared with ReleaseReturnsStatus = true, or the generated release ignores a failed close. A boundary function that calls the same export (an explicit close taking the handle) tells what it returns; when the two disagree, one of them is wrong.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor BufferFreeInvalid = Create(
        RuleIds.BufferFreeInvalid,
        "Buffer-free function declaration is invalid",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A [BufferFree] method is the declaration every stub of its boundary calls to free an owned buffer: a 'void' method taking the pointer, then optionally the length and the capacity in elements, of the boundary's length type, with no error shape, at most one per boundary and not together with BufferFree = \"...\". A free function declared with the wrong parameters still links, and receives garbage where it expects a length: Rust rebuilding a Box<[T]> or Vec<T> from it is undefined behaviour.");

    public static readonly DiagnosticDescriptor LengthTypeInvalid = Create(
        RuleIds.LengthTypeInvalid,
        "Length type is not supported here",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A length that crosses on its own (spans, UTF-8 slice strings, out buffers, buffer-free functions) is an int, uint, long, ulong, nint or nuint (size_t, the default), set for a boundary with LengthType or for one parameter with [LengthType]. Any other type, or [LengthType] on a parameter that passes no length, would declare a native signature the generated code cannot call.");

    public static readonly DiagnosticDescriptor CallbackDeclarationInvalid = Create(
        RuleIds.CallbackDeclarationInvalid,
        "Callback or asynchronous function declaration is incomplete",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A delegate parameter crosses as a function pointer and user data, and a Task or ValueTask result as a completion callback: what a callback returns when it throws ([CallbackFailure]) must be a constant of its return type, and a CancellationToken reaches native code only in a function returning a task and only through a declared cancel export (ForeignFunction.Cancel or ForeignBoundary.Cancel). Without one, cancelling would silently do nothing while native code kept working and kept the operation alive.");

    public static readonly DiagnosticDescriptor AbiVersionInvalid = Create(
        RuleIds.AbiVersionInvalid,
        "AbiVersion is not MAJOR.MINOR",
        "{0}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A boundary's AbiVersion is the native ABI it is written for, \"MAJOR.MINOR\": the first call checks that the library's version function reports the same major version and at least this minor version. Anything else could not be compared, so the check would be skipped silently.");

    public static readonly DiagnosticDescriptor ShippedAbiChanged = Create(
        RuleIds.ShippedAbiChanged,
        "Shipped native signature changed",
        "'{0}' calls '{1}', but {2} records '{3}' as shipped: an incompatible change of the native ABI; record it (the code fix does) and raise AbiVersion's major version",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "BoundaryAbi.Shipped.txt records the native signatures a project has shipped, like PublicAPI.Shipped.txt for managed APIs. A boundary function whose native signature (types, widths, pointer levels, parameters) no longer matches the recorded one changes the ABI: a library built for the old one crashes or corrupts data with the new declaration. Recording the change keeps the native surface's history honest; the major AbiVersion tells old libraries apart at run time.");

    public static readonly DiagnosticDescriptor ShippedAbiUnrecorded = Create(
        RuleIds.ShippedAbiUnrecorded,
        "Native signature not recorded as shipped",
        "'{0}' calls '{1}', which {2} does not record yet; record it when it ships (the code fix does)",
        ContractCategory,
        DiagnosticSeverity.Info,
        "A project with a BoundaryAbi.Shipped.txt records every native signature it ships, so a later incompatible change is reported (BND4101). A new boundary function is recorded once it ships.");

    public static readonly DiagnosticDescriptor NotDisposed = Create(
        RuleIds.NotDisposed,
        "Owned native value is not disposed",
        "{0}",
        OwnershipCategory,
        DiagnosticSeverity.Warning,
        "A handle or NativeBuffer returned by a boundary function is owned by the caller: on every path it must be disposed, returned, stored in something that disposes it, or passed to a [Consumed] parameter. Otherwise the native object lives until the finalizer runs, if ever.");

    public static readonly DiagnosticDescriptor UseAfterConsumed = Create(
        RuleIds.UseAfterConsumed,
        "Handle used after it moved to native code",
        "{0}",
        OwnershipCategory,
        DiagnosticSeverity.Warning,
        "Passing a handle to a [Consumed] parameter moves ownership to native code, which may free it at once. The generated stub invalidates the .NET handle, so any later use throws ObjectDisposedException or passes an invalid handle.");

    public static readonly DiagnosticDescriptor BorrowedEscapes = Create(
        RuleIds.BorrowedEscapes,
        "Borrowed native value outlives its owner",
        "{0}",
        OwnershipCategory,
        DiagnosticSeverity.Warning,
        "A NativeBuffer's Span and a [return: Borrowed] handle obtained from an owned handle point into memory their owner frees. Using one after the owner is disposed or moved reads freed native memory; storing or returning one hands out a pointer whose lifetime nobody tracks.");

    public static readonly DiagnosticDescriptor RetainedOutlived = Create(
        RuleIds.RetainedOutlived,
        "Native code retains a value that does not outlive the call",
        "{0}",
        OwnershipCategory,
        DiagnosticSeverity.Warning,
        "A [Retained] parameter is kept by native code after the call returns. Memory pinned by 'fixed', stack memory and a delegate's function pointer are only valid while the pin, the frame or the delegate lives; native code that uses them later reads freed or moved memory, or calls into a collected delegate. A callback retained by the handle its function returns (a registration) stays registered only while that handle lives: a dropped one is unregistered whenever the finalizer runs.");

    public static readonly DiagnosticDescriptor DisposedTwice = Create(
        RuleIds.DisposedTwice,
        "Owned native value is disposed twice",
        "{0}",
        OwnershipCategory,
        DiagnosticSeverity.Warning,
        "A second Dispose is harmless at run time (SafeHandle and NativeBuffer release once) but shows that the code has two ideas of who owns the value.");

    public static readonly DiagnosticDescriptor FallibleWithoutMapping = Create(
        RuleIds.FallibleWithoutMapping,
        "Fallible function has no error mapping",
        "{0} reports errors with codes ({1}), but the boundary declares no [ForeignErrors] enum: set Errors = typeof(...) so codes become named, catchable values",
        ErrorCategory,
        DiagnosticSeverity.Warning,
        "Without an error enum a native failure still throws ForeignException, but only with a raw integer code that callers cannot match by name, and no code can map to a .NET exception type.");

    public static readonly DiagnosticDescriptor ErrorsWithoutSuccess = Create(
        RuleIds.ErrorsWithoutSuccess,
        "Error enum has no success member",
        "[ForeignErrors] enum '{0}' has no member with value 0: add one (for example 'Ok = 0'), 0 is the success code of every error shape",
        ErrorCategory,
        DiagnosticSeverity.Error,
        "Every error shape treats 0 as success ([ForeignSuccess] members add other success statuses, never replace 0). An enum without a zero member suggests the codes were copied with a different base, so the mapping would be wrong.");

    public static readonly DiagnosticDescriptor DuplicateErrorCode = Create(
        RuleIds.DuplicateErrorCode,
        "Error enum maps one code twice",
        "[ForeignErrors] enum '{0}': member '{1}' has code {2}, already used by '{3}'",
        ErrorCategory,
        DiagnosticSeverity.Warning,
        "A native code must name exactly one error; with two members the exception reports the first one, and a mapping, [ForeignPanic] or [ForeignSuccess] on the other is ignored.");

    public static readonly DiagnosticDescriptor ErrorsTypeInvalid = Create(
        RuleIds.ErrorsTypeInvalid,
        "Boundary's Errors type is not a [ForeignErrors] enum",
        "Errors type '{0}' of boundary '{1}' {2}",
        ErrorCategory,
        DiagnosticSeverity.Error,
        "Errors names the enum native codes map to. It must be an enum marked [ForeignErrors] whose values fit in a 32-bit code.");

    public static readonly DiagnosticDescriptor ThrowsAsInvalid = Create(
        RuleIds.ThrowsAsInvalid,
        "Mapped exception type cannot be created",
        "[ThrowsAs] on '{0}': {1}",
        ErrorCategory,
        DiagnosticSeverity.Error,
        "The generated code creates the mapped exception with (message, innerException), so the type must be a non-abstract Exception with a public (string, Exception) constructor.");

    public static readonly DiagnosticDescriptor SentinelMisfit = Create(
        RuleIds.SentinelMisfit,
        "Null-or-sentinel error shape does not fit the function",
        "{0}",
        ErrorCategory,
        DiagnosticSeverity.Error,
        "With ErrorShape.NullOrSentinel the result itself signals failure: a null handle, pointer or string, or the value the function declares with [ForeignFunction(ErrorSentinel = ...)] for an integer, enum or bool result. The result must be able to carry that value, the sentinel must be a value of the result's type, a result that is null on failure is never null on success (so it is not declared nullable), and ErrorSentinel means nothing for another shape.");

    public static readonly DiagnosticDescriptor SuccessCodeAlsoFailure = Create(
        RuleIds.SuccessCodeAlsoFailure,
        "Success code is also mapped as a failure",
        "[ForeignSuccess] on '{0}' contradicts {1}: a success status never throws, so the code cannot also be a failure; remove one of them",
        ErrorCategory,
        DiagnosticSeverity.Error,
        "[ForeignSuccess] marks a status that means success besides 0 (like SQLITE_ROW): status-code functions return it instead of throwing. [ForeignPanic] and [ThrowsAs] describe how a failure throws, so on the same member one of them is a mistake. The generated code treats the member as a failure until it is fixed.");

    public static readonly DiagnosticDescriptor HandleMessageUnreadable = Create(
        RuleIds.HandleMessageUnreadable,
        "Error message cannot be read from a consumed handle",
        "'{0}' consumes '{1}', whose type '{2}' lends error messages ({3}): once native code owns the object the stub cannot ask it for the message of a failure, so the message comes from the thread's last error instead",
        ErrorCategory,
        DiagnosticSeverity.Warning,
        "A handle type with ErrorMessage lends the message of its object's last failure, read while the call still borrows the object. A [Consumed] handle belongs to native code from the call on, which may free it, so its message cannot be read afterwards; the stub reads the thread's last error (LastError) instead, which may not be where the library put the message.");

    public static readonly DiagnosticDescriptor StatusIgnored = Create(
        RuleIds.StatusIgnored,
        "Status result is ignored",
        "'{0}' reports failure only through the '{1}' it returns, and this call drops it: check it, or discard it explicitly with '_ ='",
        ErrorCategory,
        DiagnosticSeverity.Warning,
        "A boundary function declared without an error shape that returns a [ForeignErrors] enum does not throw when native code fails: the status it returns is the only news of the failure. A call that drops it lets the program go on as if the call had worked. Check the status (the code fix throws the boundary's ForeignException<TError> for a failure status), declare the function with ErrorShape = StatusCode so its stub throws through the boundary's error translation, or discard the status explicitly ('_ = ...') where ignoring it is intended.");

    public static readonly DiagnosticDescriptor SecondGoRuntime = Create(
        RuleIds.SecondGoRuntime,
        "A process can host only one Go library",
        "{0} uses Go library '{1}', but {2}: a process can host only one Go runtime, and a second Go library's runtime would crash or corrupt the first; build the Go packages into one c-shared library, or host one of the libraries in a separate process",
        RuntimeCategory,
        DiagnosticSeverity.Error,
        "Every Go c-shared library carries its own Go runtime (scheduler, garbage collector, signal handlers), and a process can host only one. Loading a second Go library starts a second runtime that fights the first over signals and threads: the process crashes or corrupts memory. The runtime refuses the first call into a second Go library, before loading it, with Boundary.GoRuntimeConflictException.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor GoLibraryFreed = Create(
        RuleIds.GoLibraryFreed,
        "A Go library cannot be unloaded",
        "This frees the handle of Go library '{0}' (loaded as \"{1}\"): a Go library cannot be unloaded, and freeing it leaves the Go runtime's threads running code that is gone, which crashes the process; remove the call and keep the library loaded until the process exits",
        RuntimeCategory,
        DiagnosticSeverity.Warning,
        "A Go c-shared library starts the Go runtime when it is loaded: its threads, timers and signal handlers run code inside the library for the rest of the process. Go does not support unloading it, so NativeLibrary.Free unmaps code those threads still run, and the process crashes later at a random point.");

    public static readonly DiagnosticDescriptor BlockingCallInAsync = Create(
        RuleIds.BlockingCallInAsync,
        "Async code blocks on a native call that has an async version",
        "'{0}' blocks this {2}'s thread while native code works; '{1}' completes without blocking: await it",
        RuntimeCategory,
        DiagnosticSeverity.Info,
        "A boundary function that returns no task runs the native code on the calling thread until it finishes. In an async method that thread is a thread-pool or UI thread other work is waiting for. When the boundary declares the same native operation as FooAsync (returning Task or ValueTask, with the same parameters and optionally a CancellationToken), awaiting it frees the thread while native code works, and lets the caller cancel.");

    public static readonly DiagnosticDescriptor NativeFunctionMissing = Create(
        RuleIds.NativeFunctionMissing,
        "Declared function is missing from the native library",
        "{0} calls '{1}', which the {2} contract of the library does not declare: the first call of the boundary throws because the export is missing",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "The contract check compares every boundary function with the native description given to the build (the header go build -buildmode=c-shared writes, a hand-written C header, or the Rust crate's source). A function the native side does not export compiles, and fails at run time when the boundary resolves its exports. A warning rather than an error: a Rust export written by a macro is invisible to the check.");

    public static readonly DiagnosticDescriptor NativeArityMismatch = Create(
        RuleIds.NativeArityMismatch,
        "Native function takes a different number of parameters",
        "{0} ↔ {1}: the stub calls '{2}' with {3} parameters, the native function takes {4}",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "The generated stub passes exactly the native parameters its declaration binds (a span passes a pointer and a length, a callback a function pointer and user data, an error shape its out parameter). A native function taking another number of parameters reads garbage or ignores what it is given: it compiles and crashes or misbehaves at run time.");

    public static readonly DiagnosticDescriptor NativeWidthMismatch = Create(
        RuleIds.NativeWidthMismatch,
        "Native type has another width or signedness",
        "{0} ↔ {1}: {2} is {3}",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "A value passed as int32_t to a function expecting uint64_t, a float for a double, or a pointer to 4-byte elements for one to bytes compiles and corrupts values at run time: upper bits are garbage, a sign is lost, elements are read at the wrong stride. Same-ABI differences are not reported (constness, the sign of a byte, size_t/uintptr_t/usize, typedef names, any object pointer or a pointer-sized integer for a handle, the sign of a 64-bit length the binding passes against size_t).");

    public static readonly DiagnosticDescriptor NativePointerLevelMismatch = Create(
        RuleIds.NativePointerLevelMismatch,
        "Native type has another pointer level",
        "{0} ↔ {1}: {2} is {3}",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "A value passed where native code expects a pointer to it (or a pointer where it expects the value, or T* where it expects T**) is dereferenced as an address: the process crashes or writes to random memory.");

    public static readonly DiagnosticDescriptor NativeStructLayoutMismatch = Create(
        RuleIds.NativeStructLayoutMismatch,
        "Struct layout differs from the native struct",
        "{0} ↔ {1}: {2}",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "A sequential C# struct crossing by value or by pointer must have the fields of the #[repr(C)] or C struct of the same name, in the same order and of the same widths; otherwise every field after the first difference is read at the wrong offset.");

    public static readonly DiagnosticDescriptor NativeErrorCodeMismatch = Create(
        RuleIds.NativeErrorCodeMismatch,
        "Error code differs from the native constant",
        "{0} ↔ {1}: the native constant of the same name has another value, so this code maps the wrong error",
        ContractCategory,
        DiagnosticSeverity.Warning,
        "A [ForeignErrors] member names a native error code. When the native description declares a constant of the same name (a Rust const, a #define or an enum constant; the comparison ignores case, underscores and the library's prefix), their values must agree, or failures map to the wrong exception.");

    public static readonly DiagnosticDescriptor NativeExportUndeclared = Create(
        RuleIds.NativeExportUndeclared,
        "Native export has no C# declaration",
        "'{0}' declares no function for {1}",
        ContractCategory,
        DiagnosticSeverity.Info,
        "An export of the library whose name starts with the boundary's entry-point prefix, that no boundary function, handle release, free function or cancel export of the library names. The code fix declares it from its native signature.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description, params string[] tags)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md", customTags: tags);
}
