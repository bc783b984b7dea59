using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Boundary.Analyzers.Analyzers.Ownership.Questions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>
/// The <c>bool</c> locals and parameters whose value the flow follows per path (<see cref="OwnershipState"/>'s facets),
/// so that two tests of the same unchanged bool are understood together: <c>if (seal) { … Lib.Seal(b) … }</c> and a
/// later <c>if (!seal) b.Dispose();</c> never both run, nor both get skipped. A bool is followed when the graph branches
/// on it (<c>if (b)</c>, <c>!b</c>, <c>b ? … : …</c>, <c>&amp;&amp;</c>/<c>||</c>, <c>b == false</c>, <c>b != true</c>,
/// <c>b is true</c>, <c>b is not false</c>) and every write of it is a plain assignment in this graph, whose value the
/// flow sees: a local declared by a declarator or a <c>foreach</c> in this graph, or a by-value parameter of the
/// function this graph is.
/// A bool written any other way — compound assignment, ref or out argument, <c>ref</c> alias, address taken,
/// deconstruction, or any write inside a lambda or local function — is not followed, so the analysis never believes a
/// path impossible that is not. An assignment forgets what the paths knew, unless its value is a constant or another
/// followed bool (or its negation). At most <see cref="Max"/> bools are followed, the first the graph tests.
/// </summary>
internal sealed class ConditionBools
{
    /// <summary>The most bools followed in one graph.</summary>
    public const int Max = 8;

