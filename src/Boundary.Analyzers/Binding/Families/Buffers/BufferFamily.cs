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
/// <c>NativeBuffer&lt;T&gt;</c> return: an owned <c>{ptr, len}</c> buffer the caller disposes, released once by the
/// boundary's buffer-free function. Also handed out through <c>out</c> parameters. Not an input: its contents cross
/// as a span.
/// </summary>
internal sealed class BufferFamily : CrossingFamily
{
    public static readonly BufferFamily Instance = new();

    private BufferFamily()
    {
    }

    public override string Name => "buffer";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (TypeMapping.IsNativeBuffer(type) is not { } element)
        {
            return null;
        }

        return position != Position.Parameter
            ? Sequences.Of(this, element, type, TypeMapping.BufferAbi)
            : TypeCrossing.Unsupported(
                $"'{type.ToDisplayString()}' cannot be a parameter: pass its contents as 'ReadOnlySpan<{element.ToDisplayString()}>' (buffer.Span)");
    }

    public override Ownership HandOutOwnership(HandOutReading read)
    {
        if (read.Borrowed)
        {
            read.Misplaced(read.Parameter is null
                ? $"[return: Borrowed] on '{read.Method.Name}' contradicts NativeBuffer<T>, which owns and frees its memory: return 'ReadOnlySpan<{read.Crossing.ElementType}>' for borrowed memory"
                : $"[Borrowed] on {read.Subject} contradicts NativeBuffer<T>, which owns and frees its memory: declare 'out ReadOnlySpan<{read.Crossing.ElementType}>' for borrowed memory");
        }

        return Ownership.Owned;
    }

    public override bool PassesLength(RefKind refKind, StringConvention strings) => refKind == RefKind.Out;

    public override bool ReturnReadsNativeMemory => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
        => Sequences.OutParameters(value, context);

    public override CType NativeReturn(ValueModel value, StubContext context) => Sequences.ReturnStruct(value, context);

    /// <summary>Only <c>out</c>: the classification refuses a NativeBuffer passed in.</summary>
    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => new OutBufferMarshaller(value, context, ReturnedBufferForm.Adopt);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context)
        => new BufferReturnMarshaller(value, context, ReturnedBufferForm.Adopt);

    public override IEnumerable<SupportMember> Support(ValueModel value, Position position)
    {
        yield return BufferFreeImport.Instance;
        yield return BufferRelease.Instance;
    }

    public override bool CallerOwns(ITypeSymbol type, bool borrowed) => !borrowed && TypeMapping.IsNativeBuffer(type) is not null;
}
