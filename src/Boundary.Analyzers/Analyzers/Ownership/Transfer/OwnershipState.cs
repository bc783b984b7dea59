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

    /// <summary>Bits per bool in a facet's key (a <see cref="Known"/>); <see cref="ConditionBools.Max"/> bools fit in an int.</summary>
    private const int BitsPerBool = 2;

    private readonly int count;
    private readonly int bools;

    /// <summary>
    /// The facets, in <c>facets[0 .. facetCount)</c>: an array of structs whose key is a value (what each bool is known
    /// to be, packed), so that a state — cloned for every block the solver runs — copies one array of fates per facet.
    /// </summary>
    private Facet[] facets;
    private int facetCount;
    private bool collapsed;

    /// <summary>A reachable state: every local holds nothing, every bool is unknown.</summary>
    public OwnershipState(int count, int bools = 0)
    {
        this.count = count;
        this.bools = bools;
        facets = new[] { new Facet(0, new Fate[count]) };
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
            changed |= Merge(collapsed ? 0 : facet.Key, facet.Fates);
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
            int match = other.Find(facets[f].Key);
            if (match < 0 || !SameFates(facets[f].Fates, other.facets[match].Fates))
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
            Known was = Get(facet.Key, index);
            if (was == Known.Unknown || was == known)
            {
                result.Adopt(new Facet(Set(facet.Key, index, known), (Fate[])facet.Fates.Clone()));
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
                Adopt(new Facet(Set(facet.Key, index, value.Constant), facet.Fates));
            }
            else if (Get(facet.Key, source) is var known && known != Known.Unknown)
            {
                Adopt(new Facet(Set(facet.Key, index, value.Negated == (known == Known.True) ? Known.False : Known.True), facet.Fates));
            }
            else
            {
                foreach (Known split in new[] { Known.False, Known.True })
                {
                    int key = Set(facet.Key, source, split);
                    Adopt(new Facet(Set(key, index, value.Negated == (split == Known.True) ? Known.False : Known.True), (Fate[])facet.Fates.Clone()));
                }
            }
        }

        CapFacets();
    }

    /// <summary>The state on a block's entry, knowing nothing more about the bools in <paramref name="forget"/> (not tested again from there).</summary>
    public OwnershipState Forget(bool[] forget)
    {
        int mask = 0;
        for (int i = 0; i < bools; i++)
        {
            if (forget[i])
            {
                mask |= ((1 << BitsPerBool) - 1) << (i * BitsPerBool);
            }
        }

        bool any = false;
        for (int f = 0; f < facetCount && !any; f++)
        {
            any = (facets[f].Key & mask) != 0;
        }

        if (!any)
        {
            return this;
        }

        var result = new OwnershipState(count, bools, facetCount, collapsed);
        for (int f = 0; f < facetCount; f++)
        {
            result.Adopt(new Facet(facets[f].Key & ~mask, (Fate[])facets[f].Fates.Clone()));
        }

        return result;
    }

    /// <summary>What facet <paramref name="key"/> knows about bool <paramref name="index"/>.</summary>
    private static Known Get(int key, int index) => (Known)((key >> (index * BitsPerBool)) & ((1 << BitsPerBool) - 1));

    /// <summary><paramref name="key"/>, knowing <paramref name="value"/> about bool <paramref name="index"/>.</summary>
    private static int Set(int key, int index, Known value)
    {
        int shift = index * BitsPerBool;
        return (key & ~(((1 << BitsPerBool) - 1) << shift)) | ((int)value << shift);
    }

    /// <summary>Adds the possibilities of one facet this state does not own (merged with the facet that knows the same, or copied); true when anything changed.</summary>
    private bool Merge(int key, Fate[] fates)
    {
        int existing = Find(key);
        if (existing < 0)
        {
            Append(new Facet(key, (Fate[])fates.Clone()));
            return true;
        }

        return MergeFates(facets[existing].Fates, fates);
    }

    /// <summary>Adds a facet this state now owns (merged with the facet that knows the same, or kept as it is).</summary>
    private void Adopt(Facet facet)
    {
        int existing = Find(facet.Key);
        if (existing < 0)
        {
            Append(facet);
            return;
        }

        MergeFates(facets[existing].Fates, facet.Fates);
    }

    private bool MergeFates(Fate[] existing, Fate[] fates)
    {
        bool changed = false;
        for (int i = 0; i < count; i++)
        {
            Fate merged = existing[i] | fates[i];
            changed |= merged != existing[i];
            existing[i] = merged;
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

    /// <summary>The position of the facet with <paramref name="key"/>, or -1.</summary>
    private int Find(int key)
    {
        for (int f = 0; f < facetCount; f++)
        {
            if (facets[f].Key == key)
            {
                return f;
            }
        }

        return -1;
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

        facets = new[] { new Facet(0, merged) };
        facetCount = 1;
        collapsed = true;
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

    /// <summary>The paths that know the same about the bools (<see cref="Key"/>: a <see cref="Known"/> per bool, packed), and what the locals may hold on them.</summary>
    private readonly struct Facet(int key, Fate[] fates)
    {
        public int Key { get; } = key;

        public Fate[] Fates { get; } = fates;

        public Facet Clone() => new(Key, (Fate[])Fates.Clone());
    }
}
