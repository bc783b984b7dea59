using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Versioning;

/// <summary>
/// BND4101/BND4102: each boundary function's native signature (the binding's typed C declaration, without parameter
/// names) against <c>BoundaryAbi.Shipped.txt</c>. Opt-in: without the file nothing is read or reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShippedAbiAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the symbol.</summary>
    public const string SymbolProperty = "Symbol";

    /// <summary>Diagnostic property: the current declaration to record.</summary>
    public const string DeclarationProperty = "Declaration";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ShippedAbiChanged, Rules.ShippedAbiUnrecorded);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AdditionalText? file = start.Options.AdditionalFiles.FirstOrDefault(f => Path.GetFileName(f.Path) == ShippedAbi.FileName);
            if (file?.GetText(start.CancellationToken) is not { } text)
            {
                return;
            }

            ShippedAbi shipped = ShippedAbi.Parse(text);
            BoundaryReads.OnBoundary(start, (symbol, type) => Analyze(symbol, type, shipped));
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol type, ShippedAbi shipped)
    {
        if (BoundaryReads.Get(type, context.Compilation, context.CancellationToken).Model is not { } boundary)
        {
            return;
        }

        Dictionary<string, IMethodSymbol> methods = BoundaryReader.FunctionsByEntryPoint(type, BoundaryReader.EntryPointPrefix(type.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary)!, boundary.Library));
        foreach (FunctionModel function in boundary.Functions)
        {
            if (function.Native is not { } native)
            {
                continue;
            }

            string current = native.TypesOnly();
            string? recorded = shipped.Find(native.Symbol);
            if (recorded == current)
            {
                continue;
            }

            Location? location = methods.TryGetValue(function.EntryPoint, out IMethodSymbol? method) ? method.IdentifierLocation() : null;
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(SymbolProperty, native.Symbol)
                .Add(DeclarationProperty, current);
            context.ReportDiagnostic(recorded is null
                ? Diagnostic.Create(Rules.ShippedAbiUnrecorded, location, properties, $"{type.Name}.{function.Name}", current, ShippedAbi.FileName)
                : Diagnostic.Create(Rules.ShippedAbiChanged, location, properties, $"{type.Name}.{function.Name}", current, ShippedAbi.FileName, recorded));
        }
    }
}
