using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.CodeFixes.Ownership;

/// <summary>How a BND2001 fix makes a local dispose its value on every path.</summary>
public enum DisposeKind
{
    /// <summary><c>using var h = …;</c></summary>
    Using,

    /// <summary><c>try { … } finally { h.Dispose(); }</c> around the statements after the write.</summary>
    Finally,
}

/// <summary>
/// What a BND2001 fix changes: the statement that makes <see cref="Local"/> own the value, how it then disposes it,
/// and the explicit releases (<c>h.Dispose();</c>) it removes because the new dispose takes their place — kept, they
/// would dispose the value twice on the paths that reach them. <see cref="End"/> is the release that ends a
/// <c>try</c> early (the statements after it, which no longer mention the local, stay outside), so the value is
/// released where the code released it before.
/// </summary>
/// <param name="Kind">How the local disposes its value.</param>
/// <param name="Statement">The statement that makes the local own the value.</param>
/// <param name="Local">The local's name.</param>
/// <param name="MaybeNull">Whether the local may hold null in <c>finally</c> (<c>h?.Dispose()</c>).</param>
/// <param name="Releases">The explicit releases the fix removes.</param>
/// <param name="End">The release that ends the <c>try</c>, if any.</param>
/// <param name="Usings">The <c>using (h) { … }</c> statements the fix unwraps to their body, for the same reason.</param>
public sealed record DisposePlan(DisposeKind Kind, StatementSyntax Statement, string Local, bool MaybeNull, ImmutableArray<ExpressionStatementSyntax> Releases, ExpressionStatementSyntax? End, ImmutableArray<UsingStatementSyntax> Usings);

/// <summary>
/// The two BND2001 fixes — <c>using var</c> and <c>try</c>/<c>finally</c> — planned against the analyzer's view of the
/// local, and one rewrite that applies any number of plans to a document (Fix All).
/// </summary>
internal static class DisposePlans
{
    /// <summary>
    /// The fix Fix All (and so <c>dotnet format</c>) applies to a diagnostic: <c>using var</c> for a declaration whose
    /// local has no explicit release; otherwise <c>try</c>/<c>finally</c>, which keeps where the value was released;
    /// otherwise <c>using var</c> anyway.
    /// </summary>
    public static DisposePlan? Preferred(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        DisposePlan? withUsing = Using(root, model, diagnostic, cancellationToken);
        return withUsing is { Releases.IsEmpty: true, Usings.IsEmpty: true } ? withUsing : Finally(root, model, diagnostic, cancellationToken) ?? withUsing;
    }

