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

    /// <summary>The facets, in <c>facets[0 .. facetCount)</c> (an array, not a list: a state is cloned for every block the solver runs).</summary>
    private Facet[] facets;
    private int facetCount;
    private bool collapsed;

    /// <summary>A reachable state: every local holds nothing, every bool is unknown.</summary>
    public OwnershipState(int count, int bools = 0)
    {
        this.count = count;
        this.bools = bools;
        facets = new[] { new Facet(NoBools(bools), new Fate[count]) };
        facetCount = 1;
    }

    private OwnershipState(int count, int bools, int capacity, bool collapsed)
    {
        this.count = count;
        this.bools = bools;
        facets = capacity == 0 ? Array.Empty<Facet>() : new Facet[capacity];
        this.collapsed = collapsed;
    }

    public int Count => count;

    /// <summary>No path reaches this point: an edge that contradicts what every path knows about a bool.</summary>
    public bool IsUnreachable => facetCount == 0;

    /// <summary>Whether the state forgot the bools (too many facets); for tests.</summary>
    internal bool IsCollapsed => collapsed;

    /// <summary>The number of facets; for tests.</summary>
    internal int FacetCount => facetCount;

    /// <summary>What the local may hold on some path (the union over the facets); setting it sets it on every path.</summary>
    public Fate this[int index]
    {
        get
        {
            Fate fate = Fate.None;
            for (int f = 0; f < facetCount; f++)
            {
                fate |= facets[f].Fates[index];
            }

            return fate;
        }

        set
        {
            for (int f = 0; f < facetCount; f++)
            {
                facets[f].Fates[index] = value;
            }
        }
    }

    public OwnershipState Clone()
    {
        var copy = new OwnershipState(count, bools, facetCount, collapsed);
        for (int f = 0; f < facetCount; f++)
        {
            copy.facets[f] = facets[f].Clone();
        }

        copy.facetCount = facetCount;
        return copy;
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

        for (int f = 0; f < other.facetCount; f++)
        {
            Facet facet = other.facets[f];
            changed |= collapsed ? Merge(NoBools(bools), facet.Fates) : Merge(facet.Bools, facet.Fates);
        }

        CapFacets();
        return changed;
    }

    public bool SameAs(OwnershipState other)
    {
        if (collapsed != other.collapsed || facetCount != other.facetCount)
        {
            return false;
        }

        for (int f = 0; f < facetCount; f++)
        {
            if (other.Find(facets[f].Bools) is not { } match || !SameFates(facets[f].Fates, match.Fates))
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
        var result = new OwnershipState(count, bools, facetCount, collapsed: false);
        for (int f = 0; f < facetCount; f++)
        {
            Facet facet = facets[f];
            if (facet.Bools[index] == Known.Unknown || facet.Bools[index] == known)
            {
                Facet copy = facet.Clone();
                copy.Bools[index] = known;
                result.Adopt(copy);
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

        Facet[] old = facets;
        int oldCount = facetCount;
        facets = new Facet[oldCount];
        facetCount = 0;
        for (int f = 0; f < oldCount; f++)
        {
            Facet facet = old[f];
            if (value.Source is not { } source)
            {
                facet.Bools[index] = value.Constant;
                Adopt(facet);
            }
            else if (facet.Bools[source] != Known.Unknown)
            {
                facet.Bools[index] = value.Negated == (facet.Bools[source] == Known.True) ? Known.False : Known.True;
                Adopt(facet);
            }
            else
            {
                foreach (Known known in new[] { Known.False, Known.True })
                {
                    Facet split = facet.Clone();
                    split.Bools[source] = known;
                    split.Bools[index] = value.Negated == (known == Known.True) ? Known.False : Known.True;
                    Adopt(split);
                }
            }
        }

        CapFacets();
    }

    /// <summary>The state on a block's entry, knowing nothing more about the bools in <paramref name="forget"/> (not tested again from there).</summary>
    public OwnershipState Forget(bool[] forget)
    {
        bool any = false;
        for (int f = 0; f < facetCount; f++)
        {
            Facet facet = facets[f];
            for (int i = 0; i < bools && !any; i++)
            {
                any = forget[i] && facet.Bools[i] != Known.Unknown;
            }
        }

        if (!any)
        {
            return this;
        }

        var result = new OwnershipState(count, bools, facetCount, collapsed);
        for (int f = 0; f < facetCount; f++)
        {
            Facet copy = facets[f].Clone();
            for (int i = 0; i < bools; i++)
            {
                if (forget[i])
                {
                    copy.Bools[i] = Known.Unknown;
                }
            }

            result.Adopt(copy);
        }

        return result;
    }

    /// <summary>Adds the possibilities of one facet this state does not own (merged with the facet that knows the same, or copied); true when anything changed.</summary>
    private bool Merge(Known[] key, Fate[] fates)
    {
        if (Find(key) is not { } existing)
        {
            Append(new Facet(key.Length == 0 ? key : (Known[])key.Clone(), (Fate[])fates.Clone()));
            return true;
        }

        return MergeFates(existing, fates);
    }

    /// <summary>Adds a facet this state now owns (merged with the facet that knows the same, or kept as it is).</summary>
    private void Adopt(Facet facet)
    {
        if (Find(facet.Bools) is not { } existing)
        {
            Append(facet);
            return;
        }

        MergeFates(existing, facet.Fates);
    }

    private bool MergeFates(Facet existing, Fate[] fates)
    {
        bool changed = false;
        for (int i = 0; i < count; i++)
        {
            Fate merged = existing.Fates[i] | fates[i];
            changed |= merged != existing.Fates[i];
            existing.Fates[i] = merged;
        }

        return changed;
    }

    private void Append(Facet facet)
    {
        if (facetCount == facets.Length)
        {
            Array.Resize(ref facets, Math.Max(4, facets.Length * 2));
        }

        facets[facetCount++] = facet;
    }

    private Facet? Find(Known[] key)
    {
        for (int f = 0; f < facetCount; f++)
        {
            if (SameKey(facets[f].Bools, key))
            {
                return facets[f];
            }
        }

        return null;
    }

    private void CapFacets()
    {
        if (!collapsed && facetCount > MaxFacets)
        {
            Collapse();
        }
    }

    /// <summary>Forgets the bools for good: one facet, the union of all.</summary>
    private void Collapse()
    {
        var merged = new Fate[count];
        for (int f = 0; f < facetCount; f++)
        {
            for (int i = 0; i < count; i++)
            {
                merged[i] |= facets[f].Fates[i];
            }
        }

        facets = new[] { new Facet(NoBools(bools), merged) };
        facetCount = 1;
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
