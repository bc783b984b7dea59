using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Boundary.Interop;

/// <summary>
/// The check a boundary makes once, before its first native call: the library loads, exports every function its stubs
/// call (the functions, the string, buffer and error frees, the last-error function, the release functions of its
/// handles, cancel exports), and, with an <c>AbiVersion</c>, reports a version of the same major and at least the
/// declared minor. Everything missing is reported in one exception before anything was called, so no native allocation
/// can be made whose free function is missing. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class NativeExports
{
    /// <summary>Checks the library <paramref name="library"/> as <paramref name="boundary"/>'s stubs load it.</summary>
    /// <exception cref="DllNotFoundException">The library cannot be loaded (as the first call would have thrown).</exception>
    /// <exception cref="ForeignExportException">Some exports are missing: all of them are named.</exception>
    /// <exception cref="ForeignVersionException">The library's ABI version does not fit <paramref name="abiVersion"/>.</exception>
    public static void Check(Type boundary, string library, string[] exports, string? abiVersion, string? versionFunction)
    {
        nint handle = NativeLibrary.Load(library, boundary.Assembly, null);
        var missing = new List<string>();
        nint any = 0;
        foreach (string export in exports)
        {
            if (NativeLibrary.TryGetExport(handle, export, out nint address))
            {
                any = any == 0 ? address : any;
            }
            else
            {
                missing.Add(export);
            }
        }

        if (missing.Count > 0)
        {
            throw new ForeignExportException(library, boundary.Name, LoadedFrom(any), missing);
        }

        if (abiVersion is null || versionFunction is null)
        {
            return;
        }

        nint function = NativeLibrary.GetExport(handle, versionFunction);
        byte* text = ((delegate* unmanaged<byte*>)function)();
        string? reported = text is null ? null : NativeStrings.Message(text);
        AbiVersion declared = AbiVersion.Parse(abiVersion) ?? throw new ArgumentException($"AbiVersion '{abiVersion}' is not MAJOR.MINOR.", nameof(abiVersion));
        AbiVersion? native = reported is null ? null : AbiVersion.Find(reported);
        if (native is not { } found || found.Major != declared.Major || found.Minor < declared.Minor)
        {
            throw new ForeignVersionException(library, versionFunction, boundary.Name, abiVersion, reported, LoadedFrom(function));
        }
    }

    /// <summary>The file the export at <paramref name="address"/> was loaded from, where the platform says (dladdr).</summary>
    private static string? LoadedFrom(nint address)
    {
        if (address == 0 || OperatingSystem.IsWindows())
        {
            return null;
        }

        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "dladdr", out nint dladdr))
        {
            return null;
        }

        DlInfo info;
        return ((delegate* unmanaged<void*, DlInfo*, int>)dladdr)((void*)address, &info) != 0 && info.FileName is not null
            ? Marshal.PtrToStringUTF8((nint)info.FileName)
            : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public byte* FileName;
        public void* FileBase;
        public byte* SymbolName;
        public void* SymbolAddress;
    }

    /// <summary>MAJOR.MINOR[.PATCH], as declared or as the first such token a version function reports.</summary>
    internal readonly record struct AbiVersion(int Major, int Minor)
    {
        public static AbiVersion? Parse(string text)
        {
            string[] parts = text.Trim().Split('.');
            return parts.Length is 2 or 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
                && (parts.Length == 2 || int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    ? new AbiVersion(major, minor)
                    : null;
        }

        /// <summary>The version in what a function reports: <c>"2.1"</c>, <c>"2.1.7"</c>, or a token of <c>"geo 2.1.7"</c>.</summary>
        public static AbiVersion? Find(string reported)
        {
            foreach (string token in reported.Split(' ', '\t', '-', '/', 'v'))
            {
                if (Parse(token) is { } version)
                {
                    return version;
                }
            }

            return null;
        }
    }
}
