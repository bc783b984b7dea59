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

/// <summary>
/// A native object a boundary function hands out as a raw pointer (BND1011): its return value, or one of its
/// <c>out</c> parameters.
/// </summary>
/// <param name="Function">The function.</param>
/// <param name="Parameter">The <c>out</c> parameter, or null for the return value.</param>
/// <param name="Type">Its type as written, where the diagnostic goes and what the fix replaces.</param>
/// <param name="Release">The boundary function that releases the object, or null when none is declared.</param>
/// <param name="ReleaseEntryPoint">The exported symbol <paramref name="Release"/> calls.</param>
/// <param name="Noun">The words that name the native object (<c>Parser</c> for <c>CreateParser</c>); may be empty.</param>
/// <param name="HasOtherReleases">Whether release functions of the same raw type are declared, none of them for this object.</param>
internal sealed record RawHandOut(
    IMethodSymbol Function,
    IParameterSymbol? Parameter,
    TypeSyntax Type,
    IMethodSymbol? Release,
    string? ReleaseEntryPoint,
    ImmutableArray<string> Noun,
    bool HasOtherReleases)
{
    /// <summary>The raw type handed out: the return type, or the <c>out</c> parameter's type.</summary>
    public ITypeSymbol RawType => Parameter?.Type ?? Function.ReturnType;
}

