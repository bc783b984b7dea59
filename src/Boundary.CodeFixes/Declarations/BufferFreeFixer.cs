using System.Composition;
using System.Linq;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Declarations;

/// <summary>
/// BND1012, where the fix is mechanical: a length or capacity gets the boundary's length type, a non-<c>void</c> free
/// function returns <c>void</c>, and <c>BufferFree = "..."</c> goes when a <c>[BufferFree]</c> method declares the
/// free function. The analyzer says which through the diagnostic's properties.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BufferFreeFixer)), Shared]
public sealed class BufferFreeFixer : DeclarationFixer<SyntaxNode>
{
    /// <summary>Creates the fixer.</summary>
    public BufferFreeFixer()
        : base(RuleIds.BufferFreeInvalid)
    {
    }

    private protected override FixPlan? Plan(SyntaxNode node, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.LengthType, out string? keyword) && keyword is not null
            && node.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault() is { Type: not null } parameter)
        {
            return new FixPlan($"Declare '{parameter.Identifier.Text}' as '{keyword}'", (editor, target) =>
                editor.ReplaceNode(target, (current, _) =>
                {
                    var p = (ParameterSyntax)current;
                    return p.WithType(SyntaxFactory.ParseTypeName(keyword).WithTriviaFrom(p.Type!));
                }),
                parameter);
        }

        if (diagnostic.Properties.ContainsKey(DiagnosticProperties.ReturnVoid)
            && node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method)
        {
            return new FixPlan($"Make '{method.Identifier.Text}' return 'void'", (editor, target) =>
                editor.ReplaceNode(target, (current, _) =>
                {
                    var m = (MethodDeclarationSyntax)current;
                    return m.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(m.ReturnType));
                }),
                method);
        }

        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.RemoveArgument, out string? name) && name is not null
            && node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { } argument
            && argument.NameEquals?.Name.Identifier.Text == name)
        {
            return new FixPlan($"Remove {name} = ... : the [BufferFree] method declares the free function", (editor, target) =>
                editor.RemoveNode(target),
                argument);
        }

        return null;
    }
}
