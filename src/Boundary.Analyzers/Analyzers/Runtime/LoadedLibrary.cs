using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// Which library a native library handle was loaded from, when the code says so for certain: the value is the result
/// of <c>NativeLibrary.Load(name)</c> or <c>NativeLibrary.Load(name, assembly, searchPath)</c>, or the <c>out</c>
/// handle of <c>NativeLibrary.TryLoad</c>, with a constant name, directly or through locals, fields and auto-properties
/// written exactly once (<see cref="ValueOrigin"/>). Anything else — a parameter, a name computed at run time, a
/// variable written twice — is unknown, and the rule that asks stays silent.
/// </summary>
internal static class LoadedLibrary
{
    public const string NativeLibraryType = "System.Runtime.InteropServices.NativeLibrary";

    /// <summary>How many locals and members are followed before giving up (also ends a cycle of field initializers).</summary>
    private const int MaxDepth = 8;

    /// <summary>The constant name the handle <paramref name="value"/> was loaded with, or null when that is not certain.</summary>
    public static string? NameOf(IOperation value, INamedTypeSymbol nativeLibrary, Compilation compilation, CancellationToken cancellationToken)
    {
        IOperation? current = value;
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            OnlyWrite? write;
            switch (ValueOrigin.Unwrap(current))
            {
                case IInvocationOperation call when IsLoad(call, nativeLibrary, "Load"):
                    return ConstantName(call);
                case ILocalReferenceOperation { Local: var local }:
                    write = ValueOrigin.Of(local, value);
                    break;
                case IFieldReferenceOperation { Field: var field }:
                    write = ValueOrigin.Of(field, compilation, cancellationToken);
                    break;
                case IPropertyReferenceOperation { Property: var property }:
                    write = ValueOrigin.Of(property, compilation, cancellationToken);
                    break;
                default:
                    return null;
            }

            switch (write)
            {
                case { Value: { } assigned }:
                    current = assigned;
                    value = assigned;
                    break;
                case { Argument: { Parent: IInvocationOperation call } argument }
                    when IsLoad(call, nativeLibrary, "TryLoad") && argument.Parameter?.RefKind == RefKind.Out:
                    return ConstantName(call);
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsLoad(IInvocationOperation call, INamedTypeSymbol nativeLibrary, string name)
        => call.TargetMethod.Name == name && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, nativeLibrary);

    /// <summary>The constant first argument (<c>libraryPath</c> or <c>libraryName</c>), wherever it is written.</summary>
    private static string? ConstantName(IInvocationOperation call)
        => call.Arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0, Type.SpecialType: SpecialType.System_String })?.Value.ConstantValue is { HasValue: true, Value: string name }
            ? name
            : null;
}
