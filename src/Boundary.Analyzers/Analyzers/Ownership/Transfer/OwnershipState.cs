using System;
using Boundary.Analyzers.Analyzers.Ownership.Flow;

namespace Boundary.Analyzers.Analyzers.Ownership.Transfer;

/// <summary>What may have happened to a tracked local's owned value on the paths reaching a point; joins by union.</summary>
[Flags]
internal enum Fate : byte
{
    None = 0,
    Live = 1,
    Disposed = 2,
    Moved = 4,
    Escaped = 8,
}

/// <summary>The <see cref="Fate"/> of every tracked local at one point.</summary>
internal sealed class OwnershipState : IFlowState<OwnershipState>
{
    private readonly Fate[] states;

    public OwnershipState(int count) => states = new Fate[count];

    private OwnershipState(Fate[] states) => this.states = states;

    public int Count => states.Length;

    public Fate this[int index]
    {
        get => states[index];
        set => states[index] = value;
    }

    public OwnershipState Clone() => new((Fate[])states.Clone());

    public OwnershipState Union(OwnershipState other)
    {
        OwnershipState result = Clone();
        result.UnionWith(other);
        return result;
    }

    /// <summary>Adds <paramref name="other"/>'s possibilities; true when anything changed.</summary>
    public bool UnionWith(OwnershipState other)
    {
        bool changed = false;
        for (int i = 0; i < states.Length; i++)
        {
            Fate merged = states[i] | other.states[i];
            changed |= merged != states[i];
            states[i] = merged;
        }

        return changed;
    }

    public bool SameAs(OwnershipState other)
    {
        for (int i = 0; i < states.Length; i++)
        {
            if (states[i] != other.states[i])
            {
                return false;
            }
        }

        return true;
    }
}
