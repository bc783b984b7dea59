using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Errors;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.CodeFixes.Errors;

/// <summary>
/// BND3009: checks the dropped status and throws for a failure, with the exception the boundary itself throws for a
/// coded error (<c>ForeignException&lt;TError&gt;</c>, naming the library, the export and the code):
/// <code>
/// if (Geo.Reset(index) is var status and not GeoError.Ok)
/// {
///     throw new ForeignException&lt;GeoError&gt;("geo", "geo_reset", status, (int)status, Enum.IsDefined(status), null);
/// }
/// </code>
/// Every success member of the enum (value 0 and <c>[ForeignSuccess]</c>) passes. The name <c>status</c> is made
/// unique in the member (Fix All numbers them). Needs C# 9 patterns; not offered for an expression-bodied lambda.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckStatusFixer)), Shared]
public sealed class CheckStatusFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.StatusIgnored);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Check the {plan.Status.Errors.Name} status and throw for a failure",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, model, new[] { plan }))),
                        equivalenceKey: nameof(CheckStatusFixer)),
                    diagnostic);
            }
        }
    }

    /// <summary>The statement that drops the status, and what the function returns as its status.</summary>
    private sealed record StatusPlan(ExpressionStatementSyntax Statement, StatusResults Status);

    private static StatusPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id != RuleIds.StatusIgnored
            || ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp9
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement
            || statement.Expression.Span != diagnostic.Location.SourceSpan
            || model.GetOperation(statement, cancellationToken) is not IExpressionStatementOperation operation
            || (operation.Operation is IAwaitOperation awaited ? awaited.Operation : operation.Operation) is not IInvocationOperation call
            || StatusResults.Of(call.TargetMethod) is not { Successes.IsEmpty: false } status
            || status.IsTask != (operation.Operation is IAwaitOperation))
        {
            return null;
        }

        return new StatusPlan(statement, status);
    }

    /// <summary>Replaces each planned statement with its check; names are unique within each member.</summary>
    private static SyntaxNode Apply(SyntaxNode root, SemanticModel model, IReadOnlyList<StatusPlan> plans)
    {
        var taken = new Dictionary<SyntaxNode, HashSet<string>>();
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (StatusPlan plan in plans.OrderBy(p => p.Statement.SpanStart))
        {
            if (replacements.ContainsKey(plan.Statement))
            {
                continue;
            }

            SyntaxNode member = plan.Statement.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) ?? root;
            if (!taken.TryGetValue(member, out HashSet<string>? names))
            {
                names = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
                names.UnionWith(model.LookupSymbols(plan.Statement.SpanStart).Select(s => s.Name));
                taken.Add(member, names);
            }

            string name = "status";
            for (int i = 2; names.Contains(name); i++)
            {
                name = "status" + i;
            }

            names.Add(name);
            replacements.Add(plan.Statement, Check(plan, name, model));
        }

        return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }

    /// <summary><c>if (call is var status and not (E.Ok or …)) { throw new ForeignException&lt;E&gt;(…); }</c>, in a block where the statement was embedded.</summary>
    private static SyntaxNode Check(StatusPlan plan, string name, SemanticModel model)
    {
        // Names as the code at the statement can write them (the using directives it has).
        int position = plan.Statement.SpanStart;
        string errors = plan.Status.Errors.ToMinimalDisplayString(model, position);
        string exception = model.Compilation.GetTypeByMetadataName("Boundary.ForeignException`1") is { } generic
            ? generic.Construct(plan.Status.Errors).ToMinimalDisplayString(model, position)
            : $"global::Boundary.ForeignException<{errors}>";
        string enumType = model.Compilation.GetSpecialType(SpecialType.System_Enum).ToMinimalDisplayString(model, position);
        string successes = string.Join(" or ", plan.Status.Successes.Select(s => $"{errors}.{s}"));
        if (plan.Status.Successes.Length > 1)
        {
            successes = $"({successes})";
        }

        string library = SymbolDisplay.FormatLiteral(plan.Status.Library, quote: true);
        string function = SymbolDisplay.FormatLiteral(plan.Status.Function, quote: true);
        var check = (IfStatementSyntax)SyntaxFactory.ParseStatement(
            $"if ({plan.Statement.Expression.WithoutTrivia().ToFullString()} is var {name} and not {successes})\n" +
            "{\n" +
            $"    throw new {exception}({library}, {function}, {name}, (int){name}, {enumType}.IsDefined({name}), null);\n" +
            "}\n");
        StatementSyntax replacement = check.WithAdditionalAnnotations(Formatter.Annotation);
        if (plan.Statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
        {
            replacement = SyntaxFactory.Block(replacement).WithAdditionalAnnotations(Formatter.Annotation);
        }

        return replacement.WithLeadingTrivia(plan.Statement.GetLeadingTrivia()).WithTrailingTrivia(plan.Statement.GetTrailingTrivia());
    }

    /// <summary>Every diagnostic of a document planned against the original tree and applied at once, so names stay unique.</summary>
    private sealed class FixAll : SemanticFixAll
    {
        public static readonly FixAll Instance = new();

        protected override SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
            => Apply(root, model, diagnostics.Select(d => Plan(root, model, d, cancellationToken)).OfType<StatusPlan>().ToList());
    }
}
