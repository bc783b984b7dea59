using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Native;

/// <summary>How values are named and directed in native signatures.</summary>
internal static class NativeNames
{
    /// <summary>The C name of a value: its C# name without a verbatim <c>@</c>.</summary>
    public static string Of(ValueModel value) => value.Name.TrimStart('@');

    /// <summary>The name of the length that follows a pointer.</summary>
    public static string Length(ValueModel value) => Of(value) + "_len";

    /// <summary>The name of the capacity that follows a buffer's length.</summary>
    public static string Capacity(ValueModel value) => Of(value) + "_cap";

    public static NativeDirection Direction(RefKind refKind) => refKind switch
    {
        RefKind.Out => NativeDirection.Out,
        RefKind.Ref => NativeDirection.InOut,
        _ => NativeDirection.In,
    };
}
