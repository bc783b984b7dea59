using System;

namespace Boundary.Analyzers.Analyzers.Ownership;

/// <summary>What may have happened to a tracked local's owned value on the paths reaching a point; joins by union.</summary>
[Flags]
internal enum Ownership : byte
{
    None = 0,
    Live = 1,
    Disposed = 2,
    Moved = 4,
    Escaped = 8,
}

/// <summary>The <see cref="Ownership"/> of every tracked local at one point.</summary>
internal sealed class Flow
{
    private readonly Ownership[] states;

    public Flow(int count) => states = new Ownership[count];

    private Flow(Ownership[] states) => this.states = states;

    public Ownership this[int index]
    {
        get => states[index];
        set => states[index] = value;
    }

    public Flow Clone() => new((Ownership[])states.Clone());

    public Flow Union(Flow other)
    {
        Flow result = Clone();
        result.UnionWith(other);
        return result;
    }

    /// <summary>Adds <paramref name="other"/>'s possibilities; true when anything changed.</summary>
    public bool UnionWith(Flow other)
    {
        bool changed = false;
        for (int i = 0; i < states.Length; i++)
        {
            Ownership merged = states[i] | other.states[i];
            changed |= merged != states[i];
            states[i] = merged;
        }

        return changed;
    }

    public bool SameAs(Flow other)
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
