using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// What a crossing family needs to decide a return value's ownership: the method, its classified type, whether it is
/// <c>[return: Borrowed]</c>, and where to report a misplaced or missing declaration.
/// </summary>
internal sealed class ReturnReading
{
    private readonly ProblemSink sink;

    public ReturnReading(IMethodSymbol method, TypeCrossing crossing, bool borrowed, Location? location, ProblemSink sink)
    {
        Method = method;
        Crossing = crossing;
        Borrowed = borrowed;
        Location = location;
        this.sink = sink;
    }

    public IMethodSymbol Method { get; }

    public TypeCrossing Crossing { get; }

    public bool Borrowed { get; }

    public Location? Location { get; }

    /// <summary>The first problem reported, which the generated body throws.</summary>
    public string? Problem { get; private set; }

    /// <summary>An ownership attribute that contradicts the type or has no effect (BND1008).</summary>
    public void Misplaced(string message)
    {
        sink.Report(Rules.OwnershipMisplaced, Location, message);
        Problem ??= message;
    }

    /// <summary>Any other declaration problem of the return value.</summary>
    public void Report(DiagnosticDescriptor rule, string problem, params object?[] arguments)
    {
        sink.Report(rule, Location, arguments);
        Problem ??= problem;
    }
}
