using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Ownership;

/// <summary>Syntax facts the ownership fixes share: whether a local can get a disposal without changing who owns it.</summary>
internal static class OwnershipSyntax
{
    /// <summary>
    /// Whether every reference to <paramref name="local"/> keeps ownership where it is; <paramref name="owningAssignment"/>
    /// (the assignment the fix is for) is the one write allowed.
    /// </summary>
    public static bool OnlyKept(BlockSyntax block, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken, AssignmentExpressionSyntax? owningAssignment = null)
    {
        foreach (IdentifierNameSyntax name in block.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == local.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (name.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return false; // captured
            }

            bool kept = name.Parent switch
            {
                AssignmentExpressionSyntax assignment when assignment == owningAssignment && assignment.Left == name => true,
                MemberAccessExpressionSyntax access when access.Expression == name => true,
                ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation } argument
                    => model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                        && method.ContainingType.GetAttributes().Any(a => a.AttributeClass?.Name == "ForeignBoundaryAttribute")
                        && argument.RefKindKeyword.IsKind(SyntaxKind.None)
                        && !ParameterOf(method, argument, invocation).GetAttributes().Any(a => a.AttributeClass?.Name == "ConsumedAttribute"),
                BinaryExpressionSyntax or IsPatternExpressionSyntax => true,
                _ => false,
            };
            if (!kept)
            {
                return false;
            }
        }

        return true;
    }

    private static IParameterSymbol ParameterOf(IMethodSymbol method, ArgumentSyntax argument, InvocationExpressionSyntax invocation)
    {
        if (argument.NameColon is { } name)
        {
            return method.Parameters.First(p => p.Name == name.Name.Identifier.ValueText);
        }

        int index = invocation.ArgumentList.Arguments.IndexOf(argument);
        return method.Parameters[System.Math.Min(index, method.Parameters.Length - 1)];
    }
}