/// <summary>
/// Which raw pointers a boundary hands out — returned, or written to <c>out</c> parameters — stand for a native object
/// that must be released: the analyzer reports them and the code fix turns them into [ForeignHandle] types, so both
/// read the names the same way. A value counts when a release function of the boundary takes it back (same type, and
/// its name says it releases that object), or when the function's name says it creates something. Precision comes
/// first: anything else stays silent.
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

    /// <summary>
    /// Last words of <c>out</c> parameters that count what the call did (<c>out nuint written</c>, <c>out nint n</c>),
    /// besides the <see cref="QuantityWords"/>; parameter names only, function names keep their own list.
    /// </summary>
    private static readonly string[] OutQuantityWords = { "Written", "Read", "Bytes", "N" };

    /// <summary>First words of functions that hand out an object someone else owns (<c>GetParser</c>, <c>FindNode</c>).</summary>
    private static readonly string[] LookupVerbs = { "Get", "Peek", "Borrow", "Find", "Lookup", "Current" };

    /// <summary>Leading words of <c>out</c> parameter names that say how it is passed, not what it is (<c>outDb</c>, <c>ppStmt</c>).</summary>
    private static readonly string[] OutPrefixes = { "Out", "P", "Pp" };

    /// <summary>Parameter names that say nothing about the object (<c>out nint handle</c>): never a type's name.</summary>
    private static readonly string[] GenericNames = { "Handle", "Ptr", "Pointer", "Result", "Res", "Ret", "Value", "Obj", "Object", "H", "P", "Pp", "Out" };

    /// <summary>
    /// Every raw pointer <paramref name="boundary"/> hands out that stands for a native object, in declaration order
    /// (per function: the return, then the <c>out</c> parameters).
    /// </summary>
    public static ImmutableArray<RawHandOut> Find(INamedTypeSymbol boundary, CancellationToken cancellationToken)
    {
        // A boundary the generator cannot use has its own error (BND1001); warnings on its functions would be noise.
        if (boundary.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary) is not { ConstructorArguments: [{ Value: string library }] } attribute
            || !BoundaryReader.CheckClassShape(boundary, ProblemSink.None))
        {
            return ImmutableArray<RawHandOut>.Empty;
        }

        var functions = new List<(IMethodSymbol Method, MethodDeclarationSyntax Syntax)>();
        foreach (ISymbol member in boundary.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Methods with bodies, generic methods and the like are BND1002's: the reader skips them, so does this rule.
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && BoundaryReader.IsBoundaryFunction(method, ProblemSink.None, out MethodDeclarationSyntax? syntax))
            {
                functions.Add((method, syntax));
            }
        }

        var releases = new List<Releaser>();
        foreach ((IMethodSymbol function, _) in functions)
        {
            if (AsReleaser(function) is { } releaser)
            {
                releases.Add(releaser);
            }
        }

        string prefix = BoundaryReader.EntryPointPrefix(attribute, library);
        ImmutableArray<RawHandOut>.Builder? found = null;
        foreach ((IMethodSymbol function, MethodDeclarationSyntax syntax) in functions)
        {
            if (ClassifyReturn(function, syntax, releases, prefix) is { } rawReturn)
            {
                (found ??= ImmutableArray.CreateBuilder<RawHandOut>()).Add(rawReturn);
            }

            if (HasOut(function))
            {
                foreach (RawHandOut rawOut in ClassifyOuts(function, syntax, releases, prefix))
                {
                    (found ??= ImmutableArray.CreateBuilder<RawHandOut>()).Add(rawOut);
                }
            }
        }

        return found?.ToImmutable() ?? ImmutableArray<RawHandOut>.Empty;
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

    /// <summary>Whether <paramref name="function"/> has an out parameter (few do; only they need <see cref="ClassifyOuts"/>).</summary>
    private static bool HasOut(IMethodSymbol function)
    {
        foreach (IParameterSymbol parameter in function.Parameters)
        {
            if (parameter.RefKind == Microsoft.CodeAnalysis.RefKind.Out)
            {
                return true;
            }
        }

        return false;
    }

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

    private static RawHandOut? ClassifyReturn(IMethodSymbol function, MethodDeclarationSyntax syntax, List<Releaser> releases, string prefix)
    {
        if (function.ReturnsByRef
            || function.ReturnsByRefReadonly
            || !IsRawHandleType(function.ReturnType, out bool isInteger)
            || HasOwnershipAttribute(function.GetReturnTypeAttributes())) // [return: Borrowed] on a raw pointer is BND1008's to report.
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

        return HandOut(function, null, syntax.ReturnType, release, prefix, release is { Noun.Length: > 0 } ? release.Noun : noun, candidates);
    }

    /// <summary>
    /// The raw <c>out</c> parameters of <paramref name="function"/> that hand out a native object. The function's name
    /// speaks for what it returns when that is a raw pointer or a handle (<c>nint CreateParser(out nint error)</c>
    /// creates the parser, not the error); otherwise it speaks for its raw <c>out</c> parameters: a creator's are each
    /// reported, and the release function its name points to is matched when there is only one. Any <c>out</c>
    /// parameter is also reported when a release function's noun ends the parameter's name (<c>out nint document</c>
    /// with <c>DocumentFree</c>), unless the function looks an object up or reads one (as for returns).
    /// </summary>
    private static IEnumerable<RawHandOut> ClassifyOuts(IMethodSymbol function, MethodDeclarationSyntax syntax, List<Releaser> releases, string prefix)
    {
        List<string> words = Naming.Words(function.Name);
        if (words.Count == 0 || IsOneOf(words[0], LookupVerbs))
        {
            yield break; // GetParser(out nint parser): a view of an object someone else owns.
        }

        bool countsSomething = IsOneOf(words[words.Count - 1], QuantityWords);
        var outs = new List<(IParameterSymbol Parameter, TypeSyntax Type, List<string> Name)>();
        foreach (IParameterSymbol parameter in function.Parameters)
        {
            if (parameter.RefKind != Microsoft.CodeAnalysis.RefKind.Out
                || !IsRawHandleType(parameter.Type, out bool isInteger)
                || HasOwnershipAttribute(parameter.GetAttributes()) // [Borrowed] on a raw out parameter is BND1008's to report.
                || parameter.Ordinal >= syntax.ParameterList.Parameters.Count
                || syntax.ParameterList.Parameters[parameter.Ordinal].Type is not { } type)
            {
                continue;
            }

            List<string> name = ObjectWords(parameter.Name);
            if (isInteger && (countsSomething
                || (name.Count > 0 && (IsOneOf(name[name.Count - 1], QuantityWords) || IsOneOf(name[name.Count - 1], OutQuantityWords)))))
            {
                continue; // out nuint length, out nint count, NewCount(out nint value): numbers.
            }

            outs.Add((parameter, type, name));
        }

        if (outs.Count == 0)
        {
            yield break;
        }

        bool creates = Strip(words, CreationVerbs, out ImmutableArray<string> noun) is not null;
        bool nameIsTheReturns = (!function.ReturnsByRef && !function.ReturnsByRefReadonly && IsRawHandleType(function.ReturnType, out _))
            || TypeMapping.IsForeignHandle(function.ReturnType);
        // Counted over handle out parameters too, so converting one of them (by this fix, or by hand) does not change
        // what the others are taken for.
        List<IParameterSymbol> objectOuts = function.Parameters
            .Where(p => p.RefKind == Microsoft.CodeAnalysis.RefKind.Out && (outs.Any(o => o.Parameter.Ordinal == p.Ordinal) || TypeMapping.IsForeignHandle(p.Type)))
            .ToList();
        bool single = objectOuts.Count == 1;
        bool nounNamesAnOut = noun.Length > 0 && objectOuts.Any(p => EndsWith(ObjectWords(p.Name), noun));
        foreach ((IParameterSymbol parameter, TypeSyntax type, List<string> name) in outs)
        {
            List<Releaser> candidates = releases.Where(r => SameRawType(r.Type, parameter.Type)).ToList();
            Releaser? byName = ReleaserEnding(name, candidates);
            if (creates && !nameIsTheReturns)
            {
                // The function's noun names every out parameter it creates (OpenPair(out nint first, out nint second)
                // with PairClose), unless one of them carries that name: CreateParser(out nint parser, out nint log)
                // creates a parser and something else. A release matched by the parameter's own name comes first,
                // then the function's noun, a plain Free, and for Open(out nint db) the only release of its type.
                bool named = noun.Length > 0 && (!nounNamesAnOut || EndsWith(name, noun));
                Releaser? release = byName
                    ?? (named ? Best(candidates.Where(r => SameNoun(r.Noun, noun))) : null)
                    ?? Best(candidates.Where(r => r.Noun.Length == 0))
                    ?? (single && noun.Length == 0 && candidates.Count == 1 ? candidates[0] : null);
                ImmutableArray<string> objectNoun = release is { Noun.Length: > 0 } ? release.Noun
                    : named ? noun
                    : name.Count == 1 && IsOneOf(name[0], GenericNames) ? ImmutableArray<string>.Empty
                    : name.ToImmutableArray();
                yield return HandOut(function, parameter, type, release, prefix, objectNoun, candidates);
            }
            else
            {
                // As for returns: ParseDocument(byte* text, out nint document) with DocumentFree creates, while
                // ParserDocument(Parser parser, out nint document) may hand out a view of what the parser owns.
                Releaser? release = byName ?? (single && !nameIsTheReturns ? ReleaserEnding(words, candidates) : null);
                if (release is not null && !ReadsObject(function, parameter.Type, inputsOnly: true))
                {
                    yield return HandOut(function, parameter, type, release, prefix, release.Noun, candidates);
                }
            }
        }
    }

    private static RawHandOut HandOut(
        IMethodSymbol function, IParameterSymbol? parameter, TypeSyntax type, Releaser? release, string prefix, ImmutableArray<string> noun, List<Releaser> candidates)
        => new(
            function,
            parameter,
            type,
            release?.Function,
            release is null ? null : BoundaryReader.EntryPoint(release.Function, prefix),
            noun,
            release is null && candidates.Count > 0);

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
        if (IsOneOf(words[0], LookupVerbs) || ReadsObject(function, function.ReturnType, inputsOnly: false))
        {
            return null;
        }

        return ReleaserEnding(words, candidates);
    }

    /// <summary>
    /// Whether <paramref name="function"/>'s name says it releases its one raw argument, whatever it returns:
    /// <c>int Close(nint db)</c> is not a release function a handle can call (it returns a status someone should read),
    /// yet a handle passed to it would be released twice. The fix leaves its parameter raw.
    /// </summary>
    public static bool NamedToRelease(IMethodSymbol function)
        => function.Parameters.Length == 1
            && function.Parameters[0].RefKind == Microsoft.CodeAnalysis.RefKind.None
            && IsRawHandleType(function.Parameters[0].Type, out _)
            && Strip(Naming.Words(function.Name), ReleaseWords, out _) is not null;

    private static bool EndsWith(List<string> words, ImmutableArray<string> noun)
        => noun.Length <= words.Count && SameNoun(noun, words.Skip(words.Count - noun.Length).ToImmutableArray());

    /// <summary>The release whose noun ends <paramref name="words"/> (<c>DocumentFree</c> for <c>ParseDocument</c>), the longest noun first.</summary>
    private static Releaser? ReleaserEnding(List<string> words, List<Releaser> candidates)
    {
        List<Releaser> matching = candidates.Where(r => r.Noun.Length > 0 && EndsWith(words, r.Noun)).ToList();
        int longest = matching.Count == 0 ? 0 : matching.Max(r => r.Noun.Length);
        return Best(matching.Where(r => r.Noun.Length == longest));
    }

    /// <summary>
    /// Whether the function reads an existing object (a parameter of the same raw type, or a handle), so what it hands
    /// out may well be a view of it (<c>ParserDocument(Parser parser)</c>). For an <c>out</c> parameter, the other
    /// <c>out</c> parameters are outputs, not objects it reads.
    /// </summary>
    private static bool ReadsObject(IMethodSymbol function, ITypeSymbol rawType, bool inputsOnly)
        => function.Parameters.Any(p => (!inputsOnly || p.RefKind != Microsoft.CodeAnalysis.RefKind.Out)
            && (SameRawType(p.Type, rawType) || TypeMapping.IsForeignHandle(p.Type)));

    /// <summary>The words of a parameter's name without a leading <c>out</c>/<c>p</c>/<c>pp</c> (<c>ppDb</c> → <c>Db</c>).</summary>
    private static List<string> ObjectWords(string name)
    {
        List<string> words = Naming.Words(name);
        if (words.Count > 1 && IsOneOf(words[0], OutPrefixes))
        {
            words.RemoveAt(0);
        }

        return words;
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

    private static bool HasOwnershipAttribute(ImmutableArray<AttributeData> attributes)
        => attributes.Any(a => a.Is(KnownNames.Attribute.Borrowed) || a.Is(KnownNames.Attribute.Consumed) || a.Is(KnownNames.Attribute.Retained));

    /// <param name="Function">The release function.</param>
    /// <param name="Type">The raw type it takes.</param>
    /// <param name="Noun">What it releases (<c>Parser</c> for <c>ParserFree</c>); empty for a plain <c>Free</c>.</param>
    /// <param name="Rank">Position of its release word in <see cref="ReleaseWords"/>.</param>
    private sealed record Releaser(IMethodSymbol Function, ITypeSymbol Type, ImmutableArray<string> Noun, int Rank);
}
