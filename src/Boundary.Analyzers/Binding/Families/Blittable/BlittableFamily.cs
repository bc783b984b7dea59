using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Blittable;

/// <summary>
/// Same bits on both sides: primitives, <c>nint</c>/<c>nuint</c>, enums, blittable structs, pointers and function
/// pointers. Passed as is; by reference as a pointer to the caller's pinned variable.
/// </summary>
internal sealed class BlittableFamily : CrossingFamily
{
    public static readonly BlittableFamily Instance = new();

    private BlittableFamily()
    {
    }

    public override string Name => "blittable";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return Crossing(type);
            case not SpecialType.None:
                return null; // decimal, DateTime and the like: no fixed native layout
        }

        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
            case INamedTypeSymbol { TypeKind: TypeKind.Enum }:
                return Crossing(type);
            case INamedTypeSymbol { TypeKind: TypeKind.Struct, IsTupleType: false } named
                when named.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                    && TypeMapping.SpanElement(named) is null:
                string? problem = StructLayoutCheck.Problem(named);
                return problem is null ? Crossing(type) : TypeCrossing.Unsupported(problem, RuleIds.StructNotBlittable);
            default:
                return null;
        }
    }

    private TypeCrossing Crossing(ITypeSymbol type) => new(this, TypeMapping.Display(type), CTypes.Of(type));

    public override string? RetainedProblem(IParameterSymbol parameter)
        => parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol
            || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
                ? null
                : base.RetainedProblem(parameter);

    public override bool MarshalsWithoutFailure => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        yield return value.RefKind == RefKind.None
            ? new NativeParameter(NativeNames.Of(value), value.Native!)
            : new NativeParameter(NativeNames.Of(value), value.Native!.PointerTo(toConst: value.RefKind == RefKind.In), NativeNames.Direction(value.RefKind));
    }

    public override CType NativeReturn(ValueModel value, StubContext context) => value.Native!;

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => value.RefKind == RefKind.None ? new BlittableMarshaller(value, context) : new BlittableByRefMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new BlittableReturnMarshaller(value, context);

    public override CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context)
        => new(new[] { (value.NativeType, value.Name) }, new[] { new NativeParameter(NativeNames.Of(value), value.Native!) }, value.Name);

    public override CallbackResult? ForCallbackResult(ValueModel value) => new(value.NativeType, value.Native!, managed => managed);
}
