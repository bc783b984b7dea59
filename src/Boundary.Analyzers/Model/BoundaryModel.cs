using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Model;

/// <summary>A type declaration the generated part must repeat: <c>partial {Keyword} {Name}</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>Where generated code goes: a namespace and the chain of types, outermost first, ending with the declared type.</summary>
internal sealed record TypeLocation(string? Namespace, EquatableArray<ContainingType> Types, string HintName);

/// <summary>One parameter or return value, fully decided: the family that crosses it, its C type (of one element for
/// spans, buffers and arrays; null where the boundary decides it, as for handles), and who owns it.
/// <see cref="Serialized"/>: a handle whose type is declared <c>ThreadSafe = false</c>. <see cref="Length"/>: the type
/// of the length a span, UTF-8 slice or out buffer passes on its own; null for values without one.</summary>
internal sealed record ValueModel(
    string Name,
    string ManagedType,
    CrossingFamily Family,
    string NativeType,
    CType? Native,
    RefKind RefKind,
    Ownership Ownership,
    bool IsNullable,
    string Modifiers,
    string? ElementType = null,
    bool Serialized = false,
    LengthType? Length = null,
    CallbackModel? Callback = null,
    AsyncModel? Async = null);

/// <summary>
/// A delegate parameter: native code calls it back through a generated <c>[UnmanagedCallersOnly]</c> trampoline.
/// <see cref="Parameters"/> and <see cref="Return"/> are the delegate's, as values crossing from native code;
/// <see cref="FailureValue"/> is the C# expression the trampoline returns when the delegate throws (null: the zero value);
/// <see cref="Lifetime"/> says how long native code may call it.
/// </summary>
internal sealed record CallbackModel(string DelegateType, EquatableArray<ValueModel> Parameters, ValueModel Return, string? FailureValue, CallbackLifetime Lifetime);

/// <summary>How long native code may call a callback.</summary>
internal enum CallbackLifetime
{
    /// <summary>Borrowed (the default): during the call only; the registration is released when it returns.</summary>
    Call,

    /// <summary><c>[Retained]</c>: until native code calls the release function it is passed.</summary>
    UntilNativeReleases,

    /// <summary><c>[Retained]</c> in a function returning an owned handle (a subscription): until that handle is released.</summary>
    UntilResultReleased,
}

/// <summary>
/// A function returning <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>: native code
/// completes it later through a completion callback. <see cref="Result"/> is <c>T</c> as a returned value (<c>void</c>
/// for none); <see cref="TokenParameter"/> the <c>CancellationToken</c> parameter, if any, and <see cref="Cancel"/> the
/// export that cancels an operation.
/// </summary>
internal sealed record AsyncModel(ValueModel Result, bool IsValueTask, string? TokenParameter, string? Cancel);

/// <summary>How a value is passed; mirrors Roslyn's RefKind without holding Roslyn types in the model.</summary>
internal enum RefKind
{
    None,
    Ref,
    Out,
    In,
}

/// <summary>One boundary function, bound: its crossings, its error shape and the native function it calls.
/// <see cref="Problem"/> is set when the declaration is invalid: the generator then writes a body that throws it, so the
/// only build error is the analyzer's precise one, and <see cref="Native"/> is null. <see cref="ErrorDetails"/> is what
/// the declaration adds to its error shape (a sentinel, success codes, a message read from a handle), null for nothing.</summary>
internal sealed record FunctionModel(
    string Modifiers,
    string Name,
    string EntryPoint,
    ValueModel Return,
    EquatableArray<ValueModel> Parameters,
    string? Problem,
    ErrorShape ErrorShape,
    NativeSignature? Native,
    ErrorDeclaration? ErrorDetails = null)
{
    /// <summary><see cref="ErrorDetails"/>, or <see cref="ErrorDeclaration.None"/>.</summary>
    public ErrorDeclaration Errors => ErrorDetails ?? ErrorDeclaration.None;
}

/// <summary>A [ForeignBoundary] class as the generator needs it: no symbols, no syntax, value-equal.</summary>
internal sealed record BoundaryModel(
    TypeLocation Location,
    string Library,
    ForeignLanguageKind Language,
    StringConvention Strings,
    EquatableArray<FunctionModel> Functions,
    EquatableArray<string> HandleTypes,
    NativeRuntime Runtime,
    ErrorEnumModel? Errors,
    LibraryCheck? Check = null);

/// <summary>
/// What the first call of a boundary checks in its library besides the exports its own stubs import: the release
/// functions of the handles it hands out or takes (<see cref="HandleReleases"/>, those bound to this library) and the ABI
/// version (<see cref="AbiVersion"/>, <c>MAJOR.MINOR</c>, reported by <see cref="AbiVersionFunction"/>).
/// </summary>
internal sealed record LibraryCheck(EquatableArray<string> HandleReleases, string? AbiVersion, string? AbiVersionFunction);

/// <summary>The exported functions a boundary's stubs call besides its own: how owned strings, buffers and errors are freed.
/// <see cref="BufferFreeFunction"/>: the boundary's <c>[BufferFree]</c> method, else null (the <see cref="BufferFree"/> export, given the pointer only).</summary>
internal sealed record NativeRuntime(string StringFree, string BufferFree, string? LastError, string ErrorFree, BufferFreeFunction? BufferFreeFunction = null)
{
    /// <summary>What every stub calls to free a buffer.</summary>
    public BufferFreeFunction Free => BufferFreeFunction ?? BufferFreeFunction.Import;
}

/// <summary>A [ForeignErrors] enum: its members' codes, which one is the panic code, and which map to .NET exceptions.</summary>
internal sealed record ErrorEnumModel(string FullyQualifiedName, string Name, EquatableArray<ErrorMember> Members);

/// <summary>One code of a [ForeignErrors] enum. <see cref="ThrowsAs"/> is a fully qualified exception type, or null.
/// <see cref="IsSuccess"/>: marked [ForeignSuccess], a status that means success besides 0.</summary>
internal sealed record ErrorMember(string Name, long Value, bool IsPanic, string? ThrowsAs, bool IsSuccess = false);

/// <summary>A [ForeignHandle] class as declared. <see cref="ThreadSafe"/> is false when its calls must run one at a time;
/// <see cref="ReleaseReturnsStatus"/>: its release function returns an <c>int32_t</c> status.</summary>
internal sealed record HandleModel(
    TypeLocation Location,
    string FullyQualifiedName,
    string? Release,
    string? Library,
    ForeignLanguageKind Language,
    bool ThreadSafe,
    bool ReleaseReturnsStatus = false);

/// <summary>Which library and language a boundary's handles live in; the input of handle library resolution.</summary>
internal sealed record HandleUsage(string Library, ForeignLanguageKind Language, EquatableArray<string> HandleTypes);
