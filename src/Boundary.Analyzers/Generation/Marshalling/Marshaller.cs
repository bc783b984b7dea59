using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>
/// Writes one value's part of a stub, stage by stage: validate → setup → acquire → marshal → pin → (before invoke) →
/// invoke → unmarshal → cleanup. The stub writer calls every marshaller at every stage in parameter order; a crossing
/// family (<c>Binding/Families</c>) picks its marshallers, so a new way of crossing never edits the stub writer.
/// </summary>
internal abstract class Marshaller
{
    protected Marshaller(ValueModel value, StubContext context)
    {
        Value = value;
        Context = context;
    }

    public ValueModel Value { get; }

    protected StubContext Context { get; }

    /// <summary>The managed identifier.</summary>
    protected string Name => Value.Name;

    /// <summary>The local holding the native form.</summary>
    protected string Native => NativeLocalOf(Value.Name);

    /// <summary>The local holding the native form of the value named <paramref name="name"/> (for an error shape that reads an argument).</summary>
    public static string NativeLocalOf(string name) => (name.StartsWith("__", System.StringComparison.Ordinal) ? "" : "__") + name.TrimStart('@') + Names.NativeSuffix;

    /// <summary>The library and entry point as C# string literals, for runtime helpers that name them in exceptions.</summary>
    protected string Where => Context.Where;

    /// <summary>The type in the native signature.</summary>
    public virtual string NativeType => Value.NativeType;

    /// <summary>Whether the stub needs an unsafe context (pointers, <c>fixed</c>); a declared pointer or function pointer does.</summary>
    public virtual bool UsesPointers => Value.ManagedType.IndexOf('*') >= 0;

    /// <summary>Argument checks, before anything else happens.</summary>
    public virtual void Validate(IndentedWriter writer)
    {
    }

    /// <summary>Locals declared before the protected region.</summary>
    public virtual void Setup(IndentedWriter writer)
    {
    }

    /// <summary>
    /// Taking a value exclusively, first in the protected region, before any other value is marshalled: a move to
    /// native code waits for every other call using its handle, and waiting while this call already borrowed another
    /// handle could wait forever for a thread that waits for that one.
    /// </summary>
    public virtual void Acquire(IndentedWriter writer)
    {
    }

    /// <summary>Managed → native conversion, inside the protected region.</summary>
    public virtual void Marshal(IndentedWriter writer)
    {
    }

    /// <summary>A <c>fixed</c> statement header that pins for the duration of the call, or null.</summary>
    public virtual string? Pin => null;

    /// <summary>Work that must happen immediately before the call and cannot fail (for example a move of ownership).</summary>
    public virtual void BeforeInvoke(IndentedWriter writer)
    {
    }

    /// <summary>
    /// Work right after the call, before its error check, that cannot fail: taking ownership of what native code
    /// handed out, so a value written alongside an error is still released exactly once.
    /// </summary>
    public virtual void AfterInvoke(IndentedWriter writer)
    {
    }

    /// <summary>
    /// Right after every value's <see cref="AfterInvoke"/>, before the error check: rethrowing what a callback threw
    /// during the call, so it wins over the native failure it caused and every handed-out value is already owned.
    /// </summary>
    public virtual void RethrowAfterInvoke(IndentedWriter writer)
    {
    }

    /// <summary>Members this value needs next to the stub (a callback's trampoline), or nothing.</summary>
    public virtual void WriteMembers(IndentedWriter writer)
    {
    }

    /// <summary>
    /// Whether <see cref="Cleanup"/> needs to know if the stub completed: it then reads <see cref="Names.Completed"/>,
    /// which is true only once every value has been handed to the caller.
    /// </summary>
    public virtual bool NeedsCompletion => false;

    /// <summary>The expression passed to the native function (parameters only).</summary>
    public virtual string Argument => Name;

    /// <summary>The native parameters this value becomes, as declarations; one for most values, two for a UTF-8 slice.</summary>
    public virtual string[] NativeParameters => new[] { $"{NativeType} {Value.Name}" };

    /// <summary>The expressions passed for <see cref="NativeParameters"/>, in the same order.</summary>
    public virtual string[] Arguments => new[] { Argument };

    /// <summary>Whether the stub should skip zeroing its locals (it reserves stack buffers it always overwrites).</summary>
    public virtual bool SkipsLocalsInit => false;

    /// <summary>Native → managed conversion after the call.</summary>
    public virtual void Unmarshal(IndentedWriter writer)
    {
    }

    /// <summary>Whether <see cref="Cleanup"/> writes anything; a stub needs try/finally only if some marshaller does.</summary>
    public virtual bool HasCleanup => false;

    /// <summary>Work in <c>finally</c>: it runs whether or not the call or a later step threw. Called only when <see cref="HasCleanup"/>.</summary>
    public virtual void Cleanup(IndentedWriter writer)
    {
    }
}

/// <summary>What every marshaller of one stub may need to know about the function, including its other parameters, and
/// how the boundary frees the buffers it hands out (<see cref="BufferFree"/>; null: the default <c>(ptr)</c> export).
/// <see cref="Ordinal"/> is the function's position in its boundary, which names its per-function members (trampolines).</summary>
internal sealed record StubContext(string Library, string EntryPoint, ForeignLanguageKind Language, StringConvention Strings, EquatableArray<ValueModel> Parameters, BufferFreeFunction? BufferFree = null, int Ordinal = 0, string ReturnName = Names.ReturnValue)
{
    /// <summary>What the stub calls to free a buffer.</summary>
    /// <summary>The library and entry point as C# string literals, for runtime helpers that name them in exceptions.</summary>
    public string Where => $"\"{StubWriter.Escape(Library)}\", \"{StubWriter.Escape(EntryPoint)}\"";

    public BufferFreeFunction Free => BufferFree ?? BufferFreeFunction.Import;
}
