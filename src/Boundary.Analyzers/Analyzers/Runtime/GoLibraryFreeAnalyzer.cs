using System;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// BND5002: <c>NativeLibrary.Free(handle)</c> where the handle certainly is a Go library — loaded with a constant name
/// (<see cref="LoadedLibrary"/>) that designates the library of a Go boundary or handle declared in this compilation or
/// a referenced one (<see cref="NativeLibraryNames"/>). It looks only at invocations of <c>NativeLibrary.Free</c>, in
/// compilations that reference the Boundary runtime; the Go libraries are read once per compilation, the first time
/// such a call frees a handle of known origin.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GoLibraryFreeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.GoLibraryFreed);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            Compilation compilation = start.Compilation;
            if (compilation.GetTypeByMetadataName(KnownNames.ForeignBoundaryAttribute) is not { } boundaryAttribute
                || compilation.GetTypeByMetadataName(LoadedLibrary.NativeLibraryType) is not { } nativeLibrary)
            {
                return;
            }

            var goLibraries = new Lazy<ImmutableArray<string>>(() => GoLibraries.DeclaredIn(compilation.Assembly, start.CancellationToken)
                .Concat(GoLibraries.InReferences(compilation, boundaryAttribute.ContainingAssembly, start.CancellationToken))
                .Select(use => use.Library)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(library => library, StringComparer.Ordinal)
                .ToImmutableArray());
            start.RegisterOperationAction(
                operation =>
                {
                    var call = (IInvocationOperation)operation.Operation;
                    if (call.TargetMethod.Name != "Free"
                        || call.Arguments.Length != 1
                        || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, nativeLibrary)
                        || LoadedLibrary.NameOf(call.Arguments[0].Value, nativeLibrary, compilation, operation.CancellationToken) is not { } loaded)
                    {
                        return;
                    }

                    if (GoLibraryNamed(goLibraries.Value, loaded) is { } goLibrary)
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(Rules.GoLibraryFreed, call.Syntax.GetLocation(), goLibrary, loaded));
                    }
                },
                OperationKind.Invocation);
        });
    }

    /// <summary>The Go library of <paramref name="goLibraries"/> that <paramref name="loaded"/> names, or null (a method of its own: a lambda here would allocate its captures on every invocation the analyzer sees).</summary>
    private static string? GoLibraryNamed(ImmutableArray<string> goLibraries, string loaded)
    {
        foreach (string library in goLibraries)
        {
            if (NativeLibraryNames.SameLibrary(library, loaded))
            {
                return library;
            }
        }

        return null;
    }
}
