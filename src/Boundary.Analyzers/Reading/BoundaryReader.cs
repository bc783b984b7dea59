using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads a [ForeignBoundary] class into a <see cref="BoundaryModel"/> and reports every declaration problem (BND1001,
/// BND1002, BND1003, BND1005, BND1008) to the sink. Returns null when the class itself is unusable (not static partial),
/// because a generated part could then only add errors.
/// </summary>
internal static class BoundaryReader
{
    /// <summary>Part of the path Roslyn gives the trees this generator adds; used to tell our bodies from a user's.</summary>
    public const string GeneratedPathMarker = "Boundary.Analyzers.Generation.BoundaryGenerator";

    public static BoundaryModel? Read(INamedTypeSymbol type, bool allowUnsafe, ProblemSink sink, CancellationToken cancellationToken)
    {
        AttributeData? attribute = type.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary);
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string library)
        {
            return null;
        }

        if (!CheckClassShape(type, sink))
        {
            return null;
        }

        int language = attribute.Named<int>("Language");
        int strings = attribute.Named<int>("Strings");
        string prefix = EntryPointPrefix(attribute, library);
        int boundaryShape = attribute.Named<int>("ErrorShape");
        ErrorEnumModel? errors = ReadErrors(type, attribute, sink);
        if (errors is null && KnownNames.ErrorShape.HasCode(boundaryShape))
        {
            sink.Report(Rules.FallibleWithoutMapping, AttributeLocation(attribute, type), $"Every function of '{type.Name}'", KnownNames.ErrorShape.Name(boundaryShape));
        }

        string lastError = attribute.Named<string>("LastError") ?? prefix + "last_error";
        var runtime = new NativeRuntime(
            attribute.Named<string>("StringFree") ?? prefix + "string_free",
            attribute.Named<string>("BufferFree") ?? prefix + "buffer_free",
            lastError.Length == 0 ? null : lastError,
            attribute.Named<string>("ErrorFree") ?? prefix + "error_free");

        var functions = new List<FunctionModel>();
        var handles = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (method.MethodKind != MethodKind.Ordinary || !IsBoundaryFunction(method, sink))
            {
                continue;
            }

            FunctionModel function = ReadFunction(method, prefix, boundaryShape, errors is not null, allowUnsafe, sink);
            functions.Add(function);
            foreach (ValueModel value in function.Parameters.Append(function.Return).Where(v => v.Kind == ValueKind.Handle))
            {
                handles.Add(value.ManagedType.TrimEnd('?'));
            }
        }

        return new BoundaryModel(
            SymbolFacts.LocationOf(type, "Boundary"),
            library,
            language,
            strings,
            functions.ToEquatableArray(),
            handles.ToEquatableArray(),
            runtime,
            errors);
    }

    /// <summary>The prefix of the boundary's entry points: <c>EntryPointPrefix</c>, else the library name's default.</summary>
    public static string EntryPointPrefix(AttributeData boundaryAttribute, string library)
        => boundaryAttribute.Named<string>("EntryPointPrefix") ?? Naming.DefaultPrefix(library);

    /// <summary>The exported symbol a boundary function calls: its <c>[ForeignFunction("symbol")]</c>, else the naming rule.</summary>
    public static string EntryPoint(IMethodSymbol method, string prefix)
        => method.GetAttributes().Find(KnownNames.Attribute.ForeignFunction) is { ConstructorArguments: [{ Value: string symbol }] }
            ? symbol
            : Naming.EntryPoint(prefix, method.Name);

    private static ErrorEnumModel? ReadErrors(INamedTypeSymbol boundary, AttributeData attribute, ProblemSink sink)
    {
        if (attribute.Named<ITypeSymbol>("Errors") is not { } errorsType)
        {
            return null;
        }

        if (ErrorEnumReader.ErrorsTypeProblem(errorsType) is { } problem)
        {
            ImmutableDictionary<string, string?> properties = errorsType is INamedTypeSymbol { TypeKind: TypeKind.Enum } && problem.Contains("[ForeignErrors]")
                ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixableEnum, "true")
                : ImmutableDictionary<string, string?>.Empty;
            sink.Report(Rules.ErrorsTypeInvalid, ErrorsArgumentLocation(attribute, boundary), properties, errorsType.ToDisplayString(), boundary.Name, problem);
            return null;
        }

        // The enum reports its own problems (ErrorEnumAnalyzer); here it only becomes part of the model.
        return ErrorEnumReader.Read((INamedTypeSymbol)errorsType, ProblemSink.None);
    }

    private static Location? AttributeLocation(AttributeData attribute, ISymbol owner)
        => attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? owner.IdentifierLocation();

    private static Location? ErrorsArgumentLocation(AttributeData attribute, ISymbol owner)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments })
        {
            foreach (AttributeArgumentSyntax argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.Text == "Errors")
                {
                    return argument.Expression.GetLocation();
                }
            }
        }

        return AttributeLocation(attribute, owner);
    }

    /// <summary>Whether the class can be a boundary (BND1001 when not); other rules stay silent on one that cannot.</summary>
    public static bool CheckClassShape(INamedTypeSymbol type, ProblemSink sink)
    {
        string? problem =
            type.TypeKind != TypeKind.Class ? "must be a class" :
            !type.IsStatic && !type.IsPartialEverywhere() ? "must be declared 'static partial'" :
            !type.IsStatic ? "must be declared 'static'" :
            !type.IsPartialEverywhere() ? "must be declared 'partial'" :
            type.IsGenericType ? "must not be generic" :
            type.NonPartialContainer() is { } container ? $"is nested in '{container.Name}', which must be declared 'partial'" :
            null;
        if (problem is null)
        {
            return true;
        }

        sink.Report(Rules.BoundaryClassShape, type.IdentifierLocation(), type.Name, problem);
        return false;
    }

    /// <summary>
    /// Partial definitions are boundary functions. Other methods are the user's own helpers, except where the user
    /// evidently meant a boundary function and got the shape wrong; those are reported (BND1002) and skipped.
    /// </summary>
    public static bool IsBoundaryFunction(IMethodSymbol method, ProblemSink sink)
    {
        var syntax = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax;
        bool isPartial = method.IsPartialDefinition || (syntax?.Modifiers.Any(SyntaxKind.PartialKeyword) ?? false);
        bool hasBody = syntax is { Body: not null } or { ExpressionBody: not null };
        string? problem = null;

        if (isPartial && !method.IsPartialDefinition && method.PartialDefinitionPart is null)
        {
            problem = "has a body: remove it, the generator writes the body";
        }
        else if (method.IsPartialDefinition && method.PartialImplementationPart is { } implementation && !IsGenerated(implementation))
        {
            problem = "has a body written by hand: remove it, the generator writes the body";
        }
        else if (!isPartial && !hasBody && !method.IsExtern && !method.IsAbstract)
        {
            problem = "must be declared 'static partial'";
        }
        else if (!isPartial && method.GetAttributes().Has(KnownNames.Attribute.ForeignFunction))
        {
            problem = hasBody ? "has a body: declare it 'static partial' without a body" : "must be declared 'static partial'";
        }
        else if (method.IsPartialDefinition && method.IsGenericMethod)
        {
            problem = "must not be generic";
        }

        if (problem is not null)
        {
            sink.Report(Rules.BoundaryMethodShape, method.IdentifierLocation(), method.Name, problem);
            return false;
        }

        return method.IsPartialDefinition;
    }

    private static bool IsGenerated(IMethodSymbol implementation)
        => implementation.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.Contains(GeneratedPathMarker));

    private static FunctionModel ReadFunction(IMethodSymbol method, string prefix, int boundaryShape, bool hasErrors, bool allowUnsafe, ProblemSink sink)
    {
        var syntax = (MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax();
        string? problem = null;

        ValueModel returnValue = ReadReturn(method, syntax, sink, ref problem);
        var parameters = new List<ValueModel>(method.Parameters.Length);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            var parameterSyntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax;
            parameters.Add(ReadParameter(parameter, parameterSyntax, sink, ref problem));
        }

        AttributeData? function = method.GetAttributes().Find(KnownNames.Attribute.ForeignFunction);
        string entryPoint = EntryPoint(method, prefix);
        int ownShape = function?.NamedOr("ErrorShape", KnownNames.ErrorShape.Inherit) ?? KnownNames.ErrorShape.Inherit;
        int errorShape = ownShape == KnownNames.ErrorShape.Inherit ? boundaryShape : ownShape;
        if (ownShape != KnownNames.ErrorShape.Inherit && !hasErrors && KnownNames.ErrorShape.HasCode(ownShape))
        {
            sink.Report(Rules.FallibleWithoutMapping, method.IdentifierLocation(), $"'{method.Name}'", KnownNames.ErrorShape.Name(ownShape));
        }

        string modifiers = string.Join(" ", syntax.Modifiers
            .Where(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword
                or SyntaxKind.InternalKeyword or SyntaxKind.StaticKeyword or SyntaxKind.UnsafeKeyword or SyntaxKind.NewKeyword
                or SyntaxKind.PartialKeyword)
            .Select(m => m.Text));

        if (!allowUnsafe && problem is null && UnsafeReason(parameters, returnValue, errorShape) is { } reason)
        {
            sink.Report(Rules.UnsafeCodeDisabled, method.IdentifierLocation(), method.Name, reason);
            problem = $"'{method.Name}' {reason}, which needs unsafe code: set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project";
        }

        return new FunctionModel(modifiers, SymbolFacts.EscapeIdentifier(method.Name), entryPoint, returnValue, parameters.ToEquatableArray(), problem, errorShape);
    }

    /// <summary>What makes the stub need pointers, or null; the same facts that make the generator write <c>unsafe</c>.</summary>
    private static string? UnsafeReason(List<ValueModel> parameters, ValueModel returnValue, int errorShape)
        => parameters.Any(p => p.RefKind != Model.RefKind.None) ? "passes values by reference"
            : parameters.Any(p => p.Kind is ValueKind.String or ValueKind.Span) ? "pins string or span arguments"
            : returnValue.Kind is ValueKind.String or ValueKind.Span or ValueKind.Buffer or ValueKind.Array ? "reads native memory it returns"
            : errorShape != KnownNames.ErrorShape.None ? "reads native error results"
            : null;

    private static ValueModel ReadReturn(IMethodSymbol method, MethodDeclarationSyntax syntax, ProblemSink sink, ref string? problem)
    {
        Location location = syntax.ReturnType.GetLocation();
        TypeCrossing crossing = method.ReturnsByRef || method.ReturnsByRefReadonly
            ? TypeCrossing.Unsupported($"'{method.Name}' returns by reference, which cannot cross a native boundary: return the value, or a pointer")
            : TypeMapping.ForReturn(method.ReturnType);
        Report(crossing, location, sink, ref problem);

        bool borrowed = method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed);
        Ownership ownership = Ownership.None;
        switch (crossing.Kind)
        {
            case ValueKind.Handle or ValueKind.String or ValueKind.Array:
                ownership = borrowed ? Ownership.Borrowed : Ownership.Owned;
                break;
            case ValueKind.Buffer:
                ownership = Ownership.Owned;
                if (borrowed)
                {
                    Misplaced($"[return: Borrowed] on '{method.Name}' contradicts NativeBuffer<T>, which owns and frees its memory: return 'ReadOnlySpan<{crossing.ElementType}>' for borrowed memory", location, sink, ref problem);
                }

                break;
            case ValueKind.Span:
                ownership = Ownership.Borrowed;
                if (!borrowed)
                {
                    string display = method.ReturnType.ToDisplayString();
                    string element = TypeMapping.SpanElement(method.ReturnType)!.ToDisplayString();
                    sink.Report(Rules.ReturnOwnershipUndeclared, location, method.Name, display, element);
                    problem ??= $"'{method.Name}' returns '{display}' without declared ownership";
                }

                break;
            default:
                if (borrowed)
                {
                    Misplaced($"[return: Borrowed] on '{method.Name}' has no effect: only handles, strings, spans and arrays returned from native memory have an owner", location, sink, ref problem);
                }

                break;
        }

        return new ValueModel(
            "__retVal",
            method.ReturnType.ToDisplayString(TypeMapping.TypeFormat),
            crossing.Kind,
            crossing.NativeType,
            Model.RefKind.None,
            ownership,
            method.ReturnType.NullableAnnotation == NullableAnnotation.Annotated,
            "",
            crossing.ElementType);
    }

    private static ValueModel ReadParameter(IParameterSymbol parameter, ParameterSyntax? syntax, ProblemSink sink, ref string? problem)
    {
        Location? location = syntax?.Type?.GetLocation() ?? parameter.Locations.FirstOrDefault();
        Model.RefKind refKind = parameter.RefKind switch
        {
            Microsoft.CodeAnalysis.RefKind.Ref => Model.RefKind.Ref,
            Microsoft.CodeAnalysis.RefKind.Out => Model.RefKind.Out,
            Microsoft.CodeAnalysis.RefKind.None => Model.RefKind.None,
            _ => Model.RefKind.In, // in, ref readonly
        };

        TypeCrossing crossing = TypeMapping.Classify(parameter.Type);
        if (crossing.Kind == ValueKind.Handle && refKind != Model.RefKind.None)
        {
            crossing = TypeCrossing.Unsupported(
                $"handle parameter '{parameter.Name}' cannot be passed by reference: return the handle instead");
        }
        else if (crossing.Kind == ValueKind.Span && refKind != Model.RefKind.None)
        {
            crossing = TypeCrossing.Unsupported(
                $"span parameter '{parameter.Name}' cannot be passed by reference: pass it by value ('Span<T>' lets native code write the elements)");
        }
        else if (crossing.Kind == ValueKind.String && refKind != Model.RefKind.None)
        {
            crossing = TypeCrossing.Unsupported(
                $"string parameter '{parameter.Name}' cannot be passed by reference: pass it by value, or pass a 'byte*' buffer and its length");
        }

        Report(crossing, location, sink, ref problem);

        ImmutableAttributes attributes = new(parameter.GetAttributes());
        Ownership ownership = Ownership.None;
        if (crossing.Kind == ValueKind.Handle)
        {
            ownership = attributes.Consumed ? Ownership.Consumed : Ownership.Borrowed;
        }
        else if (attributes.Consumed)
        {
            Misplaced($"[Consumed] on '{parameter.Name}' has no effect: only handle parameters passed by value can be consumed", location, sink, ref problem);
        }
        else if (attributes.Borrowed)
        {
            Misplaced($"[Borrowed] on '{parameter.Name}' has no effect: parameters are borrowed by default and only handles have an owner", location, sink, ref problem);
        }

        if (attributes.Retained)
        {
            string? misplaced = RetainedProblem(parameter, crossing.Kind, refKind, attributes.Consumed);
            if (misplaced is null)
            {
                ownership = Ownership.Retained;
            }
            else
            {
                Misplaced(misplaced, location, sink, ref problem);
            }
        }

        string modifiers = syntax is null ? "" : string.Concat(syntax.Modifiers
            .Where(m => m.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword or SyntaxKind.InKeyword
                or SyntaxKind.ReadOnlyKeyword or SyntaxKind.ParamsKeyword or SyntaxKind.ScopedKeyword or SyntaxKind.ThisKeyword)
            .Select(m => m.Text + " "));

        return new ValueModel(
            SymbolFacts.EscapeIdentifier(parameter.Name),
            parameter.Type.ToDisplayString(TypeMapping.TypeFormat),
            crossing.Kind,
            crossing.NativeType,
            refKind,
            ownership,
            parameter.Type.NullableAnnotation == NullableAnnotation.Annotated,
            modifiers,
            crossing.ElementType,
            crossing.Serialized);
    }

    /// <summary>
    /// Native code may keep only native-owned memory, handles (it takes its own reference) and callbacks (SPEC section 2):
    /// <c>[Retained]</c> fits a handle, a pointer or <c>nint</c> (the caller vouches for what it points to, BND2004 checks
    /// the call sites) and a function pointer. Anything the stub converts or pins for the call cannot be kept.
    /// </summary>
    private static string? RetainedProblem(IParameterSymbol parameter, ValueKind kind, Model.RefKind refKind, bool consumed)
    {
        string name = parameter.Name;
        if (kind == ValueKind.Unsupported)
        {
            return null; // already reported as a type that cannot cross
        }

        if (consumed)
        {
            return $"[Retained] and [Consumed] on '{name}' contradict each other: a consumed handle belongs to native code, a retained one stays owned by .NET while native code holds its own reference";
        }

        if (refKind != Model.RefKind.None)
        {
            return $"[Retained] on '{name}', passed by reference: the stub passes the address of a managed or stack location that is only pinned for the call; pass a pointer to native memory instead";
        }

        return kind switch
        {
            ValueKind.Handle => null,
            ValueKind.Blittable when IsPointerLike(parameter.Type) => null,
            ValueKind.String => $"[Retained] on string '{name}': the stub converts it into a temporary UTF-8 buffer freed when the call returns; native code must copy it",
            ValueKind.Span => $"[Retained] on span '{name}': it is pinned only for the call; native code must copy it, or take a pointer to native memory it owns",
            _ => $"[Retained] on '{name}' has no effect: a '{parameter.Type.ToDisplayString()}' is passed by value, so there is nothing native code could keep; only handles, pointers and function pointers can be retained",
        };
    }

    private static bool IsPointerLike(ITypeSymbol type)
        => type is IPointerTypeSymbol or IFunctionPointerTypeSymbol
            || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    private static void Report(TypeCrossing crossing, Location? location, ProblemSink sink, ref string? problem)
    {
        if (crossing.Kind != ValueKind.Unsupported)
        {
            return;
        }

        DiagnosticDescriptor rule = crossing.ProblemRule == RuleIds.StructNotBlittable ? Rules.StructNotBlittable : Rules.TypeCannotCross;
        sink.Report(rule, location, crossing.Problem);
        problem ??= crossing.Problem;
    }

    private static void Misplaced(string message, Location? location, ProblemSink sink, ref string? problem)
    {
        sink.Report(Rules.OwnershipMisplaced, location, message);
        problem ??= message;
    }

    private readonly struct ImmutableAttributes
    {
        public ImmutableAttributes(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
        {
            Borrowed = attributes.Has(KnownNames.Attribute.Borrowed);
            Consumed = attributes.Has(KnownNames.Attribute.Consumed);
            Retained = attributes.Has(KnownNames.Attribute.Retained);
        }

        public bool Borrowed { get; }

        public bool Consumed { get; }

        public bool Retained { get; }
    }
}
