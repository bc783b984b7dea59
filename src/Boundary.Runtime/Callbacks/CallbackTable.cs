using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Boundary.Interop;

/// <summary>
/// What generated stubs hand native code as a callback's or an operation's <c>void* user_data</c>: a token naming a slot
/// of this table, which holds the delegate or the pending operation. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// <para>A token is a slot index and the slot's generation. Releasing a slot bumps its generation, so a token native
/// code keeps too long (a borrowed callback called after its call returned, a second completion, a release called
/// twice) no longer names anything: the call is counted in <see cref="ForeignCallbacks.StaleCalls"/> and ignored,
/// never a crash and never another call's delegate. A <c>GCHandle</c> cannot give that guarantee: a freed handle's
/// slot is reused for an unrelated object.</para>
/// <para>Native code may keep a token where its language keeps pointers (a Go <c>unsafe.Pointer</c> on a goroutine's
/// stack or in a map): Go's stack copier aborts the process on a pointer-typed value below 4,096, and its collector
/// inspects any value that falls inside its heap arenas. On 64-bit platforms every token therefore has its top bit set:
/// an address no user-space allocation, and no Go heap, can have.</para>
/// <para>Slots live in fixed segments that never move; registering is a compare-and-swap on a free slot (the thread's
/// last released slot first), releasing is a compare-and-swap on its generation, so exactly one releaser wins. Nothing
/// is allocated per registration.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CallbackTable
{
    private const int SegmentBits = 10;
    private const int SegmentSize = 1 << SegmentBits;

    // A token is the slot's stamp above the slot's index + 1. 64-bit: the stamp is the top bit and 31 bits of generation,
    // over 32 bits of index. 32-bit: 12 bits of generation over 20 of index (a million live callbacks, 4,096 reuses of a
    // slot before a token repeats). Comparing the stamp checks tag and generation at once.
    private static readonly int IndexBits = IntPtr.Size == 8 ? 32 : 20;
    private static readonly ulong IndexMask = (1UL << IndexBits) - 1;
    private static readonly int GenerationMask = IntPtr.Size == 8 ? int.MaxValue : 0xFFF;
    private static readonly int TagBit = IntPtr.Size == 8 ? int.MinValue : 0;
    private static readonly int MaxSegments = (int)Math.Min(1L << (IndexBits - SegmentBits), 1 << 12);

    private static readonly object GrowLock = new();

    /// <summary>What a slot names once a callback of it threw: no trampoline's type test accepts it.</summary>
    private static readonly object Failed = new();

    /// <summary>The first segment, also reachable without the array: almost every process stays within it, and a
    /// static readonly reference is a constant to the JIT, so a callback's lookup is two loads.</summary>
    private static readonly Segment First = new();

    /// <summary>The first segment's entries, one load away, indexed without a bounds check (an index below
    /// <see cref="SegmentSize"/> always fits).</summary>
    private static readonly Entry[] FirstEntries = First.Entries;

    private static Segment[] segments = { First };
    private static int scanHint;

    [ThreadStatic]
    private static int t_lastReleased;

    /// <summary>Registers <paramref name="target"/> (a delegate, or a pending operation) and returns its token, never 0.</summary>
    public static nint Register(object target)
    {
        // The slot this thread released last is the likeliest to be free: a borrowed callback's call releases it.
        int hint = t_lastReleased;
        if (hint > 0 && TryTake(hint - 1, target, out nint token))
        {
            return token;
        }

        return RegisterSlow(target);
    }

    /// <summary>
    /// The live target <paramref name="token"/> names, or null (counted) when it no longer names one; once a callback of
    /// this registration threw, a marker no delegate type matches (so it is not run again during the call). Not generic, so the trampoline's own type test (against a
    /// type the JIT knows exactly) is the only cast on a callback's path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Get(nint token)
    {
        // The first segment inline, without out parameters, so the JIT keeps everything in registers.
        ulong value = (nuint)token;
        ulong index = (value & IndexMask) - 1;
        if (index < SegmentSize)
        {
            ref Entry entry = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(FirstEntries), (nint)index);
            object? target = Volatile.Read(ref entry.Target);
            if (target is not null && Volatile.Read(ref entry.Stamp) == (int)(value >> IndexBits))
            {
                return target; // the failure marker after a callback threw: no delegate type matches it
            }
        }

        return GetSlow(token);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object? GetSlow(nint token)
    {
        if (Locate(token, out Segment? segment, out int slot, out int stamp))
        {
            ref Entry entry = ref segment!.Entries[slot];
            object? target = Volatile.Read(ref entry.Target);
            if (Volatile.Read(ref entry.Stamp) == stamp && target is not null)
            {
                return target;
            }
        }

        return Stale<object>();
    }

    /// <summary>As <see cref="Get(nint)"/>, typed: null when the target is not a <typeparamref name="T"/>.</summary>
    public static T? Get<T>(nint token)
        where T : class
        => Get(token) as T;

    /// <summary>
    /// Releases <paramref name="token"/>'s slot and returns its target; exactly one caller per registration gets it.
    /// Null (counted) when the token no longer names a live slot or its target is not a <typeparamref name="T"/>.
    /// </summary>
    public static T? Claim<T>(nint token)
        where T : class
    {
        if (Locate(token, out Segment? segment, out int slot, out int stamp))
        {
            ref Entry entry = ref segment!.Entries[slot];
            if (Volatile.Read(ref entry.Target) is T typed
                && Interlocked.CompareExchange(ref entry.Stamp, NextStamp(stamp), stamp) == stamp)
            {
                Free(ref entry, token);
                return typed;
            }
        }

        return Stale<T>();
    }

    /// <summary>Releases <paramref name="token"/>'s slot (0 is ignored); false, counted, when it was already released.</summary>
    public static bool Release(nint token)
    {
        if (token == 0)
        {
            return true;
        }

        return Claim<object>(token) is not null;
    }

    /// <summary>Records the first exception a callback of this registration threw (later ones are dropped: the call
    /// already fails with the first).</summary>
    public static void Capture(nint token, Exception exception)
    {
        if (Locate(token, out Segment? segment, out int slot, out int stamp)
            && Volatile.Read(ref segment!.Entries[slot].Stamp) == stamp)
        {
            ref Entry entry = ref segment.Entries[slot];
            if (Interlocked.CompareExchange(ref entry.Failure, ExceptionDispatchInfo.Capture(exception), null) is null)
            {
                // Later calls during the call find the marker, which no trampoline's type test accepts.
                Volatile.Write(ref entry.Target, Failed);
            }
        }
        else
        {
            ForeignCallbacks.ReportUnhandled(exception, null, null);
        }
    }

    /// <summary>Rethrows, with its original stack trace, the exception a callback of this registration threw during the call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfFailed(nint token)
    {
        if (Locate(token, out Segment? segment, out int slot, out _) && segment!.Entries[slot].Failure is { } failure)
        {
            Rethrow(segment, slot, failure);
        }
    }

    /// <summary>
    /// A string a callback returns to native code: NUL-terminated UTF-8 in native memory that stays valid until the
    /// registration is released (the end of the call for a borrowed callback; native code's release, or the
    /// registration handle's, for a retained one), when it is freed. Null stays null; U+0000 inside the string throws
    /// <see cref="ArgumentException"/> (it would cut the string short), which the trampoline captures like any exception.
    /// </summary>
    public static unsafe byte* Utf8(nint token, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Contains('\0'))
        {
            throw new ArgumentException("A string a callback returns to native code is NUL-terminated there, so it must not contain U+0000.", nameof(value));
        }

        int length = Encoding.UTF8.GetByteCount(value);
        byte* text = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(text, length));
        text[length] = 0;
        if (Locate(token, out Segment? segment, out int slot, out _))
        {
            ref Entry entry = ref segment!.Entries[slot];
            var kept = new KeptString((nint)text);
            KeptString? head;
            do
            {
                head = Volatile.Read(ref entry.Strings);
                kept.Next = head;
            }
            while (Interlocked.CompareExchange(ref entry.Strings, kept, head) != head);
        }

        return text;
    }

    /// <summary>Registrations not yet released: borrowed callbacks in a call, retained callbacks, pending operations.</summary>
    internal static int LiveCount
    {
        get
        {
            int live = 0;
            foreach (Segment segment in Volatile.Read(ref segments))
            {
                foreach (Entry entry in segment.Entries)
                {
                    if (entry.Target is not null)
                    {
                        live++;
                    }
                }
            }

            return live;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Rethrow(Segment segment, int slot, ExceptionDispatchInfo failure)
    {
        Interlocked.CompareExchange(ref segment.Entries[slot].Failure, null, failure);
        failure.Throw();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Locate(nint token, out Segment? segment, out int slot, out int stamp)
    {
        ulong value = (nuint)token;
        ulong index = (value & IndexMask) - 1;
        stamp = (int)(value >> IndexBits);
        if (index < SegmentSize)
        {
            segment = First;
            slot = (int)index;
            return true;
        }

        return LocateBeyondFirst(index, out segment, out slot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool LocateBeyondFirst(ulong index, out Segment? segment, out int slot)
    {
        Segment[] all = Volatile.Read(ref segments);
        if (index >= (ulong)all.Length * SegmentSize)
        {
            segment = null;
            slot = 0;
            return false;
        }

        segment = all[(int)(index >> SegmentBits)];
        slot = (int)(index & (SegmentSize - 1));
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T? Stale<T>()
        where T : class
    {
        ForeignCallbacks.CountStale();
        return null;
    }

    private static bool TryTake(int index, object target, out nint token)
    {
        ref Entry entry = ref index < SegmentSize
            ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(FirstEntries), index)
            : ref Volatile.Read(ref segments)[index >> SegmentBits].Entries[index & (SegmentSize - 1)];
        if (Volatile.Read(ref entry.Target) is null && Interlocked.CompareExchange(ref entry.Target, target, null) is null)
        {
            ulong stamp = (uint)Volatile.Read(ref entry.Stamp);
            token = (nint)(nuint)((stamp << IndexBits) | (uint)(index + 1));
            return true;
        }

        token = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint RegisterSlow(object target)
    {
        while (true)
        {
            Segment[] all = Volatile.Read(ref segments);
            int capacity = all.Length * SegmentSize;
            int start = (int)((uint)Volatile.Read(ref scanHint) % (uint)capacity);
            for (int i = 0; i < capacity; i++)
            {
                int index = (start + i) % capacity;
                if (TryTake(index, target, out nint token))
                {
                    Volatile.Write(ref scanHint, index + 1);
                    return token;
                }
            }

            lock (GrowLock)
            {
                if (ReferenceEquals(all, segments))
                {
                    if (all.Length >= MaxSegments)
                    {
                        throw new InvalidOperationException($"More than {capacity} callbacks and operations are registered with native code at once; release retained callbacks and await operations.");
                    }

                    var grown = new Segment[all.Length + 1];
                    Array.Copy(all, grown, all.Length);
                    grown[all.Length] = new Segment();
                    Volatile.Write(ref scanHint, capacity);
                    Volatile.Write(ref segments, grown);
                }
            }
        }
    }

    private static unsafe void Free(ref Entry entry, nint token)
    {
        for (KeptString? kept = Interlocked.Exchange(ref entry.Strings, null); kept is not null; kept = kept.Next)
        {
            NativeMemory.Free((void*)kept.Text);
        }

        entry.Failure = null;
        Volatile.Write(ref entry.Target, null);
        t_lastReleased = (int)((nuint)token & IndexMask);
    }

    /// <summary>The stamp after <paramref name="stamp"/>: the next generation, the tag kept.</summary>
    private static int NextStamp(int stamp) => ((stamp + 1) & GenerationMask) | TagBit;

    private sealed class Segment
    {
        public readonly Entry[] Entries = new Entry[SegmentSize];

        public Segment()
        {
            for (int i = 0; i < Entries.Length; i++)
            {
                Entries[i].Stamp = TagBit;
            }
        }
    }

    /// <summary>One slot: what it names, its stamp (the tag and generation its live token carries), and the first
    /// exception a callback of it threw.</summary>
    private struct Entry
    {
        public object? Target;
        public ExceptionDispatchInfo? Failure;
        public KeptString? Strings;
        public int Stamp;
    }

    /// <summary>A string a callback of the registration returned, freed when it is released.</summary>
    private sealed class KeptString(nint text)
    {
        public nint Text { get; } = text;

        public KeptString? Next { get; set; }
    }
}
