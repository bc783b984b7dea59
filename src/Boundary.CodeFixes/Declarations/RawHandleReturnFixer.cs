using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Declarations;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.CodeFixes.Declarations;

/// <summary>
/// BND1011: declares a [ForeignHandle] type for the native object, right after the boundary class, and returns it (or
/// writes it to the <c>out</c> parameter) instead of the raw pointer. When a release function was found, its entry
/// point becomes the handle's Release and the function itself goes (the generated SafeHandle calls it); parameters of
/// the raw type named after the object (<c>nint parser</c>) take the handle too. The boundary's parts may span
/// documents, so the fix edits the solution; every return and <c>out</c> parameter sharing the release function (or,
/// without one, the object's name) is converted in one step, so a fix never leaves a sibling pointing at a removed
/// release function.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RawHandleReturnFixer)), Shared]
public sealed class RawHandleReturnFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.RawHandleReturn);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Solution solution = context.Document.Project.Solution;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue; // dotnet format asks with the first diagnostic of any id the analyzer reports
            }

            var target = new Target(context.Document.Id, diagnostic.Location.SourceSpan);
            List<NewHandle> handles = await RawHandlePlan.PlanAsync(solution, new[] { target }, context.CancellationToken).ConfigureAwait(false);
            if (handles.FirstOrDefault(h => h.Targets.ContainsKey(target)) is not { } handle)
            {
                continue;
            }

            string title = handle.Targets[target].Parameter is { } parameter
                ? $"Declare out parameter '{parameter.Name}' as a [ForeignHandle] type '{handle.Name}'"
                : $"Return a [ForeignHandle] type '{handle.Name}'";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => Task.FromResult(RawHandlePlan.Apply(solution, handles, ct)),
                    equivalenceKey: nameof(RawHandleReturnFixer)),
                diagnostic);
        }
    }

    /// <summary>Plans every diagnostic in scope together, so a handle several diagnostics share is declared once.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            var diagnostics = new List<Diagnostic>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document is not null:
                    diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (Project project in context.Solution.Projects)
                    {
                        diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
                default:
                    return null;
            }

            Solution solution = context.Solution;
            var targets = new List<Target>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (diagnostic.Location.SourceTree is { } tree
                    && (solution.GetDocumentId(tree) ?? solution.GetDocumentIdsWithFilePath(tree.FilePath).FirstOrDefault()) is { } id)
                {
                    targets.Add(new Target(id, diagnostic.Location.SourceSpan));
                }
            }

            return targets.Count == 0
                ? null
                : CodeAction.Create(
                    "Hand out [ForeignHandle] types",
                    async ct => RawHandlePlan.Apply(solution, await RawHandlePlan.PlanAsync(solution, targets, ct).ConfigureAwait(false), ct),
                    equivalenceKey: context.CodeActionEquivalenceKey);
        }
    }
}

/// <summary>A diagnostic to fix: the document and the return or out parameter type it marks.</summary>
internal readonly record struct Target(DocumentId Document, TextSpan Span);

/// <summary>One [ForeignHandle] type the fix declares, and the raw returns and out parameters it replaces.</summary>
internal sealed class NewHandle
{
    public NewHandle(INamedTypeSymbol boundary, RawHandOut first)
    {
        Boundary = boundary;
        RawType = first.RawType;
        Noun = first.Noun;
        Release = first.Release;
        ReleaseEntryPoint = first.ReleaseEntryPoint;
    }

    public INamedTypeSymbol Boundary { get; }

    public ITypeSymbol RawType { get; }

    public ImmutableArray<string> Noun { get; }

    public IMethodSymbol? Release { get; }

    public string? ReleaseEntryPoint { get; }

    public List<RawHandOut> HandOuts { get; } = new();

    /// <summary>The diagnostics this handle fixes, with what each marks.</summary>
    public Dictionary<Target, RawHandOut> Targets { get; } = new();

    public string Name { get; set; } = "";

    /// <summary>Whether <paramref name="handOut"/> hands out the same object: same release function, or same type and name.</summary>
    public bool Holds(RawHandOut handOut)
        => SymbolEqualityComparer.Default.Equals(Release, handOut.Release)
            && RawHandleReturns.SameRawType(RawType, handOut.RawType)
            && Noun.Length > 0
            && RawHandleReturns.SameNoun(Noun, handOut.Noun);
}

