using System;
using Boundary;

namespace Snapshots.Out;

[ForeignHandle(Release = "vault_free")]
public sealed partial class Vault;

[ForeignErrors]
public enum VaultError
{
    Ok = 0,
    Refused = 3,
}

[ForeignBoundary("vault", Errors = typeof(VaultError), ErrorShape = ForeignErrorShape.StatusCode)]
internal static unsafe partial class VaultApi
{
    // sqlite3_open_v2-like: the handle in the middle, written even when the call fails.
    public static partial void Open(long start, out Vault vault, uint flags);

    public static partial void OpenPair(out Vault first, long start, out Vault? second);

    [return: Borrowed] public static partial Vault Peek(Vault vault, [Borrowed] out Vault? sibling);

    public static partial void Describe(Vault vault, out string text);

    public static partial void Label([Borrowed] out string label, out string? note);

    public static partial void Read(uint n, out NativeBuffer<byte> data);

    public static partial void Copy(uint n, out uint[] values);

    public static partial void View(Vault vault, [Borrowed] out ReadOnlySpan<long> items);

    public static partial long Count(Vault vault, out int found);
}
