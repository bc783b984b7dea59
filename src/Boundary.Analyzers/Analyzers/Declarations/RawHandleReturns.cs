using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.Analyzers.Analyzers.Declarations;

/// <summary>A boundary function that returns a native object as a raw pointer (BND1011).</summary>
/// <param name="Function">The function.</param>
/// <param name="ReturnType">Its return type as written, where the diagnostic goes.</param>
/// <param name="Release">The boundary function that releases what it returns, or null when none is declared.</param>
/// <param name="ReleaseEntryPoint">The exported symbol <paramref name="Release"/> calls.</param>
/// <param name="Noun">The words that name the native object (<c>Parser</c> for <c>CreateParser</c>); may be empty.</param>
/// <param name="HasOtherReleases">Whether release functions of the same raw type are declared, none of them for this object.</param>
internal sealed record RawHandleReturn(
    IMethodSymbol Function,
    TypeSyntax ReturnType,
    IMethodSymbol? Release,
    string? ReleaseEntryPoint,
    ImmutableArray<string> Noun,
    bool HasOtherReleases);

/// <summary>
/// Which raw-pointer returns of a boundary stand for a native object that must be released: the analyzer reports
/// them and the code fix turns them into [ForeignHandle] types, so both read the names the same way. A return counts
/// when a release function of the boundary takes it back (same type, and its name says it releases that object), or
/// when the function's name says it creates something. Precision comes first: anything else stays silent.
/// </summary>
internal static class RawHandleReturns
{
    /// <summary>A first or last word that says the function creates what it returns.</summary>
    private static readonly string[] CreationVerbs =
        { "Create", "New", "Open", "Alloc", "Allocate", "Make", "Acquire", "Clone", "Dup", "Duplicate" };

    /// <summary>
    /// A first or last word that says the function releases its argument, most certain first: when two functions
    /// release the same object, the earlier word wins (a Close can be a state change that a Free follows).
    /// </summary>
    private static readonly string[] ReleaseWords =
        { "Free", "Release", "Destroy", "Delete", "Drop", "Dispose", "Unref", "Close" };

    /// <summary>Last words of functions whose <c>nint</c> is a number, not an address (<c>NewCount</c>, <c>AllocSize</c>).</summary>
    private static readonly string[] QuantityWords =
        { "Count", "Size", "Len", "Length", "Offset", "Capacity", "Index", "Id", "Version", "Hash", "Total", "Limit", "Position", "Flags", "Status", "Code", "Num", "Number" };

    /// <summary>First words of functions that hand out an object someone else owns (<c>GetParser</c>, <c>FindNode</c>).</summary>
    private static readonly string[] LookupVerbs = { "Get", "Peek", "Borrow", "Find", "Lookup", "Current" };

    /// <summary>Every raw-pointer return of <paramref name="boundary"/> that stands for a native object, in declaration order.</summary>
    public static ImmutableArray<RawHandleReturn> Find(INamedTypeSymbol boundary, CancellationToken cancellationToken)
    {
        // A boundary the generator cannot use has its own error (BND1001); warnings on its functions would be noise.
        if (boundary.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary) is not { ConstructorArguments: [{ Value: string library }] } attribute
            || !BoundaryReader.CheckClassShape(boundary, ProblemSink.None))
        {
            return ImmutableArray<RawHandleReturn>.Empty;
        }

