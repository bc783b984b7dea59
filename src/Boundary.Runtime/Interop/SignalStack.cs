using System;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>Reads and replaces the calling thread's alternate signal stack (POSIX <c>sigaltstack</c>).</summary>
/// <remarks>
/// The replacement is mapped with <c>mmap</c> and includes a guard page at its low end, exactly as .NET maps its own:
/// when a thread exits, .NET unmaps whatever alternate stack is then installed with <c>munmap(ss_sp, ss_size)</c>,
/// so ours is freed the same way and must never be freed here. The stack it replaces (a few KiB) is not unmapped:
/// it may belong to another runtime that still refers to it.
/// </remarks>
internal static unsafe class SignalStack
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 1 | 2;
    private const int MapPrivate = 0x02;

    /// <summary>Total size of a replacement mapping, guard page included.</summary>
    private const int ReplacementBytes = 128 * 1024;

    /// <summary>Keeps the thread's alternate signal stack when it has at least <paramref name="acceptBytes"/>; otherwise
    /// installs one of at least <paramref name="minimumBytes"/>.</summary>
    public static void EnsureAtLeast(int minimumBytes, int acceptBytes)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return; // No POSIX signals (Windows): nothing can overflow.
        }

        Libc libc = Libc.Instance;
        StackInfo current = libc.GetAltStack();
        if (!current.Disabled && current.Size >= (nuint)acceptBytes)
        {
            return;
        }

        nuint pageSize = (nuint)Environment.SystemPageSize;
        nuint size = (nuint)Math.Max(ReplacementBytes, minimumBytes) + pageSize;
        size = (size + pageSize - 1) & ~(pageSize - 1);

        void* mapping = libc.Mmap(null, size, ProtReadWrite, MapPrivate | libc.MapAnonymous, -1, 0);
        if (mapping == (void*)-1)
        {
            throw new InvalidOperationException(
                $"Cannot map a {size}-byte alternate signal stack (errno {Marshal.GetLastSystemError()}); calling Go on this thread could crash the process.");
        }

        // Guard page: an overflow faults instead of silently corrupting the memory below.
        _ = libc.Mprotect(mapping, pageSize, ProtNone);
        if (!libc.SetAltStack(mapping, size))
        {
            int errno = Marshal.GetLastSystemError();
            _ = libc.Munmap(mapping, size);
            throw new InvalidOperationException(
                $"Cannot install an alternate signal stack (errno {errno}); calling Go on this thread could crash the process.");
        }
    }

    internal readonly record struct StackInfo(nuint Size, bool Disabled);
}
