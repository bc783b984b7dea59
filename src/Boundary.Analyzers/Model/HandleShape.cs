using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Model;

/// <summary>
/// Whether a [ForeignHandle] class can be completed as a SafeHandle. Shared by the handle reader (which reports
/// BND1006) and the type mapping (which then treats the type as unable to cross), so one bad declaration yields one
/// precise error instead of a cascade through the generated code.
/// </summary>
internal static class HandleShape
{
    /// <summary>The problem, or null. <paramref name="blocksGeneration"/> is false for problems a SafeHandle survives (not sealed).</summary>
    public static string? Problem(INamedTypeSymbol type, out bool blocksGeneration)
    {
        blocksGeneration = true;
        string? problem =
            type.TypeKind != TypeKind.Class ? "must be a class" :
            type.IsStatic ? "must not be static" :
            !type.IsSealed && !type.IsPartialEverywhere() ? "must be declared 'sealed partial'" :
            !type.IsPartialEverywhere() ? "must be declared 'partial'" :
            type.IsGenericType ? "must not be generic" :
            IsFileLocal(type) ? "must not be file-local ('file'): the generated part is another file, which a file-local type cannot span" :
            type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && !IsForeignSafeHandle(baseType)
                ? $"must not declare a base type ('{baseType.Name}'): the generator derives it from SafeHandle" :
            type.NonPartialContainer() is { } container ? $"is nested in '{container.Name}', which must be declared 'partial'" :
            null;
        if (problem is null && !type.IsSealed)
        {
            blocksGeneration = false;
            problem = "must be declared 'sealed'";
        }

        return problem;
    }

    /// <summary>Whether the type is a usable handle: one the generator completes here, or one it completed in the assembly that declares it.</summary>
    /// <summary>Whether <paramref name="type"/> or a type containing it is declared <c>file</c>.</summary>
    public static bool IsFileLocal(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    public static bool CanGenerate(INamedTypeSymbol type)
        => IsCompiledHandle(type) || Problem(type, out bool blocks) is null || !blocks;

    /// <summary>A handle type from a referenced assembly, which its own generator run already completed.</summary>
    private static bool IsCompiledHandle(INamedTypeSymbol type)
        => type.DeclaringSyntaxReferences.IsEmpty && type.BaseType is { } baseType && IsForeignSafeHandle(baseType);

    /// <summary>
    /// In the analyzers' compilation the generated part already derives the type from the runtime's ForeignSafeHandle.
    /// Compared without formatting the namespace: every handle parameter of every boundary function asks.
    /// </summary>
    private static bool IsForeignSafeHandle(INamedTypeSymbol baseType)
        => baseType.Name == "ForeignSafeHandle"
            && baseType.ContainingNamespace is { Name: "Interop", ContainingNamespace: { Name: "Boundary", ContainingNamespace.IsGlobalNamespace: true } };
}
