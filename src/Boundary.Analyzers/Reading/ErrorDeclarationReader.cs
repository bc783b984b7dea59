using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Families.Bool;
using Boundary.Analyzers.Binding.Families.Handles;
using Boundary.Analyzers.Binding.Families.NotCrossing;
using Boundary.Analyzers.Binding.Families.Strings;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads what a function's declaration adds to its error shape (<see cref="ErrorDeclaration"/>) and reports what does
/// not fit: a null-or-sentinel result that cannot signal failure (BND3006), a handle that lends error messages but is
/// consumed (BND3008). Shared by the generator and the declaration analyzer through <see cref="BoundaryReader"/>.
/// </summary>
internal static class ErrorDeclarationReader
{
    /// <summary>The named argument of <c>[ForeignFunction]</c> that declares the sentinel.</summary>
    private const string SentinelArgument = "ErrorSentinel";

    /// <summary>The declaration; <paramref name="problem"/> is set when the stub cannot be generated.</summary>
    public static ErrorDeclaration Read(
        IMethodSymbol method,
        ErrorShape shape,
        AttributeData? function,
        ValueModel returnValue,
        IReadOnlyList<ValueModel> parameters,
        ErrorEnumModel? errors,
        string library,
        ProblemSink sink,
        ref string? problem)
    {
        SentinelTest? sentinel = ReadSentinel(method, shape, function, returnValue, sink, ref problem);
        HandleMessage? message = shape.ReadsLastError ? ReadMessage(method, parameters, library, sink) : null;

        EquatableArray<int> successCodes = EquatableArray<int>.Empty;
        bool returnsStatus = false;
        if (shape == ErrorShape.StatusCode && errors is not null)
        {
            successCodes = errors.Members.Where(m => m.IsSuccess).Select(m => (int)m.Value).ToEquatableArray();

            // The status is the result: the caller tells the success codes apart.
            returnsStatus = method.ReturnType.TypeKind == TypeKind.Enum
                && method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == errors.FullyQualifiedName;
        }

        return sentinel is null && message is null && successCodes.Count == 0 && !returnsStatus
            ? ErrorDeclaration.None
            : new ErrorDeclaration(sentinel, message, successCodes, returnsStatus);
    }

