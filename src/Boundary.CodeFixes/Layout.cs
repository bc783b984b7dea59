using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Boundary.CodeFixes;

/// <summary>What a fix may drop or re-lay freely when it moves code: spaces and line ends, never comments or directives.</summary>
internal static class Layout
{
    public static bool IsSpace(SyntaxTrivia trivia) => trivia.IsKind(SyntaxKind.WhitespaceTrivia) || trivia.IsKind(SyntaxKind.EndOfLineTrivia);
}
