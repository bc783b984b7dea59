using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Boundary.Analyzers.Analyzers.Declarations;

/// <summary>
/// Reports what is wrong with a [ForeignHandle] class: its shape (BND1006), a missing release function (BND1004), an
/// unusable error-message function (BND1013), and, once the whole compilation is seen, a library that cannot be determined (BND1007)
/// and a release whose status a boundary function that calls it disagrees about (BND1014).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandleDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.HandleWithoutRelease,
        Rules.HandleTypeShape,
        Rules.HandleLibraryUnknown,
        Rules.HandleErrorMessageInvalid,
        Rules.ReleaseStatusMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var handles = new ConcurrentBag<(HandleModel Model, Location? Location, string Name)>();
            var usages = new ConcurrentBag<HandleUsage>();
            var releaseCalls = new ConcurrentBag<ReleaseCall>();

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                ImmutableArray<AttributeData> attributes = type.GetAttributes();
                if (attributes.Has(KnownNames.Attribute.ForeignHandle)
                    && HandleReader.Read(type, new ProblemSink(symbolContext.ReportDiagnostic)) is { } handle)
                {
                    handles.Add((handle, type.IdentifierLocation(), type.Name));
                }
            }, SymbolKind.NamedType);

            BoundaryReads.OnBoundary(start, (symbol, type) =>
            {
                if (BoundaryReads.Get(type, symbol.Compilation, symbol.CancellationToken).Model is { } boundary)
                {
                    usages.Add(new HandleUsage(boundary.Library, boundary.Language, boundary.HandleTypes));
                    foreach (ReleaseCall call in ReleaseCalls(boundary, type.Name))
                    {
                        releaseCalls.Add(call);
                    }
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                foreach ((HandleModel model, Location? location, string name) in handles)
                {
                    ResolvedHandle resolved = HandleLibraryResolution.Resolve(model, usages.ToList());
                    if (resolved.Problem is { } problem)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rules.HandleLibraryUnknown, location, name, problem));
                    }

                    if (ReleaseStatusMismatch(resolved, releaseCalls, location, name) is { } mismatch)
                    {
                        end.ReportDiagnostic(mismatch);
                    }
                }
            });
        });
    }

    /// <summary>A boundary function that calls an export with one of the handles it takes (a release, if the name matches one).</summary>
    private sealed record ReleaseCall(string Library, string EntryPoint, string HandleType, CType Return, string Function);

    private static IEnumerable<ReleaseCall> ReleaseCalls(BoundaryModel boundary, string boundaryName)
    {
        foreach (FunctionModel function in boundary.Functions)
        {
            // A release takes the handle and nothing else.
            if (function.Native is not { Parameters.Count: 1 } native)
            {
                continue;
            }

            foreach (ValueModel parameter in function.Parameters)
            {
                if (parameter.RefKind == Model.RefKind.None && parameter.Family.HandleType(parameter) is { } handle)
                {
                    yield return new ReleaseCall(boundary.Library, function.EntryPoint, handle, native.Return, $"{boundaryName}.{function.Name}");
                }
            }
        }
    }

    /// <summary>
    /// BND1014: a boundary function that calls the handle's release function with the handle says what it returns; an
    /// integer status where the handle ignores one, or nothing where the handle reads one, is a mismatch.
    /// </summary>
    private static Diagnostic? ReleaseStatusMismatch(ResolvedHandle resolved, IEnumerable<ReleaseCall> calls, Location? location, string name)
    {
        HandleModel handle = resolved.Handle;
        if (handle.Release is not { } release || resolved.Library is not { } library)
        {
            return null;
        }

        // Only the calls of this release are ordered (by function name, so the first reported is stable), not every call.
        IEnumerable<ReleaseCall> ofThisRelease = calls
            .Where(c => c.EntryPoint == release && c.Library == library && c.HandleType == handle.FullyQualifiedName)
            .OrderBy(c => c.Function, System.StringComparer.Ordinal);
        foreach (ReleaseCall call in ofThisRelease)
        {
            bool returnsStatus = call.Return.Kind == CTypeKind.Integer;
            if (returnsStatus && !handle.ReleaseReturnsStatus)
            {
                return Diagnostic.Create(
                    Rules.ReleaseStatusMismatch,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ReleaseReturnsStatus, "true"),
                    name,
                    release,
                    call.Function,
                    call.Return.ToString(),
                    "set ReleaseReturnsStatus = true so that a failed release is reported instead of ignored");
            }

            if (call.Return.Kind == CTypeKind.Void && handle.ReleaseReturnsStatus)
            {
                return Diagnostic.Create(
                    Rules.ReleaseStatusMismatch,
                    location,
                    name,
                    release,
                    call.Function,
                    "void",
                    "the handle declares ReleaseReturnsStatus = true, so one of them is wrong: the release would read a status the function never returns");
            }
        }

        return null;
    }
}