    /// <summary>
    /// <c>using var</c>: where the analyzer reports the local at its declaration and sees every reference keep
    /// ownership where it is (a use or a release: nothing returned, stored, captured, moved or passed elsewhere on any
    /// path, which would be disposed under its new owner), and the declaration is its only write.
    /// </summary>
    public static DisposePlan? Using(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id != RuleIds.NotDisposed
            || root.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax declarator
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax block } statement
            || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
            || statement.Declaration.Variables.Count != 1
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || AnalyzerView.Of(local, declarator, model, cancellationToken) is not { } view
            || !view.Reports(diagnostic.Id, diagnostic.Location.SourceSpan)
            || view.WriteAt(declarator)?.Received is null
            || !view.OnlyKept
            || view.Writes.Any(w => w.Write.Syntax != declarator)
            || ReleasesIn(Rest(block, statement), local, model, cancellationToken) is not var (releases, usings))
        {
            return null;
        }

        return new DisposePlan(DisposeKind.Using, statement, local.Name, MaybeNull: false, releases, End: null, usings);
    }

    /// <summary>
    /// <c>try</c>/<c>finally</c>, after <c>var h = Lib.New();</c>, <c>h = Lib.New();</c>, or a call writing an owned value
    /// through <c>out var h</c> / <c>out h</c>: under the same condition as <c>using var</c>, asked of the analyzer; nothing
    /// writes the local in the statements that move into the <c>try</c> (so <c>finally</c> disposes this value), and the
    /// problem is this value's, not an older one the write drops.
    /// </summary>
    public static DisposePlan? Finally(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id != RuleIds.NotDisposed)
        {
            return null;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { } outArgument && outArgument.Span == diagnostic.Location.SourceSpan)
        {
            node = outArgument;
        }

        ILocalSymbol? local;
        StatementSyntax? statement;
        bool maybeNull;
        switch (node)
        {
            case VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax declaration, Initializer.Value: { } initializer } declarator
                when declaration.Declaration.Variables.Count == 1 && !declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                local = model.GetDeclaredSymbol(declarator, cancellationToken) as ILocalSymbol;
                statement = declaration;
                maybeNull = MaybeNull(initializer);
                break;
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax expression, Left: IdentifierNameSyntax name } assignment
                when node.IsKind(SyntaxKind.SimpleAssignmentExpression):
                local = model.GetSymbolInfo(name, cancellationToken).Symbol as ILocalSymbol;
                statement = expression;
                maybeNull = MaybeNull(assignment.Right);
                break;
            case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                && model.GetOperation(argument, cancellationToken) is IArgumentOperation { Parameter: { } parameter } operation
                && Owned.WrittenBy(operation) is ILocalReferenceOperation written:
                statement = OwningStatement(argument);
                local = written.Local;
                maybeNull = parameter.Type.NullableAnnotation != NullableAnnotation.NotAnnotated;
                break;
            default:
                return null;
        }

        if (local is null
            || statement?.Parent is not BlockSyntax block
            || Rest(block, statement).Any(s => s is LocalFunctionStatementSyntax or LabeledStatementSyntax)
            || AnalyzerView.Of(local, node, model, cancellationToken) is not { } view
            || !view.Reports(diagnostic.Id, diagnostic.Location.SourceSpan)
            || view.WriteAt(node)?.Received is null
            || !view.OnlyKept)
        {
            return null;
        }

        // In 'finally' the local must still hold this value: nothing in the wrapped statements writes it.
        TextSpan wrapped = TextSpan.FromBounds(statement.Span.End, block.CloseBraceToken.SpanStart);
        if (view.Writes.Any(w => w.Write.Syntax != node && wrapped.Contains(w.Write.Syntax.Span)))
        {
            return null;
        }

        // A write that drops an older creation (reported as such) is not fixed by disposing the new one; a value from
        // this same write in a loop's previous iteration is.
        bool onlyCreation = view.Writes.Where(w => w.Received is not null).Select(w => w.Write.Syntax).Distinct().Count() == 1;
        if (!onlyCreation && view.Before(node).HasFlag(Fate.Live))
        {
            return null;
        }

        List<StatementSyntax> rest = Rest(block, statement).ToList();
        if (ReleasesIn(rest, local, model, cancellationToken) is not var (releases, usings))
        {
            return null;
        }

        return new DisposePlan(DisposeKind.Finally, statement, local.Name, maybeNull, releases, EndOf(rest, releases, local, model, cancellationToken), usings);

        bool MaybeNull(ExpressionSyntax value) => model.GetTypeInfo(value, cancellationToken).Nullability.FlowState != NullableFlowState.NotNull;
    }

    /// <summary>The document's new root with every plan applied; a <c>try</c> of a local created earlier encloses those of locals created after it.</summary>
    public static SyntaxNode Apply(SyntaxNode root, IEnumerable<DisposePlan> plans)
    {
        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var unique = new List<DisposePlan>();
        foreach (DisposePlan plan in plans)
        {
            if (marks.ContainsKey(plan.Statement))
            {
                continue;
            }

            unique.Add(plan);
            foreach (SyntaxNode node in plan.Releases.Cast<SyntaxNode>().Concat(plan.Usings).Prepend(plan.Statement))
            {
                if (!marks.ContainsKey(node))
                {
                    marks.Add(node, new SyntaxAnnotation());
                }
            }
        }

        root = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
        foreach (DisposePlan plan in unique.OrderByDescending(p => p.Statement.SpanStart))
        {
            if (root.GetAnnotatedNodes(marks[plan.Statement]).FirstOrDefault() is not StatementSyntax { Parent: BlockSyntax } statement)
            {
                continue;
            }

            root = plan.Kind == DisposeKind.Using
                ? root.ReplaceNode(statement, AddUsing((LocalDeclarationStatementSyntax)statement))
                : Wrap(root, statement, plan.Local, plan.MaybeNull, plan.End is null ? null : marks[plan.End]);
        }

        // The using statements and releases the new dispose replaces, wherever the wrapping moved them.
        var usings = unique.SelectMany(p => p.Usings).Distinct()
            .SelectMany(u => root.GetAnnotatedNodes(marks[u]))
            .ToList();
        root = root.ReplaceNodes(usings, (_, rewritten) => ((UsingStatementSyntax)rewritten).Statement.WithTriviaFrom(rewritten));
        var releases = unique.SelectMany(p => p.Releases).Distinct()
            .SelectMany(r => root.GetAnnotatedNodes(marks[r]))
            .ToList();
        return releases.Count == 0 ? root : root.RemoveNodes(releases, SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
    }

    /// <summary>The statements after <paramref name="statement"/> in its block.</summary>
    private static IEnumerable<StatementSyntax> Rest(BlockSyntax block, StatementSyntax statement)
        => block.Statements.Skip(block.Statements.IndexOf(statement) + 1);

    /// <summary>The statement an out argument is written in: an expression statement or a plain declaration, with no lambda between them.</summary>
    private static StatementSyntax? OwningStatement(ArgumentSyntax argument)
        => argument.FirstAncestorOrSelf<StatementSyntax>() is { } statement
            && statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None }
            && !argument.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax)
                ? statement
                : null;

    /// <summary>
    /// The explicit releases of <paramref name="local"/> in <paramref name="statements"/> (<c>h.Dispose();</c>,
    /// <c>h.Close();</c>, <c>h?.Dispose();</c>), each a statement of a block, and the <c>using (h)</c> statements that
    /// release it; null when a release cannot be removed on its own (<c>if (done) h.Dispose();</c>, a release inside a
    /// larger expression).
    /// </summary>
    private static (ImmutableArray<ExpressionStatementSyntax> Releases, ImmutableArray<UsingStatementSyntax> Usings)? ReleasesIn(IEnumerable<StatementSyntax> statements, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        List<StatementSyntax> all = statements.ToList();
        ImmutableArray<UsingStatementSyntax> usings = all.SelectMany(s => s.DescendantNodesAndSelf()).OfType<UsingStatementSyntax>()
            .Where(u => u.Expression is IdentifierNameSyntax name && name.Identifier.Text == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            .ToImmutableArray();
        var releases = ImmutableArray.CreateBuilder<ExpressionStatementSyntax>();
        foreach (InvocationExpressionSyntax call in all.SelectMany(s => s.DescendantNodesAndSelf()).OfType<InvocationExpressionSyntax>())
        {
            ExpressionSyntax release = call.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == call ? access : call;
            if (!SymbolEqualityComparer.Default.Equals(Owned.ReleasedLocal(model.GetOperation(release, cancellationToken))?.Local, local))
            {
                continue;
            }

            if (release.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement)
            {
                return null;
            }

            releases.Add(statement);
        }

        return (releases.ToImmutable(), usings);
    }

    /// <summary>The last statement of <paramref name="rest"/> when it is a release after which nothing mentions the local: the <c>try</c> ends there.</summary>
    private static ExpressionStatementSyntax? EndOf(List<StatementSyntax> rest, ImmutableArray<ExpressionStatementSyntax> releases, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        int last = rest.FindLastIndex(s => s is ExpressionStatementSyntax e && releases.Contains(e));
        if (last < 0)
        {
            return null;
        }

        // What stays after the try must not mention the local, nor anything declared in what moves into the try.
        TextSpan wrapped = TextSpan.FromBounds(rest[0].SpanStart, rest[last].SpanStart);
        bool mentionedAfter = rest.Skip(last + 1)
            .SelectMany(s => s.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            .Select(n => model.GetSymbolInfo(n, cancellationToken).Symbol)
            .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, local)
                || (symbol is ILocalSymbol or ILabelSymbol && symbol.Locations.Any(l => l.IsInSource && wrapped.Contains(l.SourceSpan))));
        return mentionedAfter ? null : (ExpressionStatementSyntax)rest[last];
    }

    private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax statement)
    {
        SyntaxToken first = statement.GetFirstToken();
        return statement
            .ReplaceToken(first, first.WithLeadingTrivia())
            .WithUsingKeyword(SyntaxFactory.Token(first.LeadingTrivia, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
    }

    /// <summary>
    /// Moves the statements after <paramref name="statement"/> — up to the statement marked <paramref name="end"/> when
    /// it is still in the same block — into a <c>try</c> whose <c>finally</c> disposes the local.
    /// </summary>
    private static SyntaxNode Wrap(SyntaxNode root, StatementSyntax statement, string local, bool maybeNull, SyntaxAnnotation? end)
    {
        var block = (BlockSyntax)statement.Parent!;
        int index = block.Statements.IndexOf(statement);
        int stop = end is null ? -1 : block.Statements.IndexOf(s => s.HasAnnotation(end));
        int count = (stop > index ? stop : block.Statements.Count) - index - 1;
        bool oneLine = OnOneLine(block);
        var wrapped = block.Statements.Skip(index + 1).Take(count).Select(s => oneLine ? Relaid(s) : s).ToList();
        ExpressionSyntax receiver = SyntaxFactory.IdentifierName(local);
        ExpressionSyntax call = maybeNull
            ? SyntaxFactory.ConditionalAccessExpression(receiver, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("Dispose"))))
            : SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Dispose")));
        StatementSyntax dispose = SyntaxFactory.ExpressionStatement(call);

        StatementSyntax replacement = wrapped.Count == 0
            ? dispose
            : SyntaxFactory.TryStatement(
                SyntaxFactory.Block(wrapped),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(dispose)));
        SyntaxList<StatementSyntax> statements = SyntaxFactory.List(
            block.Statements.Take(index + 1)
                .Append(replacement.WithAdditionalAnnotations(Formatter.Annotation))
                .Concat(block.Statements.Skip(index + 1 + count)));
        return root.ReplaceNode(block, oneLine ? Relaid(block, statements) : block.WithStatements(statements));
    }

    private static bool OnOneLine(BlockSyntax block)
    {
        FileLinePositionSpan lines = block.GetLocation().GetLineSpan();
        return lines.StartLinePosition.Line == lines.EndLinePosition.Line;
    }

    /// <summary>
    /// A block that was written on one line (<c>for (...) { var h = ...; Use(h); }</c>), with its statements laid out
    /// again by the formatter, one per line: a multi-line <c>try</c> inside a one-line block would leave the first
    /// statement on the block's line. Comments stay; only the spaces between statements go.
    /// </summary>
    private static BlockSyntax Relaid(BlockSyntax block, SyntaxList<StatementSyntax> statements)
        => SyntaxFactory.Block(statements.Select(Relaid))
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(block.OpenBraceToken.LeadingTrivia))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(block.CloseBraceToken.TrailingTrivia))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>A statement of a one-line block, its spaces around it left to the formatter (its comments kept).</summary>
    private static StatementSyntax Relaid(StatementSyntax statement)
    {
        static IEnumerable<SyntaxTrivia> Kept(SyntaxTriviaList trivia)
            => trivia.Where(t => !Layout.IsSpace(t));

        return statement
            .WithLeadingTrivia(Kept(statement.GetLeadingTrivia()).SelectMany(t => new[] { t, SyntaxFactory.Space }).Prepend(SyntaxFactory.ElasticMarker))
            .WithTrailingTrivia(Kept(statement.GetTrailingTrivia()).SelectMany(t => new[] { SyntaxFactory.Space, t }).Append(SyntaxFactory.ElasticMarker));
    }
}
