using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads a [ForeignErrors] enum into an <see cref="ErrorEnumModel"/> and reports what is wrong with it (BND3002,
/// BND3003, BND3005, BND3007). Invalid parts are left out of the model, so generated code always compiles.
/// </summary>
internal static class ErrorEnumReader
{
    /// <summary>Whether <paramref name="type"/> is an enum marked [ForeignErrors].</summary>
    public static bool IsErrorEnum(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Enum } named && named.GetAttributes().Has(KnownNames.Attribute.ForeignErrors);

    public static ErrorEnumModel Read(INamedTypeSymbol type, ProblemSink sink)
    {
        var members = new List<ErrorMember>();
        var firstByCode = new Dictionary<long, string>();
        bool hasSuccess = false;
        foreach (IFieldSymbol field in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            long value = ToLong(field.ConstantValue);
            hasSuccess |= value == 0;
            if (firstByCode.TryGetValue(value, out string? first))
            {
                sink.Report(Rules.DuplicateErrorCode, field.IdentifierLocation(), type.Name, field.Name, value, first);
                continue;
            }

            firstByCode.Add(value, field.Name);
            bool isPanic = field.GetAttributes().Has(KnownNames.Attribute.ForeignPanic);
            string? throwsAs = ReadThrowsAs(field, sink);
            members.Add(new ErrorMember(SymbolFacts.EscapeIdentifier(field.Name), value, isPanic, throwsAs, ReadSuccess(field, value, sink)));
        }

        if (!hasSuccess)
        {
            sink.Report(Rules.ErrorsWithoutSuccess, type.IdentifierLocation(), type.Name);
        }

        return new ErrorEnumModel(
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.Name,
            members.ToEquatableArray());
    }

    /// <summary>Why <paramref name="type"/> cannot be a boundary's Errors type, or null when it can.</summary>
    public static string? ErrorsTypeProblem(ITypeSymbol type)
        => type switch
        {
            INamedTypeSymbol { TypeKind: not TypeKind.Enum } => "is not an enum",
            INamedTypeSymbol { EnumUnderlyingType.SpecialType: SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_UInt32 } =>
                "has an underlying type wider than the 32-bit native code: use 'int'",
            INamedTypeSymbol named when !IsErrorEnum(named) => "is not marked [ForeignErrors]",
            INamedTypeSymbol => null,
            _ => "is not an enum",
        };

    /// <summary>
    /// Whether the member is a success status besides 0 ([ForeignSuccess]). One that also says how it fails
    /// ([ForeignPanic], [ThrowsAs]) is reported (BND3007) and stays a failure: a failure is never taken for success.
    /// </summary>
    private static bool ReadSuccess(IFieldSymbol field, long value, ProblemSink sink)
    {
        AttributeData? success = field.GetAttributes().Find(KnownNames.Attribute.ForeignSuccess);
        if (success is null)
        {
            return false;
        }

        string? contradiction =
            field.GetAttributes().Has(KnownNames.Attribute.ForeignPanic) ? "[ForeignPanic]" :
            field.GetAttributes().Has(KnownNames.Attribute.ThrowsAs) ? "[ThrowsAs]" :
            null;
        if (contradiction is not null)
        {
            Location? location = (success.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.GetLocation() ?? field.IdentifierLocation();
            sink.Report(Rules.SuccessCodeAlsoFailure, location, field.Name, contradiction);
            return false;
        }

        return value != 0;
    }

    private static string? ReadThrowsAs(IFieldSymbol field, ProblemSink sink)
    {
        AttributeData? attribute = field.GetAttributes().Find(KnownNames.Attribute.ThrowsAs);
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol exception)
        {
            return null;
        }

        string? problem = ThrowsAsProblem(exception);
        if (problem is null)
        {
            return exception.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        Location? location = (attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.GetLocation() ?? field.IdentifierLocation();
        sink.Report(Rules.ThrowsAsInvalid, location, field.Name, problem);
        return null;
    }

    private static string? ThrowsAsProblem(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString();
        if (!type.InheritsFrom("System.Exception"))
        {
            return $"'{name}' is not an exception type";
        }

        if (type.IsAbstract || type.IsGenericType)
        {
            return $"'{name}' is {(type.IsAbstract ? "abstract" : "generic")}";
        }

        bool hasConstructor = type.InstanceConstructors.Any(c =>
            c.DeclaredAccessibility == Accessibility.Public
            && c.Parameters.Length == 2
            && c.Parameters[0].Type.SpecialType == SpecialType.System_String
            && c.Parameters[1].Type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
        return hasConstructor ? null : $"'{name}' has no public constructor '(string message, Exception innerException)'";
    }

    /// <summary>An enum constant as the <c>int32_t</c>/<c>int64_t</c> bits native code compares (a <c>ulong</c> wraps).</summary>
    internal static long ToLong(object? value)
        => value switch
        {
            ulong u => unchecked((long)u),
            null => 0,
            _ => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };
}