/// <summary>Decides the handles to declare for a set of diagnostics, then writes them in one solution edit.</summary>
internal static class RawHandlePlan
{
    public static async Task<List<NewHandle>> PlanAsync(Solution solution, IEnumerable<Target> targets, CancellationToken cancellationToken)
    {
        var handles = new List<NewHandle>();
        var boundaries = new Dictionary<INamedTypeSymbol, ImmutableArray<RawHandOut>>(SymbolEqualityComparer.Default);
        var selected = new Dictionary<INamedTypeSymbol, List<(RawHandOut HandOut, Target? Target)>>(SymbolEqualityComparer.Default);
        var compilations = new Dictionary<INamedTypeSymbol, Compilation>(SymbolEqualityComparer.Default);

        foreach (Target target in targets)
        {
            if (solution.GetDocument(target.Document) is not { } document
                || await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation
                || await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is not { } tree
                || !compilation.ContainsSyntaxTree(tree)
                || (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(target.Span, getInnermostNodeForTie: true) is not { } marked
                || marked.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } declaration
                || compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration, cancellationToken) is not { ContainingType: { } boundary } function)
            {
                continue;
            }

            // The return type, or the type of one of the method's own parameters.
            int? ordinal = marked.AncestorsAndSelf().TakeWhile(n => n != declaration).OfType<ParameterSyntax>().FirstOrDefault() is { } parameter
                ? declaration.ParameterList.Parameters.IndexOf(parameter)
                : null;

            if (!boundaries.TryGetValue(boundary, out ImmutableArray<RawHandOut> found))
            {
                found = RawHandleReturns.Find(boundary, cancellationToken);
                boundaries.Add(boundary, found);
                selected.Add(boundary, new List<(RawHandOut, Target?)>());
                compilations.Add(boundary, compilation);
            }

            if (found.FirstOrDefault(r => SymbolEqualityComparer.Default.Equals(r.Function, function) && r.Parameter?.Ordinal == ordinal) is not { } handOut)
            {
                continue; // The declaration changed since the diagnostic was reported.
            }

            // Everything that shares the release function goes with it: removing it from under a sibling would leave
            // that sibling's objects without one. Without a release function, the same object's other creators go too.
            foreach (RawHandOut sibling in found)
            {
                bool same = ReferenceEquals(sibling, handOut)
                    || (handOut.Release is not null && SymbolEqualityComparer.Default.Equals(sibling.Release, handOut.Release))
                    || (handOut.Release is null && sibling.Release is null && handOut.Noun.Length > 0
                        && RawHandleReturns.SameRawType(sibling.RawType, handOut.RawType)
                        && RawHandleReturns.SameNoun(sibling.Noun, handOut.Noun));
                if (same)
                {
                    selected[boundary].Add((sibling, ReferenceEquals(sibling, handOut) ? target : null));
                }
            }
        }

        foreach (KeyValuePair<INamedTypeSymbol, List<(RawHandOut HandOut, Target? Target)>> entry in selected)
        {
            INamedTypeSymbol boundary = entry.Key;
            var ofBoundary = new List<NewHandle>();

            // Declaration order, so one fix at a time and Fix All choose the same names.
            foreach (RawHandOut handOut in boundaries[boundary])
            {
                List<Target?> marks = entry.Value.Where(s => ReferenceEquals(s.HandOut, handOut)).Select(s => s.Target).ToList();
                if (marks.Count == 0)
                {
                    continue;
                }

                NewHandle handle = ofBoundary.FirstOrDefault(h => h.Holds(handOut)) ?? Add(ofBoundary, new NewHandle(boundary, handOut));
                handle.HandOuts.Add(handOut);
                foreach (Target mark in marks.OfType<Target>())
                {
                    handle.Targets[mark] = handOut;
                }
            }

            Name(ofBoundary, compilations[boundary], cancellationToken);
            handles.AddRange(ofBoundary);
        }

