using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Generation;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Declarations;

/// <summary>
/// Reports what is wrong with a [ForeignHandle] class: its shape (BND1006), a missing release function (BND1004), an
/// unusable error-message function (BND1013), and, once the whole compilation is seen, a library that cannot be determined (BND1007).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandleDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.HandleWithoutRelease,
        Rules.HandleTypeShape,
        Rules.HandleLibraryUnknown,
        Rules.HandleErrorMessageInvalid);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var handles = new ConcurrentBag<(HandleModel Model, Location? Location, string Name)>();
            var usages = new ConcurrentBag<HandleUsage>();

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                ImmutableArray<AttributeData> attributes = type.GetAttributes();
                if (attributes.Has(KnownNames.Attribute.ForeignHandle)
                    && HandleReader.Read(type, new ProblemSink(symbolContext.ReportDiagnostic)) is { } handle)
                {
                    handles.Add((handle, type.IdentifierLocation(), type.Name));
                }

                if (attributes.Has(KnownNames.Attribute.ForeignBoundary)
                    && BoundaryReader.Read(type, symbolContext.Compilation.AllowsUnsafe(), ProblemSink.None, symbolContext.CancellationToken) is { } boundary)
                {
                    usages.Add(new HandleUsage(boundary.Library, boundary.Language, boundary.HandleTypes));
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                foreach ((HandleModel model, Location? location, string name) in handles)
                {
                    if (HandleLibraryResolution.Resolve(model, usages.ToList()).Problem is { } problem)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rules.HandleLibraryUnknown, location, name, problem));
                    }
                }
            });
        });
    }
}