    public static readonly ConditionBools None = new(new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default));

    private readonly Dictionary<ISymbol, int> indices;

    /// <summary>Per block, the bools no path from its entry reads again (null: none to forget).</summary>
    private readonly bool[]?[] dead;

    private ConditionBools(Dictionary<ISymbol, int> indices, bool[]?[]? dead = null)
    {
        this.indices = indices;
        this.dead = dead ?? Array.Empty<bool[]?>();
    }

    /// <summary>The number of followed bools; indices run from 0.</summary>
    public int Count => indices.Count;

    public static ConditionBools Find(GraphParts parts, CancellationToken cancellationToken)
    {
        ControlFlowGraph graph = parts.Graph;
        var candidates = new List<ISymbol>();
        foreach (BasicBlock block in graph.Blocks)
        {
            if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue is { } condition
                && Test(condition) is (ISymbol symbol, _) && !candidates.Contains(symbol, SymbolEqualityComparer.Default))
            {
                candidates.Add(symbol);
            }
        }

        if (candidates.Count == 0)
        {
            return None;
        }

        HashSet<ILocalSymbol> declared = parts.DeclaredLocals;
        SyntaxNode? function = graph.OriginalOperation.Syntax;
        var excluded = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (ISymbol candidate in candidates)
        {
            if (!Followable(candidate, declared, function))
            {
                excluded.Add(candidate);
            }
        }

        for (int i = 0; i < parts.Operations.Count; i++)
        {
            IOperation operation = parts.Operations[i];
            if (Referenced(operation, parts.Kinds[i]) is { } symbol && !LocalWrites.IsPlainRead(operation) && !LocalWrites.IsPlainAssignmentTarget(operation))
            {
                excluded.Add(symbol);
            }
        }

        ExcludeWrittenInNested(parts, excluded, cancellationToken);

        var indices = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (ISymbol candidate in candidates)
        {
            if (!excluded.Contains(candidate) && indices.Count < Max)
            {
                indices.Add(candidate, indices.Count);
            }
        }

        return indices.Count == 0 ? None : new ConditionBools(indices, DeadAt(parts, indices));
    }

    /// <summary>The bools that no path from the entry of block <paramref name="ordinal"/> reads again, or null.</summary>
    public bool[]? DeadAt(int ordinal) => ordinal < dead.Length ? dead[ordinal] : null;

    /// <summary>
    /// Per block, the bools no block reachable from it reads: what the paths know about them no longer matters, and
    /// forgetting it keeps the facets few. A finally region or a catch handler is not reached through the graph's
    /// edges, so a bool read in one is never forgotten (<c>finally { if (!sealed) builder.Dispose(); }</c>).
    /// </summary>
    private static bool[]?[] DeadAt(GraphParts parts, Dictionary<ISymbol, int> indices)
    {
        ControlFlowGraph graph = parts.Graph;
        List<IOperation> operations = parts.Operations;
        var live = new bool[graph.Blocks.Length, indices.Count];
        var work = new Stack<BasicBlock>();
        foreach (BasicBlock block in graph.Blocks)
        {
            for (int at = parts.BlockStart(block.Ordinal), end = parts.BlockEnd(block.Ordinal); at < end; at++)
            {
                IOperation operation = operations[at];
                if (Referenced(operation, parts.Kinds[at]) is { } symbol && indices.TryGetValue(symbol, out int index) && !live[block.Ordinal, index])
                {
                    if (InHandler(block))
                    {
                        for (int ordinal = 0; ordinal < graph.Blocks.Length; ordinal++)
                        {
                            live[ordinal, index] = true;
                        }

                        continue;
                    }

                    live[block.Ordinal, index] = true;
                    work.Push(block);
                    Spread(index);
                }
            }
        }

        var dead = new bool[]?[graph.Blocks.Length];
        for (int ordinal = 0; ordinal < dead.Length; ordinal++)
        {
            for (int index = 0; index < indices.Count; index++)
            {
                if (!live[ordinal, index])
                {
                    (dead[ordinal] ??= new bool[indices.Count])[index] = true;
                }
            }
        }

        return dead;

        static bool InHandler(BasicBlock block)
        {
            for (ControlFlowRegion? region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind is ControlFlowRegionKind.Finally or ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler)
                {
                    return true;
                }
            }

            return false;
        }

        void Spread(int index)
        {
            while (work.Count > 0)
            {
                foreach (ControlFlowBranch predecessor in work.Pop().Predecessors)
                {
                    if (!live[predecessor.Source.Ordinal, index])
                    {
                        live[predecessor.Source.Ordinal, index] = true;
                        work.Push(predecessor.Source);
                    }
                }
            }
        }
    }

    /// <summary>The followed bool a condition tests, and the bool's value when the condition is true; null for any other condition.</summary>
    public (int Index, bool ValueWhenTrue)? Tested(IOperation condition)
        => Test(condition) is (ISymbol symbol, bool value) && indices.TryGetValue(symbol, out int index) ? (index, value) : null;

    /// <summary>The followed bool an operand is, or null.</summary>
    public int? Index(IOperation operand)
        => Referenced(ValueOrigin.Unwrap(operand)) is { } symbol && indices.TryGetValue(symbol, out int index) ? index : null;

    /// <summary>What an assignment's value makes a followed bool: a constant, a copy or negation of a followed bool, or unknown.</summary>
    public BoolValue ValueOf(IOperation value)
    {
        value = ValueOrigin.Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return new BoolValue(constant ? Known.True : Known.False);
        }

        bool negated = false;
        while (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negated = !negated;
            value = ValueOrigin.Unwrap(not.Operand);
        }

        return Index(value) is { } source ? new BoolValue(Known.Unknown, source, negated) : new BoolValue(Known.Unknown);
    }

    /// <summary>
    /// The bool a condition tests and its value when the condition is true: <c>b</c>, <c>!b</c>, <c>b == c</c> and
    /// <c>b != c</c> with a constant <c>c</c> (either side), <c>b is true</c>, <c>b is not false</c>.
    /// </summary>
    private static (ISymbol Bool, bool ValueWhenTrue)? Test(IOperation condition)
    {
        condition = ValueOrigin.Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Test(not.Operand) is (ISymbol inner, bool value) ? (inner, !value) : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals, OperatorMethod: null } binary:
                bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                return Constant(binary.RightOperand) is bool right ? With(binary.LeftOperand, right == equals)
                    : Constant(binary.LeftOperand) is bool left ? With(binary.RightOperand, left == equals)
                    : null;
            case IIsPatternOperation test:
                (IPatternOperation pattern, bool matched) = test.Pattern is INegatedPatternOperation negated ? (negated.Pattern, false) : (test.Pattern, true);
                return pattern is IConstantPatternOperation constant && Constant(constant.Value) is bool expected ? With(test.Value, expected == matched) : null;
            default:
                return With(condition, true);
        }

        static (ISymbol, bool)? With(IOperation operand, bool valueWhenTrue)
            => Referenced(ValueOrigin.Unwrap(operand)) is { } symbol ? (symbol, valueWhenTrue) : null;
    }

    private static bool? Constant(IOperation operation)
        => ValueOrigin.Unwrap(operation).ConstantValue is { HasValue: true, Value: bool value } ? value : null;

    /// <summary>The bool local or parameter an operation references, or null.</summary>
    private static ISymbol? Referenced(IOperation operation) => Referenced(operation, operation.Kind);

    /// <summary><see cref="Referenced(IOperation)"/> for an operation whose kind is known (<see cref="GraphParts.Kinds"/>).</summary>
    private static ISymbol? Referenced(IOperation operation, OperationKind kind) => kind is not (OperationKind.LocalReference or OperationKind.ParameterReference) ? null : operation switch
    {
        ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local } => local,
        IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_Boolean } parameter } => parameter,
        _ => null,
    };

    /// <summary>
    /// A local declared by a declarator of this graph or by a <c>foreach</c> (which the graph assigns each iteration; not a
    /// pattern, deconstruction, <c>out var</c> or ref local), or a by-value parameter of the function this graph is (not
    /// one a lambda shares with its enclosing method).
    /// </summary>
    private static bool Followable(ISymbol symbol, HashSet<ILocalSymbol> declared, SyntaxNode? function) => symbol switch
    {
        ILocalSymbol local => !local.IsRef && !local.IsConst && declared.Contains(local)
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax or ForEachStatementSyntax,
        IParameterSymbol parameter => parameter.RefKind == RefKind.None && function is not null
            && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } syntax
            && FunctionOf(syntax) is { } owner && (owner == function || owner == function.Parent),
        _ => false,
    };

    /// <summary>The declaration a parameter belongs to (a method, a lambda, a local function, an accessor).</summary>
    private static SyntaxNode? FunctionOf(SyntaxNode parameter)
    {
        SyntaxNode? node = parameter.Parent;
        while (node is ParameterListSyntax or BracketedParameterListSyntax)
        {
            node = node.Parent;
        }

        return node;
    }

    /// <summary>Excludes the bools written (or aliased) inside the lambdas and local functions of the graph, at any depth: they may run at any call.</summary>
    private static void ExcludeWrittenInNested(GraphParts graph, HashSet<ISymbol> excluded, CancellationToken cancellationToken)
    {
        foreach (GraphParts inner in graph.Nested(cancellationToken))
        {
            for (int i = 0; i < inner.Operations.Count; i++)
            {
                IOperation operation = inner.Operations[i];
                if (Referenced(operation, inner.Kinds[i]) is { } symbol && !LocalWrites.IsPlainRead(operation))
                {
                    excluded.Add(symbol);
                }
            }

            ExcludeWrittenInNested(inner, excluded, cancellationToken);
        }
    }
}

/// <summary>A followed bool's new value: <paramref name="Constant"/>, or a copy of followed bool <paramref name="Source"/> (negated or not) when that is set.</summary>
internal readonly record struct BoolValue(Known Constant, int? Source = null, bool Negated = false);
