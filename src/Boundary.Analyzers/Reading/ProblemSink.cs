using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Where readers send what is wrong with a declaration. Analyzers report it; the generator passes no sink and reads
/// the same declarations only for their model, so both always agree on what is valid.
/// </summary>
internal readonly struct ProblemSink
{
    private readonly Action<Diagnostic>? _report;

    public ProblemSink(Action<Diagnostic>? report) => _report = report;

    public static ProblemSink None => default;

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] args)
        => _report?.Invoke(Diagnostic.Create(descriptor, location, args));

    /// <summary>Reports with properties a code fix reads.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?> properties, params object?[] args)
        => _report?.Invoke(Diagnostic.Create(descriptor, location, properties, args));
}
