using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;

namespace Boundary.Analyzers.Binding.Families.Callbacks;

/// <summary>
/// One argument of a callback as native code passes it: the trampoline's parameters (C# declarations and C types, one or
/// two: a UTF-8 slice is a pointer and a length) and the expression that makes the managed argument from them.
/// </summary>
internal sealed class CallbackArgument
{
    public CallbackArgument(IReadOnlyList<(string Type, string Name)> parameters, IReadOnlyList<NativeParameter> native, string toManaged)
    {
        Parameters = parameters;
        Native = native;
        ToManaged = toManaged;
    }

    /// <summary>The trampoline's parameters for this argument: their C# types and names.</summary>
    public IReadOnlyList<(string Type, string Name)> Parameters { get; }

    public IReadOnlyList<NativeParameter> Native { get; }

    public string ToManaged { get; }
}

/// <summary>A callback's result as native code receives it: its C# and C types, and how the managed result becomes it.</summary>
internal sealed class CallbackResult
{
    public CallbackResult(string nativeType, CType native, System.Func<string, string> toNative)
    {
        NativeType = nativeType;
        Native = native;
        ToNative = toNative;
    }

    /// <summary>The trampoline's return type (<c>void</c>, <c>int</c>, <c>byte</c> for bool).</summary>
    public string NativeType { get; }

    public CType Native { get; }

    /// <summary>The native form of a managed expression.</summary>
    public System.Func<string, string> ToNative { get; }
}
