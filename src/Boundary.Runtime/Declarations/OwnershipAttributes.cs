using System;

namespace Boundary;

/// <summary>
/// Borrowed: the value is valid only while the call runs (parameters) or while its owner lives (returns), and the
/// receiver must never release it. Parameters are borrowed by default; put this on a return to say the caller does
/// not own it (for example a native static).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false, AllowMultiple = false)]
public sealed class BorrowedAttribute : Attribute
{
}

/// <summary>
/// Consumed: ownership of the handle moves to native code. The handle is invalid after the call and .NET never
/// releases it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class ConsumedAttribute : Attribute
{
}

/// <summary>
/// Retained: native code keeps the value after the call returns. Only native-owned memory, handles and registered
/// callbacks may be retained; a span, string or lambda never may.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class RetainedAttribute : Attribute
{
}
