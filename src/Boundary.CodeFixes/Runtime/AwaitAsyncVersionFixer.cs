using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Boundary.Analyzers;
using Boundary.Analyzers.Analyzers.Runtime;
using Boundary.Analyzers.Binding.Families.Async;
using Boundary.Analyzers.Reading;
using Boundary.CodeFixes.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.CodeFixes.Runtime;

/// <summary>
/// BND5003: <c>Geo.Build(a)</c> becomes <c>await Geo.BuildAsync(a)</c>, parenthesized where the result is used as a
/// primary expression (<c>(await Geo.BuildAsync(a)).Length</c>). An async version that takes a
/// <c>CancellationToken</c> gets the one <c>CancellationToken</c> parameter of the enclosing functions, or
/// <c>CancellationToken.None</c> when there is none or more than one (which to pass is then the author's decision); when
/// both versions exist, the one without a token is chosen unless there is a token to pass. The token is a named
/// argument when the call names an argument or leaves an optional one out. Not offered when the async version cannot
/// take the arguments as written (an optional argument left out that it requires, a <c>params</c> array in expanded
/// form), or the method is not named plainly (<c>Geo.Build</c> or <c>Build</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitAsyncVersionFixer)), Shared]
public sealed class AwaitAsyncVersionFixer : PlannedFixer<AwaitAsyncVersionFixer.AwaitPlan>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingCallInAsync);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new FixAll();

    /// <summary>The call to rewrite, the async version's name as written, and the token argument to append (null for none).</summary>
    public sealed record AwaitPlan(InvocationExpressionSyntax Call, string DisplayName, string AsyncName, ArgumentSyntax? Token);

    private protected override AwaitPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => PlanFor(root, model, diagnostic, cancellationToken);

    private protected override string Title(AwaitPlan plan) => $"Await '{plan.DisplayName}'";

    private protected override Task<Document> ApplyAsync(Document document, SyntaxNode root, AwaitPlan plan, CancellationToken cancellationToken)
        => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(plan.Call, Rewrite(plan, plan.Call))));

    private static AwaitPlan? PlanFor(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
            || call.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Name: IdentifierNameSyntax })
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        IMethodSymbol synchronous = operation.TargetMethod;
        IMethodSymbol[] versions = AsyncVersions.Of(synchronous).Where(v => model.IsAccessible(call.SpanStart, v)).ToArray();
        IParameterSymbol? token = TokenInScope(model, call, cancellationToken);
        IMethodSymbol? withToken = versions.FirstOrDefault(v => AsyncVersions.TakesToken(v, synchronous));
        IMethodSymbol? withoutToken = versions.FirstOrDefault(v => !AsyncVersions.TakesToken(v, synchronous));
        IMethodSymbol? chosen = token is not null && withToken is not null ? withToken : withoutToken ?? withToken;
        if (chosen is null || !ArgumentsFit(operation, chosen))
        {
            return null;
        }

        ArgumentSyntax? tokenArgument = null;
        if (AsyncVersions.TakesToken(chosen, synchronous))
        {
            ExpressionSyntax value = token is not null
                ? SyntaxFactory.IdentifierName(SymbolFacts.EscapeIdentifier(token.Name))
                : NoToken(model, call.SpanStart);
            tokenArgument = SyntaxFactory.Argument(value);
            bool named = call.ArgumentList.Arguments.Any(a => a.NameColon is not null)
                || operation.Arguments.Any(a => a.ArgumentKind == ArgumentKind.DefaultValue);
            if (named)
            {
                tokenArgument = tokenArgument.WithNameColon(SyntaxFactory.NameColon(SymbolFacts.EscapeIdentifier(chosen.Parameters[synchronous.Parameters.Length].Name)));
            }
        }

        string display = call.Expression is MemberAccessExpressionSyntax access ? $"{access.Expression}.{chosen.Name}" : chosen.Name;
        return new AwaitPlan(call, display, chosen.Name, tokenArgument);
    }

    /// <summary>
    /// An argument list the async version takes as it is: an argument left out needs a default value there too, and a
    /// <c>params</c> array passed element by element a <c>params</c> parameter.
    /// </summary>
    private static bool ArgumentsFit(IInvocationOperation operation, IMethodSymbol version)
        => operation.Arguments.All(argument => argument.Parameter is not { } parameter
            || argument.ArgumentKind switch
            {
                ArgumentKind.DefaultValue => version.Parameters[parameter.Ordinal].HasExplicitDefaultValue,
                ArgumentKind.ParamArray => parameter.Ordinal == version.Parameters.Length - 1 && version.Parameters[parameter.Ordinal].IsParams,
                _ => true,
            });

    /// <summary>
    /// The one <c>CancellationToken</c> parameter of the functions around <paramref name="call"/> that it can use (not
    /// past a static lambda or local function, not shadowed), or null when there is none or more than one.
    /// </summary>
    private static IParameterSymbol? TokenInScope(SemanticModel model, SyntaxNode call, CancellationToken cancellationToken)
    {
        var functions = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (SyntaxNode ancestor in call.Ancestors())
        {
            bool isStatic;
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    isStatic = lambda.Modifiers.Any(SyntaxKind.StaticKeyword);
                    break;
                case LocalFunctionStatementSyntax local:
                    isStatic = local.Modifiers.Any(SyntaxKind.StaticKeyword);
                    break;
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax:
                    isStatic = true; // the member: nothing further out is a function whose parameters it sees
                    break;
                default:
                    continue;
            }

            ISymbol? function = ancestor is CompilationUnitSyntax ? null : model.GetSymbolInfo(ancestor, cancellationToken).Symbol ?? model.GetDeclaredSymbol(ancestor, cancellationToken);
            if (function is not null)
            {
                functions.Add(function);
                if (function is IMethodSymbol { AssociatedSymbol: IPropertySymbol { IsIndexer: true } indexer })
                {
                    functions.Add(indexer); // an indexer accessor sees the indexer's parameters
                }
            }

            if (isStatic)
            {
                break;
            }
        }

        IParameterSymbol[] tokens = model.LookupSymbols(call.SpanStart)
            .OfType<IParameterSymbol>()
            .Where(p => CancellationFamily.IsToken(p.Type) && functions.Contains(p.ContainingSymbol))
            .ToArray();
        return tokens.Length == 1 ? tokens[0] : null;
    }

    /// <summary><c>CancellationToken.None</c>, qualified only as far as the usings and names in scope need.</summary>
    private static ExpressionSyntax NoToken(SemanticModel model, int position)
    {
        if (model.LookupNamespacesAndTypes(position, name: "CancellationToken").Any(symbol => symbol is ITypeSymbol type && CancellationFamily.IsToken(type)))
        {
            return SyntaxFactory.ParseExpression("CancellationToken.None");
        }

        bool systemIsSystem = model.LookupNamespacesAndTypes(position, name: "System") is [INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }];
        return SyntaxFactory.ParseExpression(systemIsSystem ? "System.Threading.CancellationToken.None" : "global::System.Threading.CancellationToken.None");
    }

    /// <summary><paramref name="current"/> (the planned call, possibly with calls inside it already rewritten) as an awaited call of the async version.</summary>
    private static ExpressionSyntax Rewrite(AwaitPlan plan, InvocationExpressionSyntax current)
    {
        ExpressionSyntax target = current.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name, plan.AsyncName)),
            SimpleNameSyntax name => Renamed(name, plan.AsyncName),
            var other => other,
        };
        ArgumentListSyntax arguments = plan.Token is null ? current.ArgumentList : current.ArgumentList.AddArguments(plan.Token);
        InvocationExpressionSyntax call = current.WithExpression(target).WithArgumentList(arguments).WithoutTrivia();
        ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(call);
        if (NeedsParentheses(plan.Call))
        {
            awaited = SyntaxFactory.ParenthesizedExpression(awaited);
        }

        return awaited.WithTriviaFrom(current);
    }

    private static IdentifierNameSyntax Renamed(SimpleNameSyntax name, string newName)
        => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName)).WithTriviaFrom(name);

    /// <summary>Whether the call's value is the operand of a primary expression (member or element access, a call, a postfix operator), which an await, a unary expression, cannot be without parentheses.</summary>
    private static bool NeedsParentheses(InvocationExpressionSyntax call)
        => call.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == call,
            ConditionalAccessExpressionSyntax access => access.Expression == call,
            ElementAccessExpressionSyntax access => access.Expression == call,
            InvocationExpressionSyntax invocation => invocation.Expression == call,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };

    /// <summary>Plans every diagnostic against the original document, then rewrites the calls inside out, so a call nested in another one's arguments is rewritten in both.</summary>
    private sealed class FixAll : SemanticFixAll
    {
        protected override SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, System.Threading.CancellationToken cancellationToken)
        {
            var plans = new Dictionary<InvocationExpressionSyntax, AwaitPlan>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (PlanFor(root, model, diagnostic, cancellationToken) is { } plan)
                {
                    plans[plan.Call] = plan;
                }
            }

            return root.ReplaceNodes(plans.Keys, (original, current) => AwaitAsyncVersionFixer.Rewrite(plans[original], current));
        }
    }
}
