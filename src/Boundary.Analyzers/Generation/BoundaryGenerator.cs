using System.Linq;
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
        public const string DeclarationProblems = nameof(DeclarationProblems);
    }

    /// <summary>The MSBuild property (made visible to the compiler by the package's props) set in IDE and <c>dotnet format</c> builds.</summary>
    public const string DesignTimeBuildOption = "build_property.DesignTimeBuild";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<BoundaryModel> boundaries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ForeignBoundaryAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => IsFirstAttributed(ctx)
                    ? BoundaryReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation.AllowsUnsafe(), ProblemSink.None, ct)
                    : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.Boundaries);

        context.RegisterSourceOutput(boundaries, static (spc, boundary) =>
            AddSource(spc, boundary.Location, StubWriter.Write(boundary)));

        // Design-time builds (the IDE, dotnet format) always run the analyzers, which report these problems there.
        IncrementalValueProvider<BuildKind> build = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => BuildKind.Of(options.GlobalOptions));
        IncrementalValuesProvider<DeclarationProblemSet> problems = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ForeignBoundaryAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => IsFirstAttributed(ctx)
                    ? DeclarationProblemSet.Of(DeclarationProblems.Find((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation, ct))
                    : null)
            .Where(static found => found is not null)
            .Select(static (found, _) => found!)
            .WithTrackingName(Steps.DeclarationProblems);
        context.RegisterSourceOutput(problems.Combine(build), static (spc, pair) =>
        {
            if (!pair.Right.IsDesignTime)
            {
                foreach (DeclarationProblem problem in pair.Left.Problems)
                {
                    spc.ReportDiagnostic(problem.ToDiagnostic());
                }
            }
        });

        IncrementalValueProvider<HandleUsages> usages = boundaries
            .Select(static (b, _) => new HandleUsage(b.Library, b.Language, b.HandleTypes))
            .Collect()
            .Select(static (all, _) => new HandleUsages(all.ToEquatableArray()))
            .WithTrackingName(Steps.HandleUsages);

        IncrementalValuesProvider<HandleModel> handles = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ForeignHandleAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => IsFirstAttributed(ctx) ? HandleReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ProblemSink.None) : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.Handles);

        IncrementalValuesProvider<ResolvedHandle> resolved = handles
            .Combine(usages)
            .Select(static (pair, _) => HandleLibraryResolution.Resolve(pair.Left, pair.Right.All))
            .WithTrackingName(Steps.ResolvedHandles);

        context.RegisterSourceOutput(resolved, static (spc, handle) =>
            AddSource(spc, handle.Handle.Location, HandleWriter.Write(handle)));
    }

    /// <summary>
    /// Whether this is the first declaration of the type that carries the attribute: a partial type with the attribute on
    /// two declarations (which the compiler reports) is found twice, and must be generated once.
    /// </summary>
    private static bool IsFirstAttributed(GeneratorAttributeSyntaxContext context)
    {
        foreach (SyntaxReference reference in context.TargetSymbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ClassDeclarationSyntax { AttributeLists.Count: > 0 } declaration
                && context.TargetSymbol.GetAttributes().Any(a => a.ApplicationSyntaxReference?.SyntaxTree == declaration.SyntaxTree
                    && declaration.AttributeLists.Span.Contains(a.ApplicationSyntaxReference.Span)
                    && a.AttributeClass?.ToDisplayString() == context.Attributes[0].AttributeClass?.ToDisplayString()))
            {
                return declaration.SyntaxTree == context.TargetNode.SyntaxTree && declaration.Span == context.TargetNode.Span;
            }
        }

        return true;
    }

    /// <summary>
    /// Adds a generated file under its type's hint name. A type declared twice (two declarations of one name, which the
    /// compiler reports) asks for the same name twice: the second gets a distinct one rather than failing the generator.
    /// </summary>
    private static void AddSource(SourceProductionContext context, TypeLocation location, string text)
    {
        try
        {
            context.AddSource(location.HintName, text);
        }
        catch (System.ArgumentException)
        {
            string stem = location.HintName.Substring(0, location.HintName.Length - ".g.cs".Length);
            context.AddSource($"{stem}.{Fnv(text):x8}.g.cs", text);
        }
    }

    private static uint Fnv(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}

/// <summary>
/// The declaration problems of one boundary class the generator reports. A class, like every value of the generator's
/// pipeline: the compiler's incremental-pipeline code is precompiled for reference types (shared code), while every
/// struct the pipeline carries needs that code compiled by the JIT again in every build.
/// </summary>
internal sealed record DeclarationProblemSet(EquatableArray<DeclarationProblem> Problems)
{
    public static DeclarationProblemSet? Of(EquatableArray<DeclarationProblem> problems) => problems.Count == 0 ? null : new(problems);
}

/// <summary>Every boundary's library, language and handle types, for resolving each handle's library (a class for the pipeline: see <see cref="DeclarationProblemSet"/>).</summary>
internal sealed record HandleUsages(EquatableArray<HandleUsage> All);
