using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Model;

/// <summary>What a C# type becomes at the boundary, as the crossing family that took it decided.</summary>
/// <param name="Family">The family that crosses it, or null when it cannot cross.</param>
/// <param name="NativeType">The C# type used in the native signature (for example <c>byte</c> for <c>bool</c>).</param>
/// <param name="Native">The C type of the value, or of one element for spans, buffers and arrays.</param>
/// <param name="Problem">When it cannot cross: why, naming the nearest supported alternative.</param>
/// <param name="ProblemRule">When it cannot cross: the rule that reports it (BND1003, or BND1005 for a non-blittable struct).</param>
/// <param name="ElementType">For spans, buffers and arrays: the element type.</param>
/// <param name="Serialized">For handles: the type is declared <c>ThreadSafe = false</c>, so calls that pass it run one at a time.</param>
internal readonly record struct TypeCrossing(
    CrossingFamily? Family,
    string NativeType,
    CType? Native = null,
    string? Problem = null,
    string? ProblemRule = null,
    string? ElementType = null,
    bool Serialized = false)
{
    public bool CanCross => Family is not null;

    public static TypeCrossing Unsupported(string problem, string rule = RuleIds.TypeCannotCross) => new(null, "", null, problem, rule);
}
