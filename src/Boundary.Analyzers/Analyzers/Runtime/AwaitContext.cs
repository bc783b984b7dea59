using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Runtime;

/// <summary>
/// May an <c>await</c> stand where this operation is (BND5003)? Only when the innermost function around it — method,
/// lambda, anonymous method or local function — is <c>async</c>: a synchronous lambda inside an async method runs
/// wherever its caller runs it, so awaiting there is not the same code. And only where C# allows an await: not in a
/// <c>lock</c> statement (CS1996), a catch filter (CS7094), an unsafe context (CS4004) or a query clause (which is a
/// lambda of its own).
/// </summary>
internal static class AwaitContext
{
    /// <summary>The async function an await written in place of <paramref name="operation"/> would suspend, or null when there is none or C# forbids an await there.</summary>
    /// <param name="operation">An operation of the body being analyzed.</param>
    /// <param name="member">The member whose body it is (the analysis context's containing symbol).</param>
    public static IMethodSymbol? Of(IOperation operation, ISymbol member)
    {
        IMethodSymbol? function = member as IMethodSymbol;
        IOperation child = operation;
        for (IOperation? parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is ILockOperation || (parent is ICatchClauseOperation clause && child == clause.Filter))
            {
                return null;
            }

            if (parent is IAnonymousFunctionOperation lambda)
            {
                function = lambda.Symbol;
                break;
            }

            if (parent is ILocalFunctionOperation local)
            {
                function = local.Symbol;
                break;
            }
        }

        return function is { IsAsync: true } && !InUnsafeContext(operation.Syntax) ? function : null;
    }

    /// <summary>"async method", "async lambda", "async anonymous method", "async local function", for messages.</summary>
    public static string Describe(IMethodSymbol function)
        => function.MethodKind switch
        {
            MethodKind.LocalFunction => "async local function",
            MethodKind.AnonymousFunction when function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is AnonymousMethodExpressionSyntax => "async anonymous method",
            MethodKind.AnonymousFunction => "async lambda",
            _ => "async method",
        };

    /// <summary>
    /// Inside an <c>unsafe</c> block, or a member, local function or type declared <c>unsafe</c>. C# refuses an await in
    /// an unsafe context, and which enclosing declarations make one has changed between language versions: staying
    /// silent in all of them costs at most a missed suggestion, reporting would suggest code that may not compile.
    /// </summary>
    private static bool InUnsafeContext(SyntaxNode node)
        => node.Ancestors().Any(ancestor => ancestor switch
        {
            UnsafeStatementSyntax => true,
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            MemberDeclarationSyntax member => member.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            _ => false,
        });
}
