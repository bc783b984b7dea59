using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Spans;

/// <summary>
/// <c>ReadOnlySpan&lt;T&gt;</c>/<c>Span&lt;T&gt;</c> of a blittable T: parameters are pinned for the call and passed as
/// a pointer and a length in elements; a <c>[return: Borrowed]</c> return is a view of native memory.
/// </summary>
internal sealed class SpanFamily : CrossingFamily
{
    public static readonly SpanFamily Instance = new();

    private SpanFamily()
    {
    }

    public override string Name => "span";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
        => TypeMapping.SpanElement(type) is { } element
            ? Sequences.Of(this, element, type, position == Position.Parameter ? null : TypeMapping.BufferAbi)
            : null;

    public override string? ByReferenceProblem(string parameterName, RefKind refKind)
        => refKind == RefKind.Out
            ? null
            : $"span parameter '{parameterName}' cannot be passed by reference: pass it by value ('Span<T>' lets native code write the elements)";

    public override string? RetainedProblem(IParameterSymbol parameter)
        => $"[Retained] on span '{parameter.Name}': it is pinned only for the call; native code must copy it, or take a pointer to native memory it owns";

    /// <summary>A span handed out views memory native code keeps owning: that has to be said (BND1010).</summary>
    public override Ownership HandOutOwnership(HandOutReading read)
    {
        if (!read.Borrowed)
        {
            string display = read.Type.ToDisplayString();
            string element = TypeMapping.SpanElement(read.Type)!.ToDisplayString();
            string what = read.Parameter is null
                ? $"'{read.Method.Name}' returns '{display}'"
                : $"'{read.Method.Name}' hands out '{display}' through out parameter '{read.Parameter.Name}'";
            read.Report(
                Rules.ReturnOwnershipUndeclared,
                $"{what} without declared ownership",
                what,
                read.BorrowedAttribute,
                read.Parameter is null ? "return" : "declare",
                element,
                read.Parameter is null ? "" : "out ");
        }

        return Ownership.Borrowed;
    }

    public override bool PassesLength(RefKind refKind, StringConvention strings) => true;

    public override bool PinsArgument => true;

    public override bool ReturnReadsNativeMemory => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        if (value.RefKind == RefKind.Out)
        {
            foreach (NativeParameter parameter in Sequences.OutParameters(value, context))
            {
                yield return parameter;
            }

            yield break;
        }

        bool readOnly = value.ManagedType.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal);
        yield return new NativeParameter(NativeNames.Of(value), value.Native!.PointerTo(toConst: readOnly), readOnly ? NativeDirection.In : NativeDirection.InOut);
        yield return new NativeParameter(NativeNames.Length(value), (value.Length ?? LengthType.Size).Native);
    }

    public override CType NativeReturn(ValueModel value, StubContext context) => Sequences.BufferStruct;

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => value.RefKind == RefKind.Out ? new OutBufferMarshaller(value, context, ReturnedBufferForm.Borrow) : new SpanMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context)
        => new BufferReturnMarshaller(value, context, ReturnedBufferForm.Borrow);

    /// <summary>A span passed to a callback: a view of native memory, valid for the callback only.</summary>
    public override CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context)
    {
        string name = value.Name;
        string length = NativeNames.Length(value);
        string where = context.Where;
        bool readOnly = value.ManagedType.Contains("ReadOnlySpan<");
        return new CallbackArgument(
            new[] { ($"{value.ElementType}*", name), ("nuint", length) },
            new[] { new NativeParameter(NativeNames.Of(value), value.Native!.PointerTo(toConst: readOnly)), new NativeParameter(length, CType.Size) },
            $"{Generation.Emit.Names.CallbackArguments}.{(readOnly ? "ReadOnlySpan" : "Span")}({name}, {length}, {where})");
    }
}
