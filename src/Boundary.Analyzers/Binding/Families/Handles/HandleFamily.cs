using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Handles;

/// <summary>
/// A <c>[ForeignHandle]</c> class: a pointer-sized native handle (a Rust <c>Box</c> pointer, a Go <c>cgo.Handle</c>)
/// wrapped in a SafeHandle. Parameters are borrowed for the call (or consumed, or retained); returns are owned unless
/// <c>[return: Borrowed]</c>.
/// </summary>
internal sealed class HandleFamily : CrossingFamily
{
    public static readonly HandleFamily Instance = new();

    private HandleFamily()
    {
    }

    public override string Name => "handle";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || named.GetAttributes().Find(KnownNames.Attribute.ForeignHandle) is not { } handle)
        {
            return null;
        }

        // The C type depends on the language, which the boundary decides: see NativeParameters.
        return HandleShape.CanGenerate(named)
            ? new TypeCrossing(this, "nint", Serialized: !SymbolFacts.IsThreadSafeHandle(handle))
            : TypeCrossing.Unsupported($"handle type '{type.ToDisplayString()}' is not a valid [ForeignHandle] declaration (see BND1006)");
    }

    public override string? ByReferenceProblem(string parameterName, RefKind refKind)
        => refKind == RefKind.Out
            ? null
            : $"handle parameter '{parameterName}' cannot be passed by 'ref' or 'in': pass it by value, or declare it 'out' when native code creates it";

    public override bool HasParameterOwner => true;

    public override Ownership ParameterOwnership(bool consumed) => consumed ? Ownership.Consumed : Ownership.Borrowed;

    /// <summary>Native code takes its own reference to a retained handle.</summary>
    public override string? RetainedProblem(IParameterSymbol parameter) => null;

    public override Ownership HandOutOwnership(HandOutReading read) => read.Borrowed ? Ownership.Borrowed : Ownership.Owned;

    public override string? HandleType(ValueModel value) => value.ManagedType.TrimEnd('?');

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        yield return value.RefKind == RefKind.Out
            ? new NativeParameter(NativeNames.Of(value), context.Language.Handle.PointerTo(), NativeDirection.Out)
            : new NativeParameter(NativeNames.Of(value), context.Language.Handle);
    }

    public override CType NativeReturn(ValueModel value, StubContext context) => context.Language.Handle;

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => value.RefKind == RefKind.Out ? new OutHandleMarshaller(value, context) : new HandleMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new HandleReturnMarshaller(value, context);

    public override bool CallerOwns(ITypeSymbol type, bool borrowed) => !borrowed && TypeMapping.IsForeignHandle(type);

    /// <summary>A handle passed to a callback: borrowed, wrapped without ownership (disposing it releases nothing).</summary>
    public override CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context)
    {
        string name = value.Name;
        string type = value.ManagedType.TrimEnd('?');
        string where = context.Where;
        string managed = value.IsNullable
            ? $"{name} == 0 ? null : new {type}({name}, ownsHandle: false)"
            : $"new {type}({Generation.Emit.Names.CallbackArguments}.Handle({name}, {where}), ownsHandle: false)";
        return new CallbackArgument(new[] { ("nint", name) }, new[] { new NativeParameter(NativeNames.Of(value), context.Language.Handle) }, managed);
    }
}