        return handles;
    }

    public static Solution Apply(Solution solution, List<NewHandle> handles, CancellationToken cancellationToken)
    {
        var editors = new Dictionary<DocumentId, SyntaxEditor>();
        SyntaxEditor? EditorFor(SyntaxTree tree)
        {
            if (solution.GetDocumentId(tree) is not { } id)
            {
                return null;
            }

            if (!editors.TryGetValue(id, out SyntaxEditor? editor))
            {
                editor = new SyntaxEditor(tree.GetRoot(cancellationToken), solution.Services);
                editors.Add(id, editor);
            }

            return editor;
        }

        foreach (IGrouping<INamedTypeSymbol, NewHandle> boundary in handles.GroupBy<NewHandle, INamedTypeSymbol>(h => h.Boundary, SymbolEqualityComparer.Default))
        {
            if (MainDeclaration(boundary.Key, cancellationToken) is not { } main || EditorFor(main.SyntaxTree) is not { } mainEditor)
            {
                continue;
            }

            MemberDeclarationSyntax anchor = InsertionPoint(main);
            mainEditor.InsertAfter(anchor, boundary.Select(h => Declaration(h, main, anchor)));

            foreach (NewHandle handle in boundary)
            {
                foreach (RawHandOut handOut in handle.HandOuts)
                {
                    if (EditorFor(handOut.Type.SyntaxTree) is { } editor)
                    {
                        editor.ReplaceNode(handOut.Type, TypeName(handle.Name, handOut.Type));
                    }
                }
            }

            var released = new HashSet<IMethodSymbol>(boundary.Select(h => h.Release).OfType<IMethodSymbol>(), SymbolEqualityComparer.Default);
            foreach (IMethodSymbol release in released)
            {
                if (Syntax(release, cancellationToken) is { } declaration && EditorFor(declaration.SyntaxTree) is { } editor)
                {
                    editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }
            }

            foreach (IMethodSymbol function in boundary.Key.GetMembers().OfType<IMethodSymbol>())
            {
                // A release-named function that is no release function (int Close(nint db)) keeps its raw parameter: a
                // call passing the new handle then fails to compile, where a silent conversion would release it twice.
                if (function.MethodKind != MethodKind.Ordinary
                    || released.Contains(function)
                    || !BoundaryReader.IsBoundaryFunction(function, ProblemSink.None)
                    || RawHandleReturns.NamedToRelease(function))
                {
                    continue;
                }

                foreach (IParameterSymbol parameter in function.Parameters)
                {
                    if (parameter.RefKind == Microsoft.CodeAnalysis.RefKind.None
                        && HandleNamedBy(parameter, boundary) is { } handle
                        && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ParameterSyntax { Type: { } type } syntax
                        && EditorFor(syntax.SyntaxTree) is { } editor)
                    {
                        editor.ReplaceNode(type, TypeName(handle.Name, type));
                    }
                }
            }
        }

        foreach (KeyValuePair<DocumentId, SyntaxEditor> edited in editors)
        {
            solution = solution.WithDocumentSyntaxRoot(edited.Key, edited.Value.GetChangedRoot());
        }

        return solution;
    }

    private static NewHandle Add(List<NewHandle> handles, NewHandle handle)
    {
        handles.Add(handle);
        return handle;
    }

    /// <summary>
    /// The object's name (<c>CreateParser</c> → <c>Parser</c>); with <c>Handle</c> appended, then a number, while a type
    /// of that name exists or is visible from the boundary. A function whose name is only a verb (<c>Open</c>) gives
    /// <c>{Boundary}Handle</c>.
    /// </summary>
    private static void Name(List<NewHandle> handles, Compilation compilation, CancellationToken cancellationToken)
    {
        if (handles.Count == 0)
        {
            return;
        }

        INamedTypeSymbol boundary = handles[0].Boundary;
        ClassDeclarationSyntax? main = MainDeclaration(boundary, cancellationToken);
        SemanticModel? model = main is not null && compilation.ContainsSyntaxTree(main.SyntaxTree) ? compilation.GetSemanticModel(main.SyntaxTree) : null;
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (NewHandle handle in handles)
        {
            handle.Name = Candidates(string.Concat(handle.Noun.Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1))), boundary.Name)
                .First(name => !taken.Contains(name)
                    && !compilation.GetSymbolsWithName(name, SymbolFilter.Type, cancellationToken).Any()
                    && (model is null || model.LookupNamespacesAndTypes(main!.OpenBraceToken.Span.End, name: name).IsEmpty));
            taken.Add(handle.Name);
        }
    }

    private static IEnumerable<string> Candidates(string noun, string boundaryName)
    {
        string stem = boundaryName + "Handle";
        if (SyntaxFacts.IsValidIdentifier(noun) && SyntaxFacts.GetKeywordKind(noun) == SyntaxKind.None)
        {
            yield return noun;
            stem = noun + "Handle";
        }

        yield return stem;
        for (int n = 2; ; n++)
        {
            yield return stem + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The handle whose object the parameter names (<c>nint parser</c>, <c>nint inputParser</c>), longest name first.</summary>
    private static NewHandle? HandleNamedBy(IParameterSymbol parameter, IEnumerable<NewHandle> handles)
        => handles
            .Where(h => h.Noun.Length > 0
                && RawHandleReturns.SameRawType(h.RawType, parameter.Type)
                && parameter.Name.EndsWith(string.Concat(h.Noun), System.StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(h => string.Concat(h.Noun).Length)
            .FirstOrDefault();

    /// <summary>The declaration carrying [ForeignBoundary], else the boundary's first declaration.</summary>
    private static ClassDeclarationSyntax? MainDeclaration(INamedTypeSymbol boundary, CancellationToken cancellationToken)
        => boundary.GetAttributes().Find(KnownNames.Attribute.ForeignBoundary)?.ApplicationSyntaxReference?.GetSyntax(cancellationToken)
                .FirstAncestorOrSelf<ClassDeclarationSyntax>()
            ?? boundary.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().FirstOrDefault();

    /// <summary>
    /// After the boundary's declaration and the [ForeignHandle] classes that already follow it, so handles added one
    /// fix at a time line up in declaration order, as Fix All writes them.
    /// </summary>
    private static MemberDeclarationSyntax InsertionPoint(ClassDeclarationSyntax boundary)
    {
        SyntaxList<MemberDeclarationSyntax> siblings = boundary.Parent switch
        {
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            TypeDeclarationSyntax type => type.Members,
            CompilationUnitSyntax unit => unit.Members,
            _ => default,
        };

        MemberDeclarationSyntax last = boundary;
        for (int i = siblings.IndexOf(boundary) + 1; i > 0 && i < siblings.Count && IsHandleDeclaration(siblings[i]); i++)
        {
            last = siblings[i];
        }

        return last;
    }

    private static bool IsHandleDeclaration(MemberDeclarationSyntax member)
        => member is ClassDeclarationSyntax declaration
            && declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is var name
                && (name.EndsWith("ForeignHandle", System.StringComparison.Ordinal) || name.EndsWith("ForeignHandleAttribute", System.StringComparison.Ordinal)));

    private static MethodDeclarationSyntax? Syntax(IMethodSymbol function, CancellationToken cancellationToken)
        => function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;

    private static TypeSyntax TypeName(string name, TypeSyntax replaced)
        => SyntaxFactory.IdentifierName(name).WithTriviaFrom(replaced);

    /// <summary>
    /// <c>[ForeignHandle(Release = "...")] {access} sealed partial class {Name};</c> after a blank line, indented like
    /// the boundary. The attribute is written in full and simplified by the code action, which shortens it to
    /// <c>ForeignHandle</c> wherever <c>Boundary</c> is imported.
    /// </summary>
    private static MemberDeclarationSyntax Declaration(NewHandle handle, ClassDeclarationSyntax boundary, MemberDeclarationSyntax anchor)
    {
        SyntaxTree tree = boundary.SyntaxTree;
        string newLine = tree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol
            ? eol.ToString()
            : "\n";
        SyntaxTriviaList leading = boundary.GetLeadingTrivia();
        string indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1].ToString() : "";
        // After a line break the new lines end with one too; at the end of a file without one, neither do they.
        bool endsLine = anchor.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia);
        string access = handle.Boundary.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        string release = handle.ReleaseEntryPoint is null ? "" : $"(Release = {SymbolDisplay.FormatLiteral(handle.ReleaseEntryPoint, quote: true)})";
        bool bodiless = tree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp12 };
        string text = $"{(endsLine ? "" : newLine)}{newLine}{indentation}[global::Boundary.ForeignHandle{release}]{newLine}"
            + $"{indentation}{access} sealed partial class {handle.Name}{(bodiless ? ";" : " { }")}{(endsLine ? newLine : "")}";

        var declaration = (MemberDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(text, options: tree.Options)!;
        NameSyntax attribute = declaration.AttributeLists[0].Attributes[0].Name;
        return declaration.ReplaceNode(attribute, attribute.WithAdditionalAnnotations(Simplifier.Annotation));
    }
}
