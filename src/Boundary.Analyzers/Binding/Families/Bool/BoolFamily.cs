using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Bool;

/// <summary><c>bool</c>: one byte holding 0 or 1 (<c>uint8_t</c>), never the 4-byte Win32 BOOL.</summary>
internal sealed class BoolFamily : CrossingFamily
{
    public static readonly BoolFamily Instance = new();

    private BoolFamily()
    {
    }

    public override string Name => "bool";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
        => type.SpecialType == SpecialType.System_Boolean ? new TypeCrossing(this, "byte", CType.UInt8) : null;

    public override bool MarshalsWithoutFailure => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        yield return value.RefKind == RefKind.None
            ? new NativeParameter(NativeNames.Of(value), CType.UInt8)
            : new NativeParameter(NativeNames.Of(value), CType.UInt8.PointerTo(toConst: value.RefKind == RefKind.In), NativeNames.Direction(value.RefKind));
    }

    public override CType NativeReturn(ValueModel value, StubContext context) => CType.UInt8;

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => value.RefKind == RefKind.None ? new BoolMarshaller(value, context) : new BoolByRefMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new BoolReturnMarshaller(value, context);

    public override CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context)
        => new(new[] { ("byte", value.Name) }, new[] { new NativeParameter(NativeNames.Of(value), CType.UInt8) }, $"{value.Name} != 0");

    public override CallbackResult? ForCallbackResult(ValueModel value) => new("byte", CType.UInt8, managed => managed switch
        {
            "true" => "(byte)1",
            "false" => "(byte)0",
            _ => $"{managed} ? (byte)1 : (byte)0",
        });
}
