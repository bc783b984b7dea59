using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families.Void;

/// <summary>A <c>void</c> return: nothing crosses.</summary>
internal sealed class VoidFamily : CrossingFamily
{
    public static readonly VoidFamily Instance = new();

    private VoidFamily()
    {
    }

    public override string Name => "void";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
        => position == Position.Return && type.SpecialType == SpecialType.System_Void ? new TypeCrossing(this, "void", CType.Void) : null;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        yield break;
    }

    public override CType NativeReturn(ValueModel value, StubContext context) => CType.Void;

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => throw new System.InvalidOperationException("'void' is never a parameter.");

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new VoidReturnMarshaller(value, context);

    public override CallbackResult? ForCallbackResult(ValueModel value) => new("void", CType.Void, managed => managed);
}
