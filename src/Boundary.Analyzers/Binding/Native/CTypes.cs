using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>The C type of a value that crosses as is (a primitive, an enum, a blittable struct, a pointer).</summary>
internal static class CTypes
{
    public static CType Of(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Void: return CType.Void;
            case SpecialType.System_SByte: return CType.Int8;
            case SpecialType.System_Byte: return CType.UInt8;
            case SpecialType.System_Boolean: return CType.UInt8;
            case SpecialType.System_Int16: return CType.Int16;
            case SpecialType.System_UInt16: return CType.UInt16;
            case SpecialType.System_Int32: return CType.Int32;
            case SpecialType.System_UInt32: return CType.UInt32;
            case SpecialType.System_Int64: return CType.Int64;
            case SpecialType.System_UInt64: return CType.UInt64;
            case SpecialType.System_IntPtr: return CType.IntPtr;
            case SpecialType.System_UIntPtr: return CType.UIntPtr;
            case SpecialType.System_Single: return CType.Float;
            case SpecialType.System_Double: return CType.Double;
        }

        switch (type)
        {
            case IPointerTypeSymbol pointer:
                return Of(pointer.PointedAtType).PointerTo();
            case IFunctionPointerTypeSymbol function:
                var parameters = new CType[function.Signature.Parameters.Length];
                for (int i = 0; i < parameters.Length; i++)
                {
                    IParameterSymbol parameter = function.Signature.Parameters[i];
                    parameters[i] = parameter.RefKind == RefKind.None ? Of(parameter.Type) : Of(parameter.Type).PointerTo();
                }

                return CType.FunctionPointer(Of(function.Signature.ReturnType), parameters);
            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                return Of(underlying);
            case INamedTypeSymbol { TypeKind: TypeKind.Struct } named:
                return CType.Struct(named.Name);
            default:
                return CType.Void.PointerTo(); // never asked for types that cannot cross; an opaque pointer is the safe answer
        }
    }
}
