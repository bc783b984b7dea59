using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>A declaration that makes the process load a Go library.</summary>
/// <param name="Library">The library name as written.</param>
/// <param name="Declaration">The Go <c>[ForeignBoundary]</c> class, or the <c>[ForeignHandle]</c> class whose attribute names a Go library.</param>
/// <param name="IsHandle">Whether <paramref name="Declaration"/> is a handle type.</param>
/// <param name="Location">The library-name argument, or null for a declaration read from a referenced assembly.</param>
internal sealed record GoLibraryUse(string Library, INamedTypeSymbol Declaration, bool IsHandle, Location? Location)
{
    /// <summary>How a message names the declaration: <c>boundary 'Stats'</c>, <c>handle type 'Ns.Acc' in assembly 'Lib'</c>.</summary>
    public string Describe()
    {
        string name = $"{(IsHandle ? "handle type" : "boundary")} '{Declaration.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'";
        return Location is null ? $"{name} in assembly '{Declaration.ContainingAssembly.Name}'" : name;
    }
}

/// <summary>
/// Which Go libraries a compilation loads: the libraries of Go <c>[ForeignBoundary]</c> classes and of
/// <c>[ForeignHandle]</c> classes whose attribute names a Go library (a handle without <c>Library</c> uses its
/// boundary's), declared in source or in a referenced assembly. Read from attributes, so metadata reads the same.
/// </summary>
internal static class GoLibraries
{
    /// <summary>The Go libraries <paramref name="type"/> declares it uses (at most one per attribute).</summary>
    public static IEnumerable<GoLibraryUse> DeclaredBy(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            bool isHandle = attribute.Is(KnownNames.Attribute.ForeignHandle);
            string? library = isHandle ? attribute.Named<string>("Library")
                : attribute.Is(KnownNames.Attribute.ForeignBoundary) && attribute.ConstructorArguments is [{ Value: string name }] ? name
                : null;
            if (!string.IsNullOrWhiteSpace(library) && ForeignLanguageKind.FromValue(attribute.Named<int>("Language")).StartsGoRuntime)
            {
                yield return new GoLibraryUse(library!, type, isHandle, LibraryArgument(attribute, isHandle ? "Library" : null));
            }
        }
    }

    /// <summary>Every Go library use declared in <paramref name="assembly"/>, in any type, nested ones included.</summary>
    public static List<GoLibraryUse> DeclaredIn(IAssemblySymbol assembly, CancellationToken cancellationToken)
    {
        var uses = new List<GoLibraryUse>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            INamespaceOrTypeSymbol current = pending.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
                {
                    pending.Push(child);
                }
            }
            else
            {
                uses.AddRange(DeclaredBy((INamedTypeSymbol)current));
            }

            foreach (INamedTypeSymbol type in current.GetTypeMembers())
            {
                pending.Push(type);
            }
        }

        return uses;
    }

    /// <summary>
    /// Go library uses declared in the referenced assemblies that reference the Boundary runtime (no other assembly
    /// can declare a boundary): they load their libraries into the same process as this one.
    /// </summary>
    public static List<GoLibraryUse> InReferences(Compilation compilation, IAssemblySymbol runtime, CancellationToken cancellationToken)
    {
        var uses = new List<GoLibraryUse>();
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Modules.Any(m => m.ReferencedAssemblies.Any(identity => identity.Name == runtime.Identity.Name)))
            {
                uses.AddRange(DeclaredIn(assembly, cancellationToken));
            }
        }

        return uses;
    }

    /// <summary>The argument that names the library (<paramref name="named"/>, or the constructor's), else the attribute.</summary>
    private static Location? LibraryArgument(AttributeData attribute, string? named)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
        {
            return null;
        }

        AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => named is null
            ? a.NameEquals is null && (a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "library")
            : a.NameEquals?.Name.Identifier.ValueText == named);
        return (argument?.Expression ?? (SyntaxNode)syntax).GetLocation();
    }
}
