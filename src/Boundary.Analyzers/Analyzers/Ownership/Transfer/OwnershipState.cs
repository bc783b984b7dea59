using System;
using System.Collections.Generic;
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

/// <summary>What the paths reaching a point know about a tracked <c>bool</c> (<see cref="ConditionBools"/>).</summary>
internal enum Known : byte
{
    Unknown = 0,
    False = 1,
    True = 2,
}

/// <summary>
/// The <see cref="Fate"/> of every tracked local at one point, kept apart by what the paths know about the tracked
/// <c>bool</c>s (<see cref="ConditionBools"/>): one facet per combination of known values, each with its own fates.
/// <c>if (seal) Lib.Seal(b); if (!seal) b.Dispose();</c> reaches the second test with two facets — seal true and
/// <c>b</c> moved, seal false and <c>b</c> live — and the edge where <c>!seal</c> holds keeps only the second. An edge
/// no facet can take is unreachable (<see cref="IsUnreachable"/>). The rules read a local's fate as the union over the
/// facets (what may hold on some path), so they need not know facets exist. Past <see cref="MaxFacets"/> facets the
/// state collapses into one facet that knows nothing about the bools, and stays collapsed: the plain union of fates,
/// the analysis without correlated conditions.
/// </summary>
internal sealed class OwnershipState : IFlowState<OwnershipState>
{
    /// <summary>The most facets a state keeps before it forgets the bools.</summary>
    public const int MaxFacets = 16;

    private readonly int count;
    private readonly int bools;
    private List<Facet> facets;
    private bool collapsed;

    /// <summary>A reachable state: every local holds nothing, every bool is unknown.</summary>
    public OwnershipState(int count, int bools = 0)
    {
        this.count = count;
        this.bools = bools;
        facets = new List<Facet>(1) { new(NoBools(bools), new Fate[count]) };
    }

    private OwnershipState(int count, int bools, List<Facet> facets, bool collapsed)
    {
        this.count = count;
        this.bools = bools;
        this.facets = facets;
        this.collapsed = collapsed;
    }

    public int Count => count;

    /// <summary>No path reaches this point: an edge that contradicts what every path knows about a bool.</summary>
    public bool IsUnreachable => facets.Count == 0;

    /// <summary>Whether the state forgot the bools (too many facets); for tests.</summary>
    internal bool IsCollapsed => collapsed;

    /// <summary>The number of facets; for tests.</summary>
    internal int FacetCount => facets.Count;

    /// <summary>What the local may hold on some path (the union over the facets); setting it sets it on every path.</summary>
    public Fate this[int index]
    {
        get
        {
            Fate fate = Fate.None;
            foreach (Facet facet in facets)
            {
                fate |= facet.Fates[index];
            }

            return fate;
        }

        set
        {
            foreach (Facet facet in facets)
            {
                facet.Fates[index] = value;
            }
        }
    }

    public OwnershipState Clone()
    {
        var copy = new List<Facet>(facets.Count);
        foreach (Facet facet in facets)
        {
            copy.Add(facet.Clone());
        }

        return new OwnershipState(count, bools, copy, collapsed);
    }

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
        if (other.collapsed && !collapsed)
        {
            Collapse();
            changed = true;
        }

        foreach (Facet facet in other.facets)
        {
            changed |= Add(collapsed ? new Facet(NoBools(bools), facet.Fates) : facet);
        }

