using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// What a crossing family needs to decide the ownership of a value a boundary function hands out — its return value or
/// an <c>out</c> parameter: the method, the parameter (null for the return), the classified type, whether it is
/// declared <c>[Borrowed]</c>, and where to report a misplaced or missing declaration.
/// </summary>
internal sealed class HandOutReading
{
    private readonly ProblemSink sink;

    public HandOutReading(IMethodSymbol method, IParameterSymbol? parameter, TypeCrossing crossing, bool borrowed, Location? location, ProblemSink sink)
    {
        Method = method;
        Parameter = parameter;
        Crossing = crossing;
        Borrowed = borrowed;
        Location = location;
        this.sink = sink;
    }

    public IMethodSymbol Method { get; }

    /// <summary>The <c>out</c> parameter, or null for the return value.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The type handed out.</summary>
    public ITypeSymbol Type => Parameter?.Type ?? Method.ReturnType;

    public TypeCrossing Crossing { get; }

    public bool Borrowed { get; }

    public Location? Location { get; }

    /// <summary>How the borrowed declaration is written here: <c>[return: Borrowed]</c> or <c>[Borrowed]</c>.</summary>
    public string BorrowedAttribute => Parameter is null ? "[return: Borrowed]" : "[Borrowed]";

    /// <summary>What messages call the value: <c>'Read'</c> for a return, <c>out parameter 'data'</c>.</summary>
    public string Subject => Parameter is null ? $"'{Method.Name}'" : $"out parameter '{Parameter.Name}'";

    /// <summary>The first problem reported, which the generated body throws.</summary>
    public string? Problem { get; private set; }

    /// <summary>An ownership attribute that contradicts the type or has no effect (BND1008).</summary>
    public void Misplaced(string message)
    {
        sink.Report(Rules.OwnershipMisplaced, Location, message);
        Problem ??= message;
    }

    /// <summary>Any other declaration problem of the value.</summary>
    public void Report(DiagnosticDescriptor rule, string problem, params object?[] arguments)
    {
        sink.Report(rule, Location, arguments);
        Problem ??= problem;
    }
}
