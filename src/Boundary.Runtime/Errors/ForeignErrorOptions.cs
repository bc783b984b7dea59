using System;

namespace Boundary;

/// <summary>Process-wide settings of error translation.</summary>
public static class ForeignErrorOptions
{
    /// <summary>The <see cref="AppContext"/> switch that sets <see cref="RedactNativeMessages"/> at startup.</summary>
    /// <remarks>
    /// Set it with the MSBuild property <c>&lt;BoundaryRedactNativeMessages&gt;true&lt;/BoundaryRedactNativeMessages&gt;</c>,
    /// in <c>runtimeconfig.json</c>, or with <see cref="AppContext.SetSwitch"/> before the first native error.
    /// </remarks>
    public const string RedactSwitch = "Boundary.RedactNativeMessages";

    private static int redact = AppContext.TryGetSwitch(RedactSwitch, out bool on) && on ? 1 : 0;

    /// <summary>
    /// When true, native error and panic messages are freed but never put into exceptions: <see cref="ForeignException.NativeMessage"/>
    /// is null and <see cref="Exception.Message"/> names only the library, function and code. For production systems
    /// whose native messages may contain user data.
    /// </summary>
    public static bool RedactNativeMessages
    {
        get => System.Threading.Volatile.Read(ref redact) != 0;
        set => System.Threading.Volatile.Write(ref redact, value ? 1 : 0);
    }
}
