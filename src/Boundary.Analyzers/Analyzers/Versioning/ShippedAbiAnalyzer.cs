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
        BoundaryRead read = BoundaryReads.Get(type, context.Compilation, context.CancellationToken);
        if (read.Model is not { } boundary)
        {
            return;
        }

        for (int i = 0; i < boundary.Functions.Count; i++)
        {
            if (boundary.Functions[i].Native is not { } native)
            {
                continue;
            }

            string? recorded = shipped.Find(native.Symbol);
            if (recorded is not null && native.HasTypesOnly(recorded))
            {
                continue;
            }

            FunctionModel function = boundary.Functions[i];
            string current = native.TypesOnly();
            Location? location = read.Methods[i].IdentifierLocation();
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(SymbolProperty, native.Symbol)
                .Add(DeclarationProperty, current);
            context.ReportDiagnostic(recorded is null
                ? Diagnostic.Create(Rules.ShippedAbiUnrecorded, location, properties, $"{type.Name}.{function.Name}", current, ShippedAbi.FileName)
                : Diagnostic.Create(Rules.ShippedAbiChanged, location, properties, $"{type.Name}.{function.Name}", current, ShippedAbi.FileName, recorded));
        }
    }
}
