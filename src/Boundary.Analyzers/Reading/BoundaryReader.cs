using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Families;
using Boundary.Analyzers.Binding.Families.NotCrossing;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads a [ForeignBoundary] class into a <see cref="BoundaryModel"/> and reports every declaration problem (BND1001,
/// BND1002, BND1003, BND1005, BND1008, BND1012, BND1015; BND3006 and BND3008 through <see cref="ErrorDeclarationReader"/>)
/// to the sink. Returns null when the class itself is unusable (not static partial), because a generated part could then
/// only add errors.
/// </summary>
internal static class BoundaryReader
{
    /// <summary>Part of the path Roslyn gives the trees this generator adds; used to tell our bodies from a user's.</summary>
    public const string GeneratedPathMarker = "Boundary.Analyzers.Generation.BoundaryGenerator";

    /// <param name="type">The class.</param>
    /// <param name="allowUnsafe">Whether the compilation allows unsafe code.</param>
    /// <param name="sink">Where declaration problems go.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="methods">When given, receives the method of each function of the model, in the same order.</param>
    public static BoundaryModel? Read(INamedTypeSymbol type, bool allowUnsafe, ProblemSink sink, CancellationToken cancellationToken, List<IMethodSymbol>? methods = null)
    {
        if (Usable(type, sink) is not ({ } attribute, { } library))
        {
            return null;
        }

        var language = ForeignLanguageKind.FromValue(attribute.Named<int>("Language"));
        var strings = StringConvention.FromValue(attribute.Named<int>("Strings"));
        string prefix = EntryPointPrefix(attribute, library);
        var boundaryShape = ErrorShape.FromValue(attribute.Named<int>("ErrorShape"));
        ErrorEnumModel? errors = ReadErrors(type, attribute, sink);
        if (errors is null && boundaryShape.HasCode)
        {
            sink.Report(Rules.FallibleWithoutMapping, AttributeLocation(attribute, type), $"Every function of '{type.Name}'", boundaryShape.Name);
        }

        string lastError = attribute.Named<string>("LastError") ?? prefix + "last_error";
        LengthType lengths = LengthReading.Boundary(attribute, type, sink, out string? lengthsProblem);
        BufferFreeReader.Declaration bufferFree = BufferFreeReader.Read(type, attribute, lengths, lengthsProblem, sink);
        var runtime = new NativeRuntime(
            attribute.Named<string>("StringFree") ?? prefix + "string_free",
            attribute.Named<string>("BufferFree") ?? prefix + "buffer_free",
            lastError.Length == 0 ? null : lastError,
            attribute.Named<string>("ErrorFree") ?? prefix + "error_free",
            bufferFree.Method is null ? null : bufferFree.Function);

        var types = new TypeReadings();
        var functions = new List<FunctionModel>();
        var handles = new SortedSet<string>(System.StringComparer.Ordinal);
        var releases = new SortedSet<string>(System.StringComparer.Ordinal);
        var facts = new BoundaryFacts(library, prefix, language, strings, attribute.Named<string>("Cancel"));
        var scope = new FunctionScope(library, prefix, language, strings, boundaryShape, errors is not null, allowUnsafe, lengths, lengthsProblem, bufferFree, facts, types, errors);
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || !IsBoundaryFunction(method, sink, out MethodDeclarationSyntax? syntax))
            {
                continue;
            }

            FunctionModel function = ReadFunction(method, syntax, scope, sink);
            functions.Add(function);
            methods?.Add(method);
            foreach (ValueModel value in function.Parameters)
            {
                AddHandle(value, handles);
            }

            AddHandle(function.Return, handles);
            CollectReleases(method, library, releases);
        }

        string? abiVersion = attribute.Named<string>("AbiVersion");
        if (abiVersion is not null && !IsAbiVersion(abiVersion))
        {
            sink.Report(Rules.AbiVersionInvalid, AttributeLocation(attribute, type), $"AbiVersion \"{abiVersion}\" of '{type.Name}' is not MAJOR.MINOR (for example \"2.1\"): the first call compares the library's major version for equality and its minor version for at least this one");
            abiVersion = null;
        }

        string? versionFunction = abiVersion is null ? null : attribute.Named<string>("AbiVersionFunction") ?? prefix + "abi_version";
        var check = new LibraryCheck(releases.ToEquatableArray(), abiVersion, versionFunction);

        return new BoundaryModel(
            SymbolFacts.LocationOf(type, "Boundary"),
            library,
            language,
            strings,
            functions.ToEquatableArray(),
            handles.ToEquatableArray(),
            runtime,
            errors,
            check);
    }

    /// <summary>
    /// Reports only the problems that stop generation, as <see cref="Read"/> would: the library name, the class and the
    /// boundary's other export names (BND1001, BND1012, BND1016), each method's shape (BND1002); the generator reports these when they leave a
    /// compiler error (<see cref="Generation.DeclarationProblems"/>).
    /// </summary>
    public static void CheckDeclarationShape(INamedTypeSymbol type, ProblemSink sink, CancellationToken cancellationToken)
    {
        if (Usable(type, sink) is (null, _) or (_, null))
        {
            return;
        }

        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (method.MethodKind == MethodKind.Ordinary)
            {
                IsBoundaryFunction(method, sink);
            }
        }
    }

    /// <summary>
    /// The [ForeignBoundary] attribute and library of a class the generator can complete, or nulls after reporting why
    /// it cannot (the library name, the class's shape, the boundary's other export names).
    /// </summary>
    private static (AttributeData? Attribute, string? Library) Usable(INamedTypeSymbol type, ProblemSink sink)
    {
        AttributeData? attribute = type.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary);
        if (attribute is null || attribute.ConstructorArguments.Length != 1)
        {
            return (null, null);
        }

        if (attribute.ConstructorArguments[0].Value is not string library || NameProblem(library) is not null)
        {
            string what = attribute.ConstructorArguments[0].Value is string named ? NameProblem(named)! : "is null";
            sink.Report(Rules.BoundaryClassShape, AttributeLocation(attribute, type), type.Name, $"names no usable library: the library name {what}; give the name the loader takes (\"geo\" for libgeo.so)");
            return (null, null);
        }

        return CheckClassShape(type, sink) && DeclaredNames.CheckBoundary(attribute, type, sink) ? (attribute, library) : (null, null);
    }

    private static void AddHandle(ValueModel value, SortedSet<string> handles)
    {
        if (value.Family.HandleType(value) is { } handle)
        {
            handles.Add(handle);
        }
    }

    /// <summary>The release functions of the handles <paramref name="method"/> hands out or takes, where they are this library's.</summary>
    private static void CollectReleases(IMethodSymbol method, string library, SortedSet<string> releases)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            CollectRelease(parameter.Type, library, releases);
        }

        CollectRelease(method.ReturnType, library, releases);
    }

    private static void CollectRelease(ITypeSymbol declared, string library, SortedSet<string> releases)
    {
        ITypeSymbol type = declared is INamedTypeSymbol { IsGenericType: true } generic && Binding.Families.Async.AsyncFamily.IsTask(generic)
            ? generic.TypeArguments[0]
            : declared;
        if (type.GetAttributes().Find(KnownNames.Attribute.ForeignHandle) is { } handle
            && DeclaredNames.Release(handle) is { } release
            && (handle.Named<string>("Library") is not { } own || own == library))
        {
            releases.Add(release);
        }
    }

    /// <summary>Why <paramref name="name"/> cannot name a library or an export (empty, blank, a NUL or a line break in it), or null.</summary>
    internal static string? NameProblem(string name)
        => name.Length == 0 ? "is empty"
            : name.Trim().Length == 0 ? "is blank"
            : name.IndexOf('\0') >= 0 ? "contains a NUL character"
            : name.IndexOfAny(new[] { '\n', '\r' }) >= 0 ? "contains a line break"
            : null;

    /// <summary>Whether <paramref name="text"/> is <c>MAJOR.MINOR</c> (non-negative integers).</summary>
    private static bool IsAbiVersion(string text)
    {
        string[] parts = text.Split('.');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.Length < 10 && p.All(c => c >= '0' && c <= '9'));
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
            HandleShape.IsFileLocal(type) ? "must not be file-local ('file'): the generated part is another file, which a file-local type cannot span" :
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
    public static bool IsBoundaryFunction(IMethodSymbol method, ProblemSink sink) => IsBoundaryFunction(method, sink, out _);

    /// <summary><see cref="IsBoundaryFunction(IMethodSymbol, ProblemSink)"/>, with the declaration it read when the method is one.</summary>
    public static bool IsBoundaryFunction(IMethodSymbol method, ProblemSink sink, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MethodDeclarationSyntax? declaration)
    {
        // One syntax reference: DeclaringSyntaxReferences builds a new array on every call.
        var syntax = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax;
        declaration = null;
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
        else if (!isPartial && (method.GetAttributes().Has(KnownNames.Attribute.ForeignFunction) || method.GetAttributes().Has(KnownNames.Attribute.BufferFree)))
        {
            problem = hasBody ? "has a body: declare it 'static partial' without a body" : "must be declared 'static partial'";
        }
        else if (method.IsPartialDefinition && method.IsGenericMethod)
        {
            problem = "must not be generic";
        }
        else if (isPartial && !method.IsStatic)
        {
            problem = "must be declared 'static'";
        }

        if (problem is not null)
        {
            sink.Report(Rules.BoundaryMethodShape, method.IdentifierLocation(), method.Name, problem);
            return false;
        }

        declaration = syntax;
        return method.IsPartialDefinition && syntax is not null;
    }

    private static bool IsGenerated(IMethodSymbol implementation)
        => implementation.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.Contains(GeneratedPathMarker));

    /// <summary>What a boundary decides for all its functions.</summary>
    private sealed record FunctionScope(
        string Library,
        string Prefix,
        ForeignLanguageKind Language,
        StringConvention Strings,
        ErrorShape Shape,
        bool HasErrors,
        bool AllowUnsafe,
        LengthType Lengths,
        string? LengthsProblem,
        BufferFreeReader.Declaration BufferFree,
        BoundaryFacts Facts,
        TypeReadings Types,
        ErrorEnumModel? Errors = null);

    private static FunctionModel ReadFunction(IMethodSymbol method, MethodDeclarationSyntax syntax, FunctionScope scope, ProblemSink sink)
    {
        string? problem = null;

        Location returnLocation = syntax.ReturnType.GetLocation();
        ValueModel returnValue = ReadReturn(method, returnLocation, scope.Types, sink, ref problem);
        returnValue = Refine(returnValue, method, null, returnLocation, sink, scope.Facts, null, ref problem);
        var parameters = new List<ValueModel>(method.Parameters.Length);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            ParameterSyntax? parameterSyntax = SyntaxOf(parameter, syntax);
            Location? location = parameterSyntax?.Type?.GetLocation() ?? parameter.Locations.FirstOrDefault();
            ValueModel value = ReadParameter(method, parameter, parameterSyntax, location, scope, sink, ref problem);
            DirectionAttributes.Check(method, parameter, sink, ref problem);
            parameters.Add(Refine(value, method, parameter, location, sink, scope.Facts, returnValue, ref problem));
        }

        // Owned buffers are freed by the boundary's free function, which must fit them (BND1012).
        if (Sequences.FreedByBoundary(returnValue))
        {
            BufferFreeReader.CheckUse(scope.BufferFree, method, returnValue, returnLocation, sink, ref problem);
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (Sequences.FreedByBoundary(parameters[i]))
            {
                ParameterSyntax? parameterSyntax = SyntaxOf(method.Parameters[i], syntax);
                BufferFreeReader.CheckUse(scope.BufferFree, method, parameters[i], parameterSyntax?.Type?.GetLocation(), sink, ref problem);
            }
        }

        // A [BufferFree] method cannot fail: it has no error shape, whatever the boundary's (BND1012 reports one it declares).
        bool isBufferFree = scope.BufferFree.IsFree(method);
        if (isBufferFree && scope.BufferFree.MethodProblems.TryGetValue(method, out string? freeProblem))
        {
            problem ??= freeProblem;
        }

        for (int i = 1; isBufferFree && i < parameters.Count; i++)
        {
            // Its lengths are lengths: 'nuint' is size_t there, not uintptr_t.
            parameters[i] = parameters[i] with { Native = scope.Lengths.Native };
        }

        AttributeData? function = method.GetAttributes().Find(KnownNames.Attribute.ForeignFunction);
        string entryPoint = EntryPoint(method, scope.Prefix);
        if (NameProblem(entryPoint) is { } exportProblem)
        {
            string message = $"names no usable export: the symbol {exportProblem}; give the exported name, spelled exactly";
            sink.Report(Rules.BoundaryMethodShape, method.IdentifierLocation(), method.Name, message);
            problem ??= $"'{method.Name}' {message}";
        }

        int ownShape = function?.NamedOr("ErrorShape", ErrorShape.Inherit) ?? ErrorShape.Inherit;
        ErrorShape errorShape = isBufferFree ? ErrorShape.None : ownShape == ErrorShape.Inherit ? scope.Shape : ErrorShape.FromValue(ownShape);
        if (ownShape != ErrorShape.Inherit && !scope.HasErrors && errorShape.HasCode)
        {
            sink.Report(Rules.FallibleWithoutMapping, method.IdentifierLocation(), $"'{method.Name}'", errorShape.Name);
        }

        // A task's error shape applies to what it completes with.
        ErrorDeclaration errorDetails = ErrorDeclarationReader.Read(method, errorShape, function, returnValue.Async?.Result ?? returnValue, parameters, scope.Errors, scope.Library, sink, ref problem);

        string modifiers = Modifiers(syntax.Modifiers, separator: true, static kind => kind is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword
            or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword or SyntaxKind.StaticKeyword or SyntaxKind.UnsafeKeyword
            or SyntaxKind.NewKeyword or SyntaxKind.PartialKeyword);

        if (!scope.AllowUnsafe && problem is null && UnsafeReason(parameters, returnValue, errorShape) is { } reason)
        {
            sink.Report(Rules.UnsafeCodeDisabled, method.IdentifierLocation(), method.Name, reason);
            problem = $"'{method.Name}' {reason}, which needs unsafe code: set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project";
        }

        EquatableArray<ValueModel> values = parameters.ToEquatableArray();
        NativeSignature? native = problem is null
            ? NativeSignatures.Bind(returnValue, values, errorShape, new StubContext(scope.Library, entryPoint, scope.Language, scope.Strings, values, scope.BufferFree.Method is null ? null : scope.BufferFree.Function, ReturnName: returnValue.Name), returnValue.Async is null ? errorDetails : errorDetails with { Message = null })
            : null;
        return new FunctionModel(modifiers, SymbolFacts.EscapeIdentifier(method.Name), entryPoint, returnValue, values, problem, errorShape, native,
            errorDetails == ErrorDeclaration.None ? null : errorDetails);
    }

    /// <summary>
    /// The texts of the <paramref name="modifiers"/> of the kinds <paramref name="keep"/> accepts, in order: separated by
    /// a space (a function's: <c>public static partial</c>), or each followed by one (a parameter's: <c>ref </c>). A
    /// keyword's text follows from its kind, so the text of up to four is kept per sequence of kinds and shared: a large
    /// boundary reads thousands of declarations that all say the same.
    /// </summary>
    private static string Modifiers(SyntaxTokenList modifiers, bool separator, System.Func<SyntaxKind, bool> keep)
    {
        ulong kinds = 0;
        int count = 0;
        foreach (SyntaxToken modifier in modifiers)
        {
            if (keep(modifier.Kind()))
            {
                kinds = (kinds << 16) | (ushort)modifier.Kind();
                count++;
            }
        }

        if (count == 0)
        {
            return "";
        }

        if (count > 4)
        {
            return ModifierText(modifiers, separator, keep);
        }

        System.Collections.Concurrent.ConcurrentDictionary<ulong, string> texts = separator ? SeparatedModifiers : TrailedModifiers;
        return texts.TryGetValue(kinds, out string? text) ? text : texts.GetOrAdd(kinds, ModifierText(modifiers, separator, keep));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, string> SeparatedModifiers = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, string> TrailedModifiers = new();

    private static string ModifierText(SyntaxTokenList modifiers, bool separator, System.Func<SyntaxKind, bool> keep)
    {
        var text = new System.Text.StringBuilder();
        foreach (SyntaxToken modifier in modifiers)
        {
            if (keep(modifier.Kind()))
            {
                text.Append(separator && text.Length > 0 ? " " : "").Append(modifier.Text).Append(separator ? "" : " ");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The declaration of a boundary function's parameter, from the function's own declaration: the same node as the
    /// parameter's <c>DeclaringSyntaxReferences</c>, which build a new array on every call (a large boundary asks thousands of times).
    /// </summary>
    private static ParameterSyntax? SyntaxOf(IParameterSymbol parameter, MethodDeclarationSyntax method)
        => parameter.Ordinal < method.ParameterList.Parameters.Count ? method.ParameterList.Parameters[parameter.Ordinal] : null;

    /// <summary>A family's reading of what the declaration adds beyond the type; the first problem is kept.</summary>
    private static ValueModel Refine(ValueModel value, IMethodSymbol method, IParameterSymbol? parameter, Location? location, ProblemSink sink, BoundaryFacts facts, ValueModel? functionReturn, ref string? problem)
    {
        if (!value.Family.Refines)
        {
            return value; // most values: a reading would be built for nothing
        }

        var reading = new ValueReading(method, parameter, location, sink, facts, functionReturn);
        ValueModel refined = value.Family.Refine(value, reading);
        problem ??= reading.Problem;
        return refined;
    }

    /// <summary>What makes the stub need pointers, or null; the same facts that make the generator write <c>unsafe</c>.</summary>
    private static string? UnsafeReason(List<ValueModel> parameters, ValueModel returnValue, ErrorShape errorShape)
    {
        foreach (ValueModel parameter in parameters)
        {
            if (parameter.Family.UnsafeReason(parameter) is { } reason)
            {
                return reason;
            }
        }

        if (returnValue.Family.UnsafeReason(returnValue) is { } returned)
        {
            return returned;
        }

        bool byReference = false;
        bool pins = false;
        foreach (ValueModel parameter in parameters)
        {
            byReference |= parameter.RefKind != Model.RefKind.None;
            pins |= parameter.Family.PinsArgument;
        }

        return byReference ? "passes values by reference"
            : pins ? "pins string or span arguments"
            : returnValue.Family.ReturnReadsNativeMemory ? "reads native memory it returns"
            : errorShape.UsesPointers ? "reads native error results"
            : null;
    }

    private static ValueModel ReadReturn(IMethodSymbol method, Location location, TypeReadings types, ProblemSink sink, ref string? problem)
    {
        TypeCrossing crossing = method.ReturnsByRef || method.ReturnsByRefReadonly
            ? TypeCrossing.Unsupported($"'{method.Name}' returns by reference, which cannot cross a native boundary: return the value, or a pointer")
            : types.Classify(method.ReturnType, Position.Return);
        Report(crossing, location, sink, ref problem);

        CrossingFamily family = crossing.Family ?? NoFamily.Instance;
        var reading = new HandOutReading(method, null, crossing, method.GetReturnTypeAttributes().Has(KnownNames.Attribute.Borrowed), location, sink);
        Ownership ownership = family.HandOutOwnership(reading);
        problem ??= reading.Problem;

        return ValueModels.ByValue(ReturnName(method), method.ReturnType, types.Name(method.ReturnType), crossing, ownership);
    }

    /// <summary>
    /// The local the stub keeps the result in: <c>__retVal</c>, unless a parameter's locals (<c>__</c>, its name, a suffix
    /// such as <c>_native</c>) could take that name or one derived from it (a parameter named <c>retVal</c>, found by the
    /// mutation fuzz test); then <c>__retVal0</c>, <c>__retVal1</c>, ...
    /// </summary>
    private static string ReturnName(IMethodSymbol method)
    {
        string name = ReturnValueName;
        for (int i = 0; ClashesWithParameter(method, name); i++)
        {
            name = ReturnValueName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ReferenceEquals(name, ReturnValueName) ? Generation.Emit.Names.ReturnValue : "__" + name;
    }

    /// <summary><see cref="Generation.Emit.Names.ReturnValue"/> without its leading <c>__</c>.</summary>
    private static readonly string ReturnValueName = Generation.Emit.Names.ReturnValue.Substring(2);

    private static bool ClashesWithParameter(IMethodSymbol method, string name)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            string other = parameter.Name;
            if (other == name
                || (other.Length > name.Length && other[name.Length] == '_' && other.StartsWith(name, System.StringComparison.Ordinal))
                || (name.Length > other.Length && name[other.Length] == '_' && name.StartsWith(other, System.StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static ValueModel ReadParameter(IMethodSymbol method, IParameterSymbol parameter, ParameterSyntax? syntax, Location? location, FunctionScope scope, ProblemSink sink, ref string? problem)
    {
        Model.RefKind refKind = parameter.RefKind switch
        {
            Microsoft.CodeAnalysis.RefKind.Ref => Model.RefKind.Ref,
            Microsoft.CodeAnalysis.RefKind.Out => Model.RefKind.Out,
            Microsoft.CodeAnalysis.RefKind.None => Model.RefKind.None,
            _ => Model.RefKind.In, // in, ref readonly
        };

        // An out parameter hands a value out, like a return: families classify it at that position.
        TypeCrossing crossing = scope.Types.Classify(parameter.Type, refKind == Model.RefKind.Out ? Position.Out : Position.Parameter);
        if (refKind != Model.RefKind.None && crossing.Family?.ByReferenceProblem(parameter.Name, refKind) is { } byReference)
        {
            crossing = TypeCrossing.Unsupported(byReference);
        }

        Report(crossing, location, sink, ref problem);

        CrossingFamily family = crossing.Family ?? NoFamily.Instance;
        ImmutableAttributes attributes = new(parameter.GetAttributes());
        Ownership ownership = Ownership.None;
        if (refKind == Model.RefKind.Out)
        {
            if (attributes.Consumed)
            {
                Misplaced($"[Consumed] on '{parameter.Name}' has no effect: only handle parameters passed by value can be consumed", location, sink, ref problem);
            }

            var reading = new HandOutReading(method, parameter, crossing, attributes.Borrowed, location, sink);
            ownership = family.HandOutOwnership(reading);
            problem ??= reading.Problem;
        }
        else if (family.HasParameterOwner)
        {
            ownership = family.ParameterOwnership(attributes.Consumed);
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
            string? misplaced = RetainedProblem(parameter, crossing.Family, refKind, attributes.Consumed);
            if (misplaced is null)
            {
                ownership = Ownership.Retained;
            }
            else
            {
                Misplaced(misplaced, location, sink, ref problem);
            }
        }

        LengthType? length = LengthReading.Parameter(parameter, crossing.Family, refKind, scope.Strings, scope.Lengths, scope.LengthsProblem, sink, ref problem);

        string modifiers = syntax is null ? "" : Modifiers(syntax.Modifiers, separator: false, static kind => kind is SyntaxKind.RefKeyword
            or SyntaxKind.OutKeyword or SyntaxKind.InKeyword or SyntaxKind.ReadOnlyKeyword or SyntaxKind.ParamsKeyword
            or SyntaxKind.ScopedKeyword or SyntaxKind.ThisKeyword);

        return new ValueModel(
            SymbolFacts.EscapeIdentifier(parameter.Name),
            scope.Types.Name(parameter.Type),
            family,
            crossing.NativeType,
            crossing.Native,
            refKind,
            ownership,
            parameter.Type.NullableAnnotation == NullableAnnotation.Annotated,
            modifiers,
            crossing.ElementType,
            crossing.Serialized,
            length);
    }

    /// <summary>
    /// Native code may keep only native-owned memory, handles (it takes its own reference) and callbacks (SPEC section 2):
    /// <c>[Retained]</c> fits a handle, a pointer or <c>nint</c> (the caller vouches for what it points to, BND2004 checks
    /// the call sites) and a function pointer; each family says what it allows. Anything the stub converts or pins for
    /// the call cannot be kept.
    /// </summary>
    private static string? RetainedProblem(IParameterSymbol parameter, CrossingFamily? family, Model.RefKind refKind, bool consumed)
    {
        string name = parameter.Name;
        if (family is null)
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

        return family.RetainedProblem(parameter);
    }

    private static void Report(TypeCrossing crossing, Location? location, ProblemSink sink, ref string? problem)
    {
        if (crossing.CanCross)
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
