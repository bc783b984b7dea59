using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Contracts;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Contracts;

/// <summary>
/// The build-time contract check: compares every bound boundary function's native signature (the C declaration its
/// stub calls) with the library's header or Rust source given as <c>AdditionalFiles</c> (BND4001–BND4007). Without such
/// files it registers nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    internal const string PositionProperty = "Position";
    internal const string ManagedTypeProperty = "ManagedType";
    internal const string DeclarationProperty = "Declaration";

    private static readonly SymbolDisplayFormat MethodFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType)
        .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.NativeFunctionMissing,
        Rules.NativeArityMismatch,
        Rules.NativeWidthMismatch,
        Rules.NativePointerLevelMismatch,
        Rules.NativeStructLayoutMismatch,
        Rules.NativeErrorCodeMismatch,
        Rules.NativeExportUndeclared);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            Dictionary<string, NativeContract> contracts = ContractFiles.Read(start.Options, start.CancellationToken);
            if (contracts.Count == 0)
            {
                return;
            }

            var state = new State(contracts);
            start.RegisterSymbolAction(symbol => NameHandleExports(symbol, state), SymbolKind.NamedType);
            BoundaryReads.OnBoundary(start, (symbol, type) => Analyze(symbol, type, state));
            start.RegisterCompilationEndAction(end => ReportUndeclared(end, state));
        });
    }

    private sealed class State
    {
        public State(Dictionary<string, NativeContract> contracts) => Contracts = contracts;

        public Dictionary<string, NativeContract> Contracts { get; }

        /// <summary>Exports something declares or names (entry points, release and free functions, cancel exports).</summary>
        public ConcurrentDictionary<string, bool> Named { get; } = new(System.StringComparer.Ordinal);

        public ConcurrentBag<(INamedTypeSymbol Type, string Library, string Prefix)> Boundaries { get; } = new();

        /// <summary>Structs and enums already compared (several boundaries may use one).</summary>
        public ConcurrentDictionary<ISymbol, bool> Checked { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>The exports a [ForeignHandle] type names (its release); a boundary's are named by <see cref="Analyze"/>.</summary>
    private static void NameHandleExports(SymbolAnalysisContext context, State state)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        ImmutableArray<AttributeData> attributes = type.GetAttributes();
        if (attributes.Has(KnownNames.Attribute.ForeignHandle) && !attributes.Has(KnownNames.Attribute.ForeignBoundary))
        {
            foreach (string name in MentionedNames(type))
            {
                state.Named[name] = true;
            }
        }
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol type, State state)
    {
        foreach (string name in MentionedNames(type))
        {
            state.Named[name] = true;
        }

        BoundaryRead read = BoundaryReads.Get(type, context.Compilation, context.CancellationToken);
        if (read.Model is not { } model || !state.Contracts.TryGetValue(model.Library, out NativeContract? contract))
        {
            return;
        }

        AttributeData attribute = type.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary)!;
        string prefix = BoundaryReader.EntryPointPrefix(attribute, model.Library);
        state.Boundaries.Add((type, model.Library, prefix));
        foreach (string name in new[] { model.Runtime.StringFree, model.Runtime.BufferFree, model.Runtime.ErrorFree, prefix + "cancel" })
        {
            state.Named[name] = true;
        }

        // Every partial method names its export, also one whose declaration has a problem (and so is not in the model);
        // the read's methods come in the order of the members, so the model's entry points serve where it has them.
        int next = 0;
        foreach (ISymbol member in type.GetMembers())
        {
            if (next < read.Methods.Length && SymbolEqualityComparer.Default.Equals(member, read.Methods[next]))
            {
                state.Named[model.Functions[next++].EntryPoint] = true;
            }
            else if (member is IMethodSymbol { IsPartialDefinition: true } method)
            {
                state.Named[BoundaryReader.EntryPoint(method, prefix)] = true;
            }
        }

        for (int i = 0; i < model.Functions.Count; i++)
        {
            FunctionModel function = model.Functions[i];
            if (function.Native is { } native)
            {
                IMethodSymbol method = read.Methods[i];
                CheckFunction(context, contract, native, method, Lengths(function, method));
                CheckStructs(context, state, contract, method);
            }
        }

        if (attribute.Named<ITypeSymbol>("Errors") is INamedTypeSymbol { TypeKind: TypeKind.Enum } errors && state.Checked.TryAdd(errors, true))
        {
            CheckErrors(context, contract, errors, prefix, model.Library);
        }
    }

    /// <summary>The stub's native parameters that are lengths by construction: the length and capacity the binding adds
    /// for a span, string or buffer (named by <see cref="NativeNames"/>), and a <c>[BufferFree]</c> function's integers
    /// after its pointer.</summary>
    private static HashSet<string> Lengths(FunctionModel function, IMethodSymbol method)
    {
        HashSet<string>? names = null;
        foreach (ValueModel value in function.Parameters)
        {
            AddLengths(value, ref names);
        }

        AddLengths(function.Return, ref names);
        if (method.GetAttributes().Has(KnownNames.Attribute.BufferFree))
        {
            names ??= new HashSet<string>(System.StringComparer.Ordinal);
            foreach (IParameterSymbol parameter in method.Parameters.Skip(1))
            {
                names.Add(parameter.Name.TrimStart('@'));
            }
        }

        return names ?? NoLengths;
    }

    /// <summary>The lengths of a function without any (most): never added to.</summary>
    private static readonly HashSet<string> NoLengths = new(System.StringComparer.Ordinal);

    private static void AddLengths(ValueModel value, ref HashSet<string>? names)
    {
        if (value.Length is not null)
        {
            names ??= new HashSet<string>(System.StringComparer.Ordinal);
            names.Add(NativeNames.Length(value));
            names.Add(NativeNames.Capacity(value));
        }
    }

    private static void CheckFunction(SymbolAnalysisContext context, NativeContract contract, NativeSignature native, IMethodSymbol method, HashSet<string> lengths)
    {
        // Displayed only in a diagnostic: most functions agree with their contract, and formatting each would cost more than comparing it.
        string CSharp() => "C#: " + method.ToDisplayString(MethodFormat);
        if (!contract.Functions.TryGetValue(native.Symbol, out NativeFunction? actual))
        {
            if (contract.HasMacroExports)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rules.NativeFunctionMissing, method.IdentifierLocation(), CSharp(), native.Symbol, contract.Language));
            return;
        }

        string Other() => contract.Language + ": " + actual.Declaration;
        if (native.Parameters.Count != actual.Parameters.Count)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rules.NativeArityMismatch, method.IdentifierLocation(), CSharp(), Other(), native.ToString(), native.Parameters.Count, actual.Parameters.Count));
            return;
        }

        foreach (Mismatch mismatch in ContractComparer.Compare(native, actual, lengths))
        {
            string what;
            Location? location = method.IdentifierLocation();
            var properties = ImmutableDictionary<string, string?>.Empty;
            CType expectedType;
            CType actualType = mismatch.Position < 0 ? actual.Return.Type : actual.Parameters[mismatch.Position].Type;
            if (mismatch.Position < 0)
            {
                what = "the return value";
                expectedType = native.Return;
                if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax)
                {
                    location = syntax.ReturnType.GetLocation();
                }

                properties = Fixable(method.ReturnType, expectedType, actualType, properties, "-1");
            }
            else
            {
                NativeParameter parameter = native.Parameters[mismatch.Position];
                expectedType = parameter.Type;
                what = $"parameter {mismatch.Position + 1} '{parameter.Name}'";
                if (method.Parameters.FirstOrDefault(p => p.Name == parameter.Name) is { } managed)
                {
                    if (managed.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax { Type: { } parameterType })
                    {
                        location = parameterType.GetLocation();
                    }

                    if (managed.RefKind == Microsoft.CodeAnalysis.RefKind.None)
                    {
                        properties = Fixable(managed.Type, expectedType, actualType, properties, method.Parameters.IndexOf(managed).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            DiagnosticDescriptor rule = mismatch.Kind == MismatchKind.PointerLevel ? Rules.NativePointerLevelMismatch : Rules.NativeWidthMismatch;
            context.ReportDiagnostic(Diagnostic.Create(rule, location, properties, CSharp(), Other(), what, mismatch.Detail));
        }
    }

    /// <summary>A plain number whose native type has a C# spelling: the fix can change it.</summary>
    private static ImmutableDictionary<string, string?> Fixable(ITypeSymbol managed, CType expected, CType actual, ImmutableDictionary<string, string?> properties, string position)
    {
        if (managed.SpecialType is < SpecialType.System_SByte or > SpecialType.System_Double || !Equals(CTypes.Of(managed), expected)
            || ManagedTypes.Keyword(actual) is not { } keyword)
        {
            return properties;
        }

        return properties.Add(PositionProperty, position).Add(ManagedTypeProperty, keyword);
    }

    private static void CheckStructs(SymbolAnalysisContext context, State state, NativeContract contract, IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            CheckStruct(context, state, contract, parameter.Type);
        }

        CheckStruct(context, state, contract, method.ReturnType);
    }

    private static void CheckStruct(SymbolAnalysisContext context, State state, NativeContract contract, ITypeSymbol type)
    {
        if (StructOf(type) is not { } structType || !contract.Structs.TryGetValue(structType.Name, out NativeStruct? native)
            || !state.Checked.TryAdd(structType, true))
        {
            return;
        }

        if (structType.GetAttributes().Any(a => a.AttributeClass?.Name == "StructLayoutAttribute" && a.ConstructorArguments.Length == 1
            && a.ConstructorArguments[0].Value is int kind && kind == (int)System.Runtime.InteropServices.LayoutKind.Explicit))
        {
            return;
        }

        var fields = structType.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).ToList();
        string csharp = $"C#: struct {structType.Name} {{ {string.Join("; ", fields.Select(f => f.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + f.Name))}; }}";
        string other = $"{contract.Language}: struct {native.Name} {{ {string.Join("; ", native.Fields.Select(f => f.Text))}; }}";
        string? problem = null;
        if (fields.Count != native.Fields.Count)
        {
            problem = $"{fields.Count} fields against {native.Fields.Count}";
        }
        else
        {
            for (int i = 0; i < fields.Count && problem is null; i++)
            {
                if (ContractComparer.Compare(CTypes.Of(fields[i].Type), native.Fields[i].Type) is { } mismatch)
                {
                    problem = $"field {i + 1} '{fields[i].Name}' is {mismatch.Detail}";
                }
            }
        }

        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rules.NativeStructLayoutMismatch, structType.IdentifierLocation(), csharp, other, problem));
        }
    }

    private static INamedTypeSymbol? StructOf(ITypeSymbol type)
    {
        while (true)
        {
            switch (type)
            {
                case IPointerTypeSymbol pointer:
                    type = pointer.PointedAtType;
                    continue;
                case IArrayTypeSymbol array:
                    type = array.ElementType;
                    continue;
                case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic:
                    type = generic.TypeArguments[0];
                    continue;
                case INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None, IsGenericType: false } named:
                    return named;
                default:
                    return null;
            }
        }
    }

    private static void CheckErrors(SymbolAnalysisContext context, NativeContract contract, INamedTypeSymbol errors, string prefix, string library)
    {
        string[] prefixes = { "", Normalize(prefix), Normalize(library) };
        var byName = new Dictionary<string, List<(string Name, long Value)>>(System.StringComparer.Ordinal);
        foreach (KeyValuePair<string, long> constant in contract.Constants)
        {
            string normalized = Normalize(constant.Key);
            foreach (string p in prefixes.Distinct())
            {
                foreach (string infix in new[] { "", "ERR", "ERROR", "E" })
                {
                    string start = p + infix;
                    if ((start.Length == 0 || normalized.StartsWith(start, System.StringComparison.Ordinal)) && normalized.Length > start.Length)
                    {
                        string key = normalized.Substring(start.Length);
                        if (!byName.TryGetValue(key, out var list))
                        {
                            byName[key] = list = new List<(string, long)>();
                        }

                        if (!list.Contains((constant.Key, constant.Value)))
                        {
                            list.Add((constant.Key, constant.Value));
                        }
                    }
                }
            }
        }

        foreach (IFieldSymbol member in errors.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            if (!byName.TryGetValue(Normalize(member.Name), out var candidates) || candidates.Select(c => c.Value).Distinct().Count() != 1)
            {
                continue; // no constant of that name, or several that disagree with each other: nothing certain to say
            }

            long value = ErrorEnumReader.ToLong(member.ConstantValue);
            if (candidates[0].Value != value)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.NativeErrorCodeMismatch, member.Locations.FirstOrDefault(),
                    $"C#: {errors.Name}.{member.Name} = {value}", $"{contract.Language}: {candidates[0].Name} = {candidates[0].Value}"));
            }
        }
    }

    private static string Normalize(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    private static IEnumerable<string> MentionedNames(INamedTypeSymbol type)
    {
        foreach (ISymbol symbol in type.GetMembers().Append(type))
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                foreach (TypedConstant argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.Value)))
                {
                    if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string text)
                    {
                        yield return text;
                    }
                }
            }
        }
    }

    private static void ReportUndeclared(CompilationAnalysisContext context, State state)
    {
        var boundaries = state.Boundaries.OrderBy(b => b.Type.Name, System.StringComparer.Ordinal).ToList();
        foreach (IGrouping<string, (INamedTypeSymbol Type, string Library, string Prefix)> library in boundaries.GroupBy(b => b.Library))
        {
            NativeContract contract = state.Contracts[library.Key];
            // Sorted for a stable order of reports; only what nothing names (usually nothing) needs sorting.
            foreach (NativeFunction function in contract.Functions.Values.Where(f => !state.Named.ContainsKey(f.Name)).OrderBy(f => f.Name, System.StringComparer.Ordinal))
            {

                var owner = library.Where(b => function.Name.StartsWith(b.Prefix, System.StringComparison.Ordinal))
                    .OrderByDescending(b => b.Prefix.Length).FirstOrDefault();
                if (owner.Type is null)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                if (ManagedTypes.Declaration(function, owner.Prefix) is { } declaration)
                {
                    properties = properties.Add(DeclarationProperty, declaration);
                }

                context.ReportDiagnostic(Diagnostic.Create(Rules.NativeExportUndeclared, owner.Type.IdentifierLocation(), properties,
                    owner.Type.Name, $"{contract.Language}: {function.Declaration}"));
            }
        }
    }
}
