using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Boundary.Analyzers.Analyzers.Ownership.Transfer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Boundary.CodeFixes.Ownership;

/// <summary>
/// BND2001: wraps the statements after <c>var h = Lib.New();</c> (or <c>h = Lib.New();</c>, or a call writing an owned
/// value through <c>out var h</c> / <c>out h</c>) in <c>try { ... } finally { h.Dispose(); }</c>. Unlike <c>using var</c>
/// it also fits an assignment to a local declared earlier and an out argument. Offered under the same condition as the
/// <c>using</c> fix, asked of the analyzer: every reference to the local keeps it where it is. Fix All nests one
/// <c>try</c> per local, innermost for the local created last.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisposeInFinallyFixer)), Shared]
public sealed class DisposeInFinallyFixer : PlannedFixer<DisposeInFinallyFixer.Target>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new NestingFixAll();

    private protected override Target? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => FindTarget(root, model, diagnostic, cancellationToken);

    private protected override string Title(Target plan) => $"Dispose '{plan.Local}' in a 'finally' block";

    private protected override Task<Document> ApplyAsync(Document document, SyntaxNode root, Target plan, CancellationToken cancellationToken)
        => Task.FromResult(document.WithSyntaxRoot(Wrap(root, plan.Statement, plan.Local, plan.MaybeNull)));

    /// <summary>The statement that makes the local own the value, the local, and whether it may hold null.</summary>
    public sealed record Target(StatementSyntax Statement, string Local, bool MaybeNull);

    /// <summary>
    /// The statement that makes the local own the value, when the fix can apply to it: the analyzer reports the local
    /// there, that write gives it a creation, every reference keeps ownership where it is, nothing writes the local in
    /// the statements that move into the <c>try</c> (so <c>finally</c> disposes this value), and the problem is this
    /// value's, not an older one the write drops.
    /// </summary>
    private static Target? FindTarget(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
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

        return new Target(statement, local.Name, maybeNull);

        bool MaybeNull(ExpressionSyntax value) => model.GetTypeInfo(value, cancellationToken).Nullability.FlowState != NullableFlowState.NotNull;
    }

    /// <summary>The statement an out argument is written in: an expression statement or a plain declaration, with no lambda between them.</summary>
    private static StatementSyntax? OwningStatement(ArgumentSyntax argument)
        => argument.FirstAncestorOrSelf<StatementSyntax>() is { } statement
            && statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None }
            && !argument.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax)
                ? statement
                : null;

    private static IEnumerable<StatementSyntax> Rest(BlockSyntax block, StatementSyntax statement)
        => block.Statements.Skip(block.Statements.IndexOf(statement) + 1);

    /// <summary>Moves the statements after <paramref name="statement"/> into a <c>try</c> whose <c>finally</c> disposes the local.</summary>
    private static SyntaxNode Wrap(SyntaxNode root, StatementSyntax statement, string local, bool maybeNull)
    {
        var block = (BlockSyntax)statement.Parent!;
        int index = block.Statements.IndexOf(statement);
        var rest = block.Statements.Skip(index + 1).ToList();
        ExpressionSyntax receiver = SyntaxFactory.IdentifierName(local);
        ExpressionSyntax call = maybeNull
            ? SyntaxFactory.ConditionalAccessExpression(receiver, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("Dispose"))))
            : SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Dispose")));
        StatementSyntax dispose = SyntaxFactory.ExpressionStatement(call);

        StatementSyntax replacement = rest.Count == 0
            ? dispose
            : SyntaxFactory.TryStatement(
                SyntaxFactory.Block(rest),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(dispose)));
        SyntaxList<StatementSyntax> statements = SyntaxFactory.List(
            block.Statements.Take(index + 1).Append(replacement.WithAdditionalAnnotations(Formatter.Annotation)));
        return root.ReplaceNode(block, block.WithStatements(statements));
    }

    /// <summary>
    /// Applies the fix to every diagnostic of a document, last statement first, so each local's <c>try</c> encloses the
    /// <c>try</c> blocks of the locals created after it.
    /// </summary>
    private sealed class NestingFixAll : SemanticFixAll
    {
        protected override SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, System.Threading.CancellationToken cancellationToken)
        {
            var targets = new List<(SyntaxAnnotation Mark, Target Target)>();
            var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (FindTarget(root, model, diagnostic, cancellationToken) is { } target && !marks.ContainsKey(target.Statement))
                {
                    var mark = new SyntaxAnnotation();
                    marks.Add(target.Statement, mark);
                    targets.Add((mark, target));
                }
            }

            root = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
            foreach ((SyntaxAnnotation mark, Target target) in targets.OrderByDescending(t => t.Target.Statement.SpanStart))
            {
                if (root.GetAnnotatedNodes(mark).FirstOrDefault() is StatementSyntax { Parent: BlockSyntax } statement)
                {
                    root = Wrap(root, statement, target.Local, target.MaybeNull);
                }
            }

            return root;
        }
    }
}