        CapFacets();
        return changed;
    }

    public bool SameAs(OwnershipState other)
    {
        if (collapsed != other.collapsed || facets.Count != other.facets.Count)
        {
            return false;
        }

        foreach (Facet facet in facets)
        {
            if (other.Find(facet.Bools) is not { } match || !SameFates(facet.Fates, match.Fates))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The state on an edge where bool <paramref name="index"/> is <paramref name="value"/>: facets that know otherwise are dropped.</summary>
    public OwnershipState Assume(int index, bool value)
    {
        if (collapsed)
        {
            return this;
        }

        Known known = value ? Known.True : Known.False;
        var result = new OwnershipState(count, bools, new List<Facet>(facets.Count), collapsed: false);
        foreach (Facet facet in facets)
        {
            if (facet.Bools[index] == Known.Unknown || facet.Bools[index] == known)
            {
                Facet copy = facet.Clone();
                copy.Bools[index] = known;
                result.Add(copy);
            }
        }

        return result;
    }

    /// <summary>
    /// Bool <paramref name="index"/> gets a new value on every path: a constant, unknown, or a copy (or negation) of
    /// another bool. A copy of a bool the paths do not know splits them in two, one for each value, so that the two
    /// bools stay correlated (<c>var keep = !seal;</c>).
    /// </summary>
    public void Assign(int index, BoolValue value)
    {
        if (collapsed)
        {
            return;
        }

        List<Facet> old = facets;
        facets = new List<Facet>(old.Count);
        foreach (Facet facet in old)
        {
            if (value.Source is not { } source)
            {
                facet.Bools[index] = value.Constant;
                Add(facet);
            }
            else if (facet.Bools[source] != Known.Unknown)
            {
                facet.Bools[index] = value.Negated == (facet.Bools[source] == Known.True) ? Known.False : Known.True;
                Add(facet);
            }
            else
            {
                foreach (Known known in new[] { Known.False, Known.True })
                {
                    Facet split = facet.Clone();
                    split.Bools[source] = known;
                    split.Bools[index] = value.Negated == (known == Known.True) ? Known.False : Known.True;
                    Add(split);
                }
            }
        }

        CapFacets();
    }

    /// <summary>The state on a block's entry, knowing nothing more about the bools in <paramref name="forget"/> (not tested again from there).</summary>
    public OwnershipState Forget(bool[] forget)
    {
        bool any = false;
        foreach (Facet facet in facets)
        {
            for (int i = 0; i < bools && !any; i++)
            {
                any = forget[i] && facet.Bools[i] != Known.Unknown;
            }
        }

        if (!any)
        {
            return this;
        }

        var result = new OwnershipState(count, bools, new List<Facet>(facets.Count), collapsed);
        foreach (Facet facet in facets)
        {
            Facet copy = facet.Clone();
            for (int i = 0; i < bools; i++)
            {
                if (forget[i])
                {
                    copy.Bools[i] = Known.Unknown;
                }
            }

            result.Add(copy);
        }

        return result;
    }

    /// <summary>Adds one facet's possibilities (merged with the facet that knows the same); true when anything changed.</summary>
    private bool Add(Facet facet)
    {
        if (Find(facet.Bools) is not { } existing)
        {
            facets.Add(facet.Clone());
            return true;
        }

        bool changed = false;
        for (int i = 0; i < count; i++)
        {
            Fate merged = existing.Fates[i] | facet.Fates[i];
            changed |= merged != existing.Fates[i];
            existing.Fates[i] = merged;
        }

        return changed;
    }

    private Facet? Find(Known[] key)
    {
        foreach (Facet facet in facets)
        {
            if (SameKey(facet.Bools, key))
            {
                return facet;
            }
        }

        return null;
    }

    private void CapFacets()
    {
        if (!collapsed && facets.Count > MaxFacets)
        {
            Collapse();
        }
    }

    /// <summary>Forgets the bools for good: one facet, the union of all.</summary>
    private void Collapse()
    {
        var merged = new Fate[count];
        foreach (Facet facet in facets)
        {
            for (int i = 0; i < count; i++)
            {
                merged[i] |= facet.Fates[i];
            }
        }

        facets = new List<Facet>(1) { new(NoBools(bools), merged) };
        collapsed = true;
    }

    /// <summary>A key that knows nothing (shared when there are no bools: most methods have none).</summary>
    private static Known[] NoBools(int bools) => bools == 0 ? Array.Empty<Known>() : new Known[bools];

    private static bool SameKey(Known[] a, Known[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameFates(Fate[] a, Fate[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The paths that know the same about the bools, and what the locals may hold on them.</summary>
    private sealed class Facet(Known[] bools, Fate[] fates)
    {
        public Known[] Bools { get; } = bools;

        public Fate[] Fates { get; } = fates;

        public Facet Clone() => new(Bools.Length == 0 ? Bools : (Known[])Bools.Clone(), (Fate[])Fates.Clone());
    }
}