    /// <summary>How a null-or-sentinel result fails; null for another shape or a declaration that does not fit (reported).</summary>
    private static SentinelTest? ReadSentinel(IMethodSymbol method, ErrorShape shape, AttributeData? function, ValueModel returnValue, ProblemSink sink, ref string? problem)
    {
        TypedConstant? declared = null;
        if (function is not null)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in function.NamedArguments)
            {
                if (argument.Key == SentinelArgument)
                {
                    declared = argument.Value;
                }
            }
        }

        // ErrorSentinel = null says what a pointer-like result implies anyway.
        bool hasValue = declared is { IsNull: false };
        Location? location = SentinelLocation(function) ?? method.IdentifierLocation();
        if (shape != ErrorShape.NullOrSentinel)
        {
            if (declared is not null)
            {
                Misfit($"ErrorSentinel on '{method.Name}' has no effect: its error shape is {shape.Name}; the sentinel belongs to ErrorShape = ForeignErrorShape.NullOrSentinel", location, sink, ref problem, blocks: false);
            }

            return null;
        }

        if (returnValue.Family == NoFamily.Instance)
        {
            return null; // reported as a type that cannot cross
        }

        string type = method.ReturnType.ToDisplayString();
        bool pointerLike = returnValue.Family == HandleFamily.Instance || returnValue.Family == StringFamily.Instance
            || method.ReturnType is IPointerTypeSymbol or IFunctionPointerTypeSymbol;
        if (pointerLike)
        {
            if (returnValue.IsNullable)
            {
                string nonNullable = method.ReturnType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString();
                Misfit($"'{method.Name}' returns '{type}', but with ErrorShape NullOrSentinel a null result is its failure, which throws: it never returns null, so return '{nonNullable}'", ReturnLocation(method), sink, ref problem);
                return null;
            }

            if (hasValue)
            {
                Misfit($"ErrorSentinel on '{method.Name}' does not apply: a '{type}' result fails when it is null; remove ErrorSentinel", location, sink, ref problem);
                return null;
            }

            return returnValue.Family == HandleFamily.Instance ? new SentinelTest("==", "0") : new SentinelTest("==", "null");
        }

        ITypeSymbol returnType = method.ReturnType;
        bool isBool = returnValue.Family == BoolFamily.Instance && returnType.SpecialType == SpecialType.System_Boolean;
        SpecialType integral = IntegralType(returnType);
        if (!isBool && integral == SpecialType.None)
        {
            string what = returnType.SpecialType == SpecialType.System_Void ? "a void function has no result" : $"no value of a '{type}' result can be compared exactly with a sentinel";
            Misfit($"'{method.Name}' cannot use ErrorShape NullOrSentinel: {what}; the shape needs a handle, pointer, string, integer, enum or bool result (report failure with another shape, such as StatusCode)", location, sink, ref problem);
            return null;
        }

        if (!hasValue)
        {
            string example = isBool ? "false" : returnType.TypeKind == TypeKind.Enum ? $"{type}.<failure member>" : integral == SpecialType.System_Int64 ? "long.MinValue" : "-1";
            Misfit($"'{method.Name}' returns '{type}' with ErrorShape NullOrSentinel but declares no sentinel: set [ForeignFunction(ErrorSentinel = {example})] to the result that signals failure", location, sink, ref problem);
            return null;
        }

        TypedConstant value = declared!.Value;
        if (isBool)
        {
            if (value.Kind == TypedConstantKind.Primitive && value.Value is bool failure)
            {
                return failure ? new SentinelTest("!=", "0") : new SentinelTest("==", "0");
            }
        }
        else if (ToInteger(value, returnType) is { } number && Fits(number, integral))
        {
            string literal = number.Negative ? $"-{number.Magnitude}L" : $"{number.Magnitude}UL";
            if (number.Negative && number.Magnitude <= long.MaxValue)
            {
                literal = $"{-(long)number.Magnitude}L";
            }

            return new SentinelTest("==", $"unchecked(({returnValue.ManagedType})({literal}))");
        }

        Misfit($"ErrorSentinel {Display(value)} of '{method.Name}' is not a '{type}' value: declare a constant of the result's type{(isBool ? "" : ", or an integer that fits it")}", location, sink, ref problem);
        return null;
    }

    /// <summary>
    /// The first borrowed handle argument whose type lends error messages (<c>ErrorMessage</c>); a consumed one cannot
    /// (BND3008), and without a borrowed one the message stays the thread's last error.
    /// </summary>
    private static HandleMessage? ReadMessage(IMethodSymbol method, IReadOnlyList<ValueModel> parameters, string library, ProblemSink sink)
    {
        (IParameterSymbol Parameter, string Function)? consumed = null;
        for (int i = 0; i < parameters.Count && i < method.Parameters.Length; i++)
        {
            ValueModel value = parameters[i];

            // Only a handle passed in: one handed out through 'out' is not the object the call worked on.
            if (value.Family != HandleFamily.Instance || value.RefKind != Model.RefKind.None || method.Parameters[i].Type.GetAttributes().Find(KnownNames.Attribute.ForeignHandle) is not { } handle
                || HandleReader.ErrorMessage(handle) is not { } messageFunction)
            {
                continue;
            }

            if (value.Ownership == Ownership.Consumed)
            {
                consumed ??= (method.Parameters[i], messageFunction);
                continue;
            }

            string handleLibrary = DeclaredNames.HandleLibrary(handle) is { } own && !string.IsNullOrWhiteSpace(own) ? own : library;
            return new HandleMessage(value.Name, handleLibrary, messageFunction, value.IsNullable);
        }

        if (consumed is { } unreadable)
        {
            Location? location = (unreadable.Parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax)?.Identifier.GetLocation()
                ?? unreadable.Parameter.Locations.FirstOrDefault();
            sink.Report(Rules.HandleMessageUnreadable, location, method.Name, unreadable.Parameter.Name, unreadable.Parameter.Type.Name, unreadable.Function);
        }

        return null;
    }

    private static void Misfit(string message, Location? location, ProblemSink sink, ref string? problem, bool blocks = true)
    {
        sink.Report(Rules.SentinelMisfit, location, message);
        if (blocks)
        {
            problem ??= message;
        }
    }

    /// <summary>
    /// A constant attribute argument as a C# expression of <paramref name="type"/> (a bool, an integer or enum that fits
    /// it, a float or double), or null when it is not a value of that type.
    /// </summary>
    internal static string? ConstantOf(TypedConstant value, ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return value.Kind == TypedConstantKind.Primitive && value.Value is bool flag ? (flag ? "true" : "false") : null;
        }

        if (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double && value.Kind == TypedConstantKind.Primitive
            && value.Value is sbyte or short or int or long or byte or ushort or uint or ulong or float or double)
        {
            double number = System.Convert.ToDouble(value.Value, CultureInfo.InvariantCulture);
            return double.IsNaN(number) || double.IsInfinity(number)
                ? null
                : $"({type.ToDisplayString()}){number.ToString("R", CultureInfo.InvariantCulture)}";
        }

        SpecialType integral = IntegralType(type);
        if (integral == SpecialType.None || ToInteger(value, type) is not { } integer || !Fits(integer, integral))
        {
            return null;
        }

        string literal = integer.Negative ? $"{-(long)integer.Magnitude}L" : $"{integer.Magnitude}UL";
        return $"unchecked(({type.ToDisplayString(Model.TypeMapping.TypeFormat)})({literal}))";
    }

    /// <summary>The integer type a sentinel is compared as: the type itself, an enum's underlying type; else None.</summary>
    private static SpecialType IntegralType(ITypeSymbol type)
    {
        SpecialType special = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying.SpecialType : type.SpecialType;
        return special is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            ? special
            : SpecialType.None;
    }

    /// <summary>A constant as a sign and magnitude: an integer constant, or a constant of the result's own enum type.</summary>
    private static Integer? ToInteger(TypedConstant value, ITypeSymbol returnType)
    {
        if (value.Kind == TypedConstantKind.Enum && !SymbolEqualityComparer.Default.Equals(value.Type, returnType))
        {
            return null; // another enum's member
        }

        if (value.Kind is not (TypedConstantKind.Primitive or TypedConstantKind.Enum))
        {
            return null;
        }

        return value.Value switch
        {
            sbyte v => Integer.Of(v),
            short v => Integer.Of(v),
            int v => Integer.Of(v),
            long v => Integer.Of(v),
            byte v => new Integer(false, v),
            ushort v => new Integer(false, v),
            uint v => new Integer(false, v),
            ulong v => new Integer(false, v),
            _ => null, // bool, char, floating point, string
        };
    }

    private static bool Fits(Integer value, SpecialType type)
    {
        (ulong maxNegative, ulong maxPositive) = type switch
        {
            SpecialType.System_SByte => (128UL, (ulong)sbyte.MaxValue),
            SpecialType.System_Byte => (0UL, byte.MaxValue),
            SpecialType.System_Int16 => (32768UL, (ulong)short.MaxValue),
            SpecialType.System_UInt16 => (0UL, ushort.MaxValue),
            SpecialType.System_Int32 => (2147483648UL, (ulong)int.MaxValue),
            SpecialType.System_UInt32 => (0UL, uint.MaxValue),
            SpecialType.System_Int64 or SpecialType.System_IntPtr => (9223372036854775808UL, (ulong)long.MaxValue),
            _ => (0UL, ulong.MaxValue), // ulong, nuint
        };
        return value.Negative ? value.Magnitude <= maxNegative : value.Magnitude <= maxPositive;
    }

    private static string Display(TypedConstant value)
        => value.Kind == TypedConstantKind.Primitive && value.Value is string text ? $"\"{text}\""
            : value.Kind == TypedConstantKind.Primitive ? System.Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? "null"
            : value.Kind == TypedConstantKind.Enum ? $"{value.Type?.Name}({System.Convert.ToString(value.Value, CultureInfo.InvariantCulture)})"
            : value.Kind == TypedConstantKind.Type ? $"typeof({value.Value})"
            : "of this kind";

    private static Location? SentinelLocation(AttributeData? function)
        => function?.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments }
            ? arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == SentinelArgument)?.GetLocation()
            : null;

    private static Location? ReturnLocation(IMethodSymbol method)
        => (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax)?.ReturnType.GetLocation() ?? method.IdentifierLocation();

    /// <summary>An integer constant of any C# integer type, without overflow.</summary>
    private readonly struct Integer
    {
        public Integer(bool negative, ulong magnitude)
        {
            Negative = negative && magnitude != 0;
            Magnitude = magnitude;
        }

        public bool Negative { get; }

        public ulong Magnitude { get; }

        public static Integer Of(long value) => value < 0 ? new Integer(true, unchecked(0UL - (ulong)value)) : new Integer(false, (ulong)value);
    }
}