        var functions = new List<IMethodSymbol>();
        foreach (ISymbol member in boundary.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Methods with bodies, generic methods and the like are BND1002's: the reader skips them, so does this rule.
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && BoundaryReader.IsBoundaryFunction(method, ProblemSink.None))
            {
                functions.Add(method);
            }
        }

        var releases = new List<Releaser>();
        foreach (IMethodSymbol function in functions)
        {
            if (AsReleaser(function) is { } releaser)
            {
                releases.Add(releaser);
            }
        }

        string prefix = BoundaryReader.EntryPointPrefix(attribute, library);
        ImmutableArray<RawHandleReturn>.Builder found = ImmutableArray.CreateBuilder<RawHandleReturn>();
        foreach (IMethodSymbol function in functions)
        {
            if (Classify(function, releases, prefix, cancellationToken) is { } rawReturn)
            {
                found.Add(rawReturn);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// IntPtr/nint, UIntPtr/nuint, <c>void*</c>, or a pointer to an opaque struct (one without instance fields: a
    /// struct with fields is data the caller reads through the pointer, which a handle would hide). Pointers to
    /// primitives are memory (strings, buffers), function pointers are code: neither is a native object.
    /// </summary>
    public static bool IsRawHandleType(ITypeSymbol type, out bool isInteger)
    {
        isInteger = type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
        return isInteger
            || type is IPointerTypeSymbol { PointedAtType: var pointee }
                && (pointee.SpecialType == SpecialType.System_Void || IsOpaqueStruct(pointee));
    }

    /// <summary>Whether two raw handle types are the same: <c>nint</c> and <c>IntPtr</c> are.</summary>
    public static bool SameRawType(ITypeSymbol a, ITypeSymbol b)
        => a.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            ? a.SpecialType == b.SpecialType
            : a is IPointerTypeSymbol pa && b is IPointerTypeSymbol pb
                && SymbolEqualityComparer.Default.Equals(pa.PointedAtType, pb.PointedAtType);

    /// <summary>Whether two nouns name the same object (compared without case: <c>parser_new</c> and <c>ParserFree</c>).</summary>
    public static bool SameNoun(ImmutableArray<string> a, ImmutableArray<string> b)
        => a.Length == b.Length && a.Zip(b, (x, y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase)).All(same => same);

    private static bool IsOpaqueStruct(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None, IsGenericType: false } structType
            && !structType.GetMembers().Any(m => m is IFieldSymbol { IsStatic: false });

    /// <summary>A function that returns nothing and takes one raw handle by value, named to release it.</summary>
    private static Releaser? AsReleaser(IMethodSymbol function)
    {
        if (!function.ReturnsVoid
            || function.Parameters.Length != 1
            || function.Parameters[0].RefKind != Microsoft.CodeAnalysis.RefKind.None
            || !IsRawHandleType(function.Parameters[0].Type, out _)
            || Strip(Naming.Words(function.Name), ReleaseWords, out ImmutableArray<string> noun) is not { } word)
        {
            return null;
        }

        return new Releaser(function, function.Parameters[0].Type, noun, Array.IndexOf(ReleaseWords, word));
    }

    private static RawHandleReturn? Classify(IMethodSymbol function, List<Releaser> releases, string prefix, CancellationToken cancellationToken)
    {
        if (function.ReturnsByRef
            || function.ReturnsByRefReadonly
            || !IsRawHandleType(function.ReturnType, out bool isInteger)
            || HasOwnershipAttribute(function) // [return: Borrowed] on a raw pointer is BND1008's to report.
            || function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        List<string> words = Naming.Words(function.Name);
        if (words.Count == 0 || (isInteger && IsOneOf(words[words.Count - 1], QuantityWords)))
        {
            return null;
        }

        List<Releaser> candidates = releases.Where(r => SameRawType(r.Type, function.ReturnType)).ToList();
        bool creates = Strip(words, CreationVerbs, out ImmutableArray<string> noun) is not null;
        Releaser? release = creates ? ReleaserOfCreated(noun, candidates) : ReleaserOfReturned(function, words, candidates);
        if (release is null && !creates)
        {
            return null;
        }

        return new RawHandleReturn(
            function,
            syntax.ReturnType,
            release?.Function,
            release is null ? null : BoundaryReader.EntryPoint(release.Function, prefix),
            release is { Noun.Length: > 0 } ? release.Noun : noun,
            release is null && candidates.Count > 0);
    }

    /// <summary>
    /// For <c>CreateParser</c>/<c>ParserNew</c>: the release of the same noun (<c>ParserFree</c>), else the one release
    /// without a noun (<c>Free</c>), else, for a nameless creator (<c>Open</c>), the only release of its type.
    /// </summary>
    private static Releaser? ReleaserOfCreated(ImmutableArray<string> noun, List<Releaser> candidates)
        => Best(candidates.Where(r => noun.Length > 0 && SameNoun(r.Noun, noun)))
            ?? Best(candidates.Where(r => r.Noun.Length == 0))
            ?? (noun.Length == 0 && candidates.Count == 1 ? candidates[0] : null);

    /// <summary>
    /// For a function whose name does not say it creates (<c>ParseDocument</c>): the release whose noun ends its name
    /// (<c>DocumentFree</c>), unless the function reads an existing object (a parameter of the same raw type or a
    /// handle) or its name says it looks one up; such functions usually return an object something else owns.
    /// </summary>
    private static Releaser? ReleaserOfReturned(IMethodSymbol function, List<string> words, List<Releaser> candidates)
    {
        if (IsOneOf(words[0], LookupVerbs)
            || function.Parameters.Any(p => SameRawType(p.Type, function.ReturnType) || TypeMapping.IsForeignHandle(p.Type)))
        {
            return null;
        }

        List<Releaser> matching = candidates
            .Where(r => r.Noun.Length > 0 && r.Noun.Length <= words.Count
                && SameNoun(r.Noun, words.Skip(words.Count - r.Noun.Length).ToImmutableArray()))
            .ToList();
        int longest = matching.Count == 0 ? 0 : matching.Max(r => r.Noun.Length);
        return Best(matching.Where(r => r.Noun.Length == longest));
    }

    private static Releaser? Best(IEnumerable<Releaser> candidates)
    {
        Releaser? best = null;
        foreach (Releaser candidate in candidates)
        {
            if (best is null || candidate.Rank < best.Rank)
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>The verb the name starts or ends with (<paramref name="rest"/>: the other words), or null.</summary>
    private static string? Strip(List<string> words, string[] verbs, out ImmutableArray<string> rest)
    {
        rest = ImmutableArray<string>.Empty;
        if (words.Count == 0)
        {
            return null;
        }

        if (IsOneOf(words[words.Count - 1], verbs))
        {
            rest = words.Take(words.Count - 1).ToImmutableArray();
            return Canonical(words[words.Count - 1], verbs);
        }

        if (IsOneOf(words[0], verbs))
        {
            rest = words.Skip(1).ToImmutableArray();
            return Canonical(words[0], verbs);
        }

        return null;
    }

    private static bool IsOneOf(string word, string[] set) => Canonical(word, set) is not null;

    private static string? Canonical(string word, string[] set)
        => set.FirstOrDefault(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase));

    private static bool HasOwnershipAttribute(IMethodSymbol function)
        => function.GetReturnTypeAttributes().Any(a => a.Is(KnownNames.Attribute.Borrowed) || a.Is(KnownNames.Attribute.Consumed) || a.Is(KnownNames.Attribute.Retained));

    /// <param name="Function">The release function.</param>
    /// <param name="Type">The raw type it takes.</param>
    /// <param name="Noun">What it releases (<c>Parser</c> for <c>ParserFree</c>); empty for a plain <c>Free</c>.</param>
    /// <param name="Rank">Position of its release word in <see cref="ReleaseWords"/>.</param>
    private sealed record Releaser(IMethodSymbol Function, ITypeSymbol Type, ImmutableArray<string> Noun, int Rank);
}
