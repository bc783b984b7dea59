using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.Analyzers.Generation;

/// <summary>
/// The declaration problems the generator reports itself. A command-line build does not run analyzers once the
/// compilation has declaration errors, and a boundary the generator cannot complete always leaves some: a class that is
/// not <c>partial</c> (CS0751), a body without a definition (CS0759), a method without a body (CS0501), an instance
/// method in a static class (CS0708), or, for a class it skips, partial methods with no implementation (CS8795). The
/// user would then see only the compiler's errors and never why. So for exactly those problems — the ones whose
/// declaration still has a compiler error once the generator has run — the generator reports the package's
/// explanation (BND1001, BND1002). Everything else, and everything in the IDE and in <c>dotnet format</c> (design-time
/// builds, where analyzers always run), stays with the analyzers, so no diagnostic is reported twice.
/// </summary>
internal static class DeclarationProblems
{
    /// <summary>The problems of one [ForeignBoundary] class that stop the compiler, as value-equal records.</summary>
    public static EquatableArray<DeclarationProblem> Find(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<Diagnostic>();
        var sink = new ProblemSink(found.Add);
        BoundaryReader.CheckDeclarationShape(type, sink, cancellationToken);
        if (found.Count == 0)
        {
            return EquatableArray<DeclarationProblem>.Empty;
        }

        var problems = new List<DeclarationProblem>();
        foreach (Diagnostic diagnostic in found)
        {
            if (StopsTheCompiler(diagnostic, type, compilation, cancellationToken))
            {
                problems.Add(DeclarationProblem.From(diagnostic));
            }
        }

        return problems.ToEquatableArray();
    }

    /// <summary>
    /// Whether the declaration the problem is about has a compiler error that stays after generation: in the class (or
    /// method) it names, before anything is generated. For a class problem nothing of the class is generated, so every
    /// error in its declarations stays; for a method problem, that method is not generated.
    /// </summary>
    private static bool StopsTheCompiler(Diagnostic problem, INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        IEnumerable<SyntaxReference> declarations = problem.Descriptor.Id == RuleIds.BoundaryClassShape
            ? type.DeclaringSyntaxReferences
            : type.GetMembers().OfType<IMethodSymbol>()
                .SelectMany(m => m.DeclaringSyntaxReferences)
                .Where(r => r.SyntaxTree == problem.Location.SourceTree && r.Span.Contains(problem.Location.SourceSpan));
        foreach (SyntaxReference reference in declarations)
        {
            SemanticModel model = compilation.GetSemanticModel(reference.SyntaxTree);
            if (model.GetDeclarationDiagnostics(reference.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A diagnostic with nothing in it that holds a compilation alive: descriptor, file position and message.</summary>
internal sealed record DeclarationProblem(DiagnosticDescriptor Descriptor, string Path, TextSpan Span, LinePositionSpan Lines, string Message)
{
    private static readonly ConcurrentDictionary<DiagnosticDescriptor, DiagnosticDescriptor> Verbatim = new();

    public static DeclarationProblem From(Diagnostic diagnostic)
    {
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        return new DeclarationProblem(
            diagnostic.Descriptor,
            lines.Path ?? string.Empty,
            diagnostic.Location.SourceSpan,
            lines.Span,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>The diagnostic again: same ID, title, severity, help link and message as the analyzer reports.</summary>
    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            Verbatim.GetOrAdd(Descriptor, static d => new DiagnosticDescriptor(
                d.Id, d.Title, "{0}", d.Category, d.DefaultSeverity, d.IsEnabledByDefault, d.Description, d.HelpLinkUri, d.CustomTags.ToArray())),
            Location.Create(Path, Span, Lines),
            Message);
}
