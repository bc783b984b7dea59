using System.Collections.Generic;
using Boundary.Analyzers.Binding.Families.Callbacks;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding;

/// <summary>Where a value appears in a boundary function.</summary>
internal enum Position
{
    /// <summary>A parameter passed to native code (by value, or <c>ref</c>/<c>in</c>).</summary>
    Parameter,

    /// <summary>The return value.</summary>
    Return,

    /// <summary>An <c>out</c> parameter: a value native code hands out, like a return.</summary>
    Out,
}

/// <summary>
/// One way of crossing the boundary (blittable values, bool, UTF-8 strings, spans, returned buffers, handles, …) and
/// everything that way decides: which C# types it takes (classify), what declarations are valid for them (by
/// reference, ownership attributes), the native C types they become, the marshallers that write the stub, the support
/// members those need, and who owns the result at a call site. Each family lives in its own folder under
/// <c>Binding/Families</c>; <see cref="CrossingFamilies"/> lists them in the order they are asked. A family is a
/// stateless singleton, so models that hold one stay value-equal.
/// </summary>
internal abstract class CrossingFamily
{
    /// <summary>A short name for messages and docs (<c>"string"</c>, <c>"handle"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>How <paramref name="type"/> crosses at <paramref name="position"/> if this family takes it (possibly as
    /// unsupported, with the family's own explanation), else null so the next family is asked.</summary>
    public abstract TypeCrossing? Classify(ITypeSymbol type, Position position);

    // ---- What a declaration may say ----

    /// <summary>Why a parameter of this family cannot be passed by <paramref name="refKind"/>, or null when it can.
    /// An <c>out</c> parameter is asked only of a family that took the type at <see cref="Position.Out"/>.</summary>
    public virtual string? ByReferenceProblem(string parameterName, RefKind refKind) => null;

    /// <summary>Whether parameters of this family have an owner (so <c>[Consumed]</c>/<c>[Borrowed]</c> mean something).</summary>
    public virtual bool HasParameterOwner => false;

    /// <summary>The ownership of a parameter that has an owner: <see cref="Ownership.Borrowed"/> unless consumed.</summary>
    public virtual Ownership ParameterOwnership(bool consumed) => Ownership.None;

    /// <summary>Why <c>[Retained]</c> does not fit a by-value parameter of this family, or null when it does.</summary>
    public virtual string? RetainedProblem(IParameterSymbol parameter)
        => $"[Retained] on '{parameter.Name}' has no effect: a '{parameter.Type.ToDisplayString()}' is passed by value, so there is nothing native code could keep; only handles, pointers and function pointers can be retained";

    /// <summary>
    /// The ownership of a value handed out (a return or an <c>out</c> parameter) given whether it is declared
    /// borrowed; reports a contradiction or an undeclared ownership through <paramref name="read"/>. The default:
    /// nothing to own, so <c>Borrowed</c> is misplaced.
    /// </summary>
    public virtual Ownership HandOutOwnership(HandOutReading read)
    {
        if (read.Borrowed)
        {
            read.Misplaced(read.Parameter is null
                ? $"[return: Borrowed] on '{read.Method.Name}' has no effect: only handles, strings, spans and arrays returned from native memory have an owner"
                : $"[Borrowed] on '{read.Parameter.Name}' has no effect: parameters are borrowed by default and only handles have an owner");
        }

        return Ownership.None;
    }

    /// <summary>
    /// Whether a parameter of this family passes a length of its own (a span, a UTF-8 slice, an out buffer's length
    /// pointer), whose integer type the boundary's <c>LengthType</c> or the parameter's <c>[LengthType]</c> sets.
    /// </summary>
    public virtual bool PassesLength(RefKind refKind, StringConvention strings) => false;

    /// <summary>Whether a parameter of this family is pinned for the call (so its stub needs unsafe code).</summary>
    public virtual bool PinsArgument => false;

    /// <summary>Whether a return of this family is read from native memory (so its stub needs unsafe code).</summary>
    public virtual bool ReturnReadsNativeMemory => false;

    /// <summary>Whether marshalling a parameter of this family can never fail (plain values).</summary>
    public virtual bool MarshalsWithoutFailure => false;

    /// <summary>The fully qualified handle type a value of this family names, or null.</summary>
    public virtual string? HandleType(ValueModel value) => null;

    /// <summary>
    /// Reads what the declaration adds to a value of this family beyond its type (a callback's signature and lifetime,
    /// an operation's result and cancellation) and reports what does not fit through <paramref name="reading"/>. The
    /// default: nothing to add.
    /// </summary>
    public virtual ValueModel Refine(ValueModel value, ValueReading reading) => value;

    /// <summary>Whether <see cref="Refine"/> reads anything (a family that overrides it says so): the others get no reading built.</summary>
    public virtual bool Refines => false;

    /// <summary>Why a stub passing or returning this value needs unsafe code beyond pins and references, or null.</summary>
    public virtual string? UnsafeReason(ValueModel value) => null;

    // ---- Callbacks: values native code passes to managed code ----

    /// <summary>How a value of this family arrives as an argument of a callback native code calls, or null when it cannot.</summary>
    public virtual CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context) => null;

    /// <summary>How a callback returns a value of this family to native code, or null when it cannot.</summary>
    public virtual CallbackResult? ForCallbackResult(ValueModel value) => null;

    /// <summary>
    /// For a value that completes later (a task): the parameters the native function takes instead of returning a result
    /// (a completion function pointer and its user data); its native return is then <c>void</c>. <paramref name="result"/>
    /// is the C type of what completes (<c>void</c> for nothing). Null for every other value.
    /// </summary>
    public virtual System.Collections.Generic.IEnumerable<NativeParameter>? CompletionParameters(ValueModel value, Errors.ErrorShape shape, CType result) => null;

    // ---- The native side ----

    /// <summary>The native parameters a parameter becomes (one for most values, two for a pointer and a length).</summary>
    public abstract IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context);

    /// <summary>The native type a return value is returned as.</summary>
    public abstract CType NativeReturn(ValueModel value, StubContext context);

    // ---- The stub ----

    public abstract Marshaller ForParameter(ValueModel value, StubContext context);

    public abstract ReturnMarshaller ForReturn(ValueModel value, StubContext context);

    /// <summary>The members shared by the boundary's stubs that a value of this family needs.</summary>
    public virtual IEnumerable<SupportMember> Support(ValueModel value, Position position)
    {
        yield break;
    }

    // ---- Call sites ----

    /// <summary>
    /// Whether the caller owns what a boundary function hands out as <paramref name="type"/> (returned, or written to
    /// an <c>out</c> parameter) — what the ownership analyzers track. Read from symbols, so it works for boundaries in
    /// referenced assemblies too.
    /// </summary>
    public virtual bool CallerOwns(ITypeSymbol type, bool borrowed) => false;

    public override string ToString() => Name;
}
