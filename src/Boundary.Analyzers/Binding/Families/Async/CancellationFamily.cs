using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Async;

/// <summary>
/// A <c>CancellationToken</c> parameter of a function returning a task: nothing crosses with the call; when the token
/// is cancelled while the operation runs, the stub calls the declared cancel export with the operation's
/// <c>user_data</c> (<see cref="AsyncReturnMarshaller"/>).
/// </summary>
internal sealed class CancellationFamily : CrossingFamily
{
    public static readonly CancellationFamily Instance = new();

    private CancellationFamily()
    {
    }

    public override string Name => "cancellation token";

    public static bool IsToken(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0, ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
    {
        if (!IsToken(type))
        {
            return null;
        }

        return position == Position.Parameter
            ? new TypeCrossing(this, "")
            : TypeCrossing.Unsupported("a CancellationToken cannot come back from native code: take one as a parameter of a function that returns a task");
    }

    public override string? ByReferenceProblem(string parameterName, RefKind refKind)
        => $"CancellationToken '{parameterName}' is passed by reference: pass it by value";

    public override bool MarshalsWithoutFailure => true;

    /// <inheritdoc/>
    public override bool Refines => true;

    public override ValueModel Refine(ValueModel value, ValueReading reading)
    {
        if (reading.FunctionReturn?.Async is null)
        {
            reading.Report(Rules.CallbackDeclarationInvalid, $"'{reading.Method.Name}' takes CancellationToken '{reading.Parameter!.Name}' but returns '{reading.Method.ReturnType.ToDisplayString()}': a token reaches native code only in a function that returns Task or ValueTask (through its cancel export); a synchronous call cannot be cancelled from .NET");
        }

        return value;
    }

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context) => Enumerable.Empty<NativeParameter>();

    public override CType NativeReturn(ValueModel value, StubContext context) => CType.Void;

    public override Marshaller ForParameter(ValueModel value, StubContext context) => new TokenMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context)
        => throw new System.InvalidOperationException("A token is never returned: the reader refuses it.");
}

/// <summary>A token passes nothing to the native function: the operation watches it after the call.</summary>
internal sealed class TokenMarshaller : Marshaller
{
    public TokenMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    public override string[] NativeParameters => System.Array.Empty<string>();

    public override string[] Arguments => System.Array.Empty<string>();
}
