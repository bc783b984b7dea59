using System.Composition;
using System.Linq;
using Boundary.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Boundary.CodeFixes.Declarations;

/// <summary>BND1015: removes <c>[LengthType]</c> from a parameter that passes no length. An unsupported type has no mechanical fix.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LengthTypeFixer)), Shared]
public sealed class LengthTypeFixer : DeclarationFixer<AttributeSyntax>
{
    /// <summary>Creates the fixer.</summary>
    public LengthTypeFixer()
        : base(RuleIds.LengthTypeInvalid)
    {
    }

    private protected override FixPlan? Plan(AttributeSyntax attribute, Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(DiagnosticProperties.RemoveAttribute)
            ? new FixPlan("Remove [LengthType]: this parameter passes no length", (editor, target) =>
            {
                // The whole list when it holds only this attribute, so no empty [] is left behind.
                SyntaxNode remove = target.Parent is AttributeListSyntax { Attributes.Count: 1 } list ? list : target;
                editor.RemoveNode(remove);
            })
            : null;
}
