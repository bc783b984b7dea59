using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// What a crossing family needs to read the rest of a value's declaration once its type is classified (a callback's
/// signature, failure value and lifetime; an operation's result and cancellation): the method, the parameter (null for
/// the return), the boundary's decisions, the function's return value (for a parameter), and where to report.
/// </summary>
internal sealed class ValueReading
{
    private readonly ProblemSink sink;

    public ValueReading(IMethodSymbol method, IParameterSymbol? parameter, Location? location, ProblemSink sink, BoundaryFacts boundary, ValueModel? functionReturn)
    {
        Method = method;
        Parameter = parameter;
        Location = location;
        this.sink = sink;
        Boundary = boundary;
        FunctionReturn = functionReturn;
    }

    public IMethodSymbol Method { get; }

    /// <summary>The parameter, or null for the return value.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The declared type.</summary>
    public ITypeSymbol Type => Parameter?.Type ?? Method.ReturnType;

    public Location? Location { get; }

    public BoundaryFacts Boundary { get; }

    /// <summary>The function's return value, already read (null while the return itself is read).</summary>
    public ValueModel? FunctionReturn { get; }

    public ProblemSink Sink => sink;

    /// <summary>The first problem reported, which the generated body throws.</summary>
    public string? Problem { get; private set; }

    /// <summary>Records a problem already reported (by a nested reading), so the generated body throws it.</summary>
    public void Reported(string problem) => Problem ??= problem;

    /// <summary>Reports a problem of this value's declaration.</summary>
    public void Report(DiagnosticDescriptor rule, string message, Location? location = null)
    {
        sink.Report(rule, location ?? Location, message);
        Problem ??= message;
    }
}

/// <summary>What a boundary decides that a value's declaration may depend on.</summary>
internal sealed record BoundaryFacts(string Library, string Prefix, ForeignLanguageKind Language, StringConvention Strings, string? Cancel);
