using System;

namespace Boundary;

/// <summary>
/// What a callback returns to native code when the managed delegate throws: the exception never unwinds through native
/// frames; the trampoline returns this value instead (the return type's zero value without this attribute), later
/// calls of the same callback during the call return it without running the delegate, and the exception is rethrown,
/// with its original stack trace, when the native function returns.
/// </summary>
/// <example><code>
/// // native code stops iterating when the visitor returns -1
/// public static partial void Walk(Tree tree, [CallbackFailure(-1)] Func&lt;int, int&gt; visit);
/// </code></example>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class CallbackFailureAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="value">A constant of the callback's return type (or an integer constant that fits it).</param>
    public CallbackFailureAttribute(object value) => Value = value;

    /// <summary>The value returned to native code.</summary>
    public object Value { get; }
}
