using System.Collections.Generic;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Buffers;

/// <summary>
/// <c>T[]</c> return: a <c>{ptr, len}</c> buffer copied into a managed array, then freed unless borrowed. Not a
/// parameter: arrays convert to spans at the call site.
/// </summary>
internal sealed class ArrayFamily : CrossingFamily
{
    public static readonly ArrayFamily Instance = new();

    private ArrayFamily()
    {
    }

    public override string Name => "array";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (type is not IArrayTypeSymbol array)
        {
            return null;
        }

        return position != Position.Parameter && array.Rank == 1
            ? Sequences.Of(this, array.ElementType, type, TypeMapping.BufferAbi)
            : TypeCrossing.Unsupported(
                $"array '{type.ToDisplayString()}' cannot be a parameter: declare 'ReadOnlySpan<{array.ElementType.ToDisplayString()}>' (arrays convert to it at the call site) or 'Span<{array.ElementType.ToDisplayString()}>' if native code writes to it");
    }

    public override Ownership HandOutOwnership(HandOutReading read) => read.Borrowed ? Ownership.Borrowed : Ownership.Owned;

    public override bool PassesLength(RefKind refKind, StringConvention strings) => refKind == RefKind.Out;

    public override bool ReturnReadsNativeMemory => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
        => Sequences.OutParameters(value, context);

    public override CType NativeReturn(ValueModel value, StubContext context) => Sequences.ReturnStruct(value, context);

    /// <summary>Only <c>out</c>: the classification refuses an array passed in.</summary>
    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => new OutBufferMarshaller(value, context, ReturnedBufferForm.Copy);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context)
        => new BufferReturnMarshaller(value, context, ReturnedBufferForm.Copy);

    public override IEnumerable<SupportMember> Support(ValueModel value, Position position)
    {
        if (value.Ownership == Ownership.Owned)
        {
            yield return BufferFreeImport.Instance;
        }
    }
}
