using System;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>
/// The few libc functions the signal-stack guard needs, resolved from the running process (which always has libc
/// loaded), so no library name differs between glibc, musl and macOS.
/// </summary>
internal sealed unsafe class Libc
{
    private static Libc? s_instance;

    private readonly delegate* unmanaged<void*, void*, int> _sigaltstack;
    private readonly delegate* unmanaged<void*, nuint, int, int, int, nint, void*> _mmap;
    private readonly delegate* unmanaged<void*, nuint, int, int> _mprotect;
    private readonly delegate* unmanaged<void*, nuint, int> _munmap;
    private readonly bool _linuxLayout;
    private readonly int _ssDisable;

    private Libc()
    {
        nint process = NativeLibrary.GetMainProgramHandle();
        _sigaltstack = (delegate* unmanaged<void*, void*, int>)NativeLibrary.GetExport(process, "sigaltstack");
        _mmap = (delegate* unmanaged<void*, nuint, int, int, int, nint, void*>)NativeLibrary.GetExport(process, "mmap");
        _mprotect = (delegate* unmanaged<void*, nuint, int, int>)NativeLibrary.GetExport(process, "mprotect");
        _munmap = (delegate* unmanaged<void*, nuint, int>)NativeLibrary.GetExport(process, "munmap");

        // Linux: struct { void* ss_sp; int ss_flags; size_t ss_size; }, SS_DISABLE = 2, MAP_ANONYMOUS = 0x20.
        // macOS and FreeBSD: struct { void* ss_sp; size_t ss_size; int ss_flags; }, SS_DISABLE = 4, MAP_ANON = 0x1000.
        _linuxLayout = OperatingSystem.IsLinux();
        _ssDisable = _linuxLayout ? 2 : 4;
        MapAnonymous = _linuxLayout ? 0x20 : 0x1000;
    }

    public static Libc Instance => s_instance ??= new Libc();

    public int MapAnonymous { get; }

    public SignalStack.StackInfo GetAltStack()
    {
        StackT current = default;
        if (_sigaltstack(null, &current) != 0)
        {
            throw new InvalidOperationException($"sigaltstack failed (errno {Marshal.GetLastSystemError()}).");
        }

        return _linuxLayout
            ? new SignalStack.StackInfo(current.Second, ((int)current.Middle & _ssDisable) != 0)
            : new SignalStack.StackInfo(current.Middle, ((int)current.Second & _ssDisable) != 0);
    }

    public bool SetAltStack(void* stack, nuint size)
    {
        StackT replacement = _linuxLayout
            ? new StackT { Sp = stack, Middle = 0, Second = size }
            : new StackT { Sp = stack, Middle = size, Second = 0 };
        Marshal.SetLastSystemError(0);
        return _sigaltstack(&replacement, null) == 0;
    }

    public void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset)
    {
        Marshal.SetLastSystemError(0);
        return _mmap(address, length, protection, flags, fd, offset);
    }

    public int Mprotect(void* address, nuint length, int protection) => _mprotect(address, length, protection);

    public int Munmap(void* address, nuint length) => _munmap(address, length);

    // Both layouts are three pointer-sized slots on 64-bit platforms (the int field is padded), so one struct
    // serves both; which slot holds the flags and which the size depends on the platform.
    private struct StackT
    {
        public void* Sp;
        public nuint Middle;
        public nuint Second;
    }
}
