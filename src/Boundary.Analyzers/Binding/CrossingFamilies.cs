using Boundary.Analyzers.Binding.Families.Async;
using Boundary.Analyzers.Binding.Families.Blittable;
using Boundary.Analyzers.Binding.Families.Bool;
using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Families.Callbacks;
using Boundary.Analyzers.Binding.Families.Handles;
using Boundary.Analyzers.Binding.Families.NotCrossing;
using Boundary.Analyzers.Binding.Families.Spans;
using Boundary.Analyzers.Binding.Families.Strings;
using Boundary.Analyzers.Binding.Families.Void;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Boundary.Analyzers.Binding;

/// <summary>
/// The one list of crossing families, in the order they are asked: the first family that takes a type decides how it
/// crosses. Adding a way of crossing is a new folder under <c>Binding/Families</c> and one line here.
/// </summary>
internal static class CrossingFamilies
{
    public static readonly CrossingFamily[] All =
    {
        VoidFamily.Instance,
        BoolFamily.Instance,
        StringFamily.Instance,
        SpanFamily.Instance,
        BufferFamily.Instance,
        ArrayFamily.Instance,
        HandleFamily.Instance,
        CallbackFamily.Instance,
        AsyncFamily.Instance,
        CancellationFamily.Instance,
        BlittableFamily.Instance,
    };

    /// <summary>How <paramref name="type"/> crosses at <paramref name="position"/>; a type no family takes gets the
    /// most helpful explanation of why it cannot cross.</summary>
    public static TypeCrossing Classify(ITypeSymbol type, Position position)
    {
        foreach (CrossingFamily family in All)
        {
            if (family.Classify(type, position) is { } crossing)
            {
                return crossing;
            }
        }

        return NotCrossingExplanations.Explain(type, position);
    }

    /// <summary>Whether the caller owns a value of <paramref name="type"/> handed out by a boundary function.</summary>
    public static bool CallerOwns(ITypeSymbol type, bool borrowed)
    {
        foreach (CrossingFamily family in All)
        {
            if (family.CallerOwns(type, borrowed))
            {
                return true;
            }
        }

        return false;
    }
}
