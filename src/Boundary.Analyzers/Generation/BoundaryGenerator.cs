using System.Collections.Immutable;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Generation;

/// <summary>
/// The pipeline, top to bottom: find [ForeignBoundary] and [ForeignHandle] classes → read them into value-equal
/// models → resolve each handle's library from the boundaries that use it → write stubs and SafeHandles. Every step
/// has a tracking name so tests can prove an unrelated edit leaves it cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BoundaryGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps.</summary>
    public static class Steps
    {
        public const string Boundaries = nameof(Boundaries);
        public const string HandleUsages = nameof(HandleUsages);
        public const string Handles = nameof(Handles);
        public const string ResolvedHandles = nameof(ResolvedHandles);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<BoundaryModel> boundaries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ForeignBoundaryAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => BoundaryReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation.AllowsUnsafe(), ProblemSink.None, ct))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.Boundaries);

        context.RegisterSourceOutput(boundaries, static (spc, boundary) =>
            spc.AddSource(boundary.Location.HintName, StubWriter.Write(boundary)));

        IncrementalValueProvider<EquatableArray<HandleUsage>> usages = boundaries
            .Select(static (b, _) => new HandleUsage(b.Library, b.Language, b.HandleTypes))
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(Steps.HandleUsages);

        IncrementalValuesProvider<HandleModel> handles = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ForeignHandleAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => HandleReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ProblemSink.None))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.Handles);

        IncrementalValuesProvider<ResolvedHandle> resolved = handles
            .Combine(usages)
            .Select(static (pair, _) => HandleLibraryResolution.Resolve(pair.Left, pair.Right))
            .WithTrackingName(Steps.ResolvedHandles);

        context.RegisterSourceOutput(resolved, static (spc, handle) =>
            spc.AddSource(handle.Handle.Location.HintName, HandleWriter.Write(handle)));
    }
}
