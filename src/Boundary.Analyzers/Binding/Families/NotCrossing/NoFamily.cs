using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding.Families.NotCrossing;

/// <summary>
/// The family of a value that cannot cross. Its function has a problem, so no stub, signature or support is ever
/// asked of it; it exists so every value model names a family.
/// </summary>
internal sealed class NoFamily : CrossingFamily
{
    public static readonly NoFamily Instance = new();

    private NoFamily()
    {
    }

    public override string Name => "none";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position) => null;

    /// <summary>Already reported as a type that cannot cross.</summary>
    public override string? RetainedProblem(IParameterSymbol parameter) => null;

    public override Ownership HandOutOwnership(Reading.HandOutReading read) => Ownership.None;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context) => throw Unbound();

    public override CType NativeReturn(ValueModel value, StubContext context) => throw Unbound();

    public override Marshaller ForParameter(ValueModel value, StubContext context) => throw Unbound();

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => throw Unbound();

    private static System.InvalidOperationException Unbound() => new("A value that cannot cross is never bound.");
}
