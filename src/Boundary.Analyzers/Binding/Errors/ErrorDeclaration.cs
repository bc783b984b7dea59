using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Errors;

/// <summary>
/// What one function's declaration adds to its error shape, decided by the reader (which reports what does not fit)
/// and bound with the shape: the sentinel result of <see cref="ErrorShape.NullOrSentinel"/>, a message read from a
/// handle argument instead of the thread's last error, the status codes that also mean success, and whether the
/// status itself is the function's result. Value-equal, so function models stay cacheable.
/// </summary>
/// <param name="Sentinel">How a <see cref="ErrorShape.NullOrSentinel"/> result is recognised as a failure, else null.</param>
/// <param name="Message">The handle argument a failure's message is read from, else null (the last error).</param>
/// <param name="SuccessCodes">Status codes besides 0 that mean success (<c>[ForeignSuccess]</c>), for <see cref="ErrorShape.StatusCode"/>.</param>
/// <param name="ReturnsStatus">A <see cref="ErrorShape.StatusCode"/> function declared to return its <c>[ForeignErrors]</c>
/// enum: the status is its result (<c>int32_t f(args...)</c>, no out parameter).</param>
internal sealed record ErrorDeclaration(SentinelTest? Sentinel, HandleMessage? Message, EquatableArray<int> SuccessCodes, bool ReturnsStatus)
{
    public static readonly ErrorDeclaration None = new(null, null, EquatableArray<int>.Empty, false);
}

/// <summary>
/// The failure test of a <see cref="ErrorShape.NullOrSentinel"/> result: the native result <see cref="Operator"/>
/// <see cref="Operand"/>, a C# constant of the native local's type (<c>== 0</c> for a handle, <c>== null</c> for a
/// pointer or string, <c>== unchecked((long)(-9223372036854775808L))</c>, <c>!= 0</c> for a <c>bool</c> whose sentinel is
/// <c>true</c>).
/// </summary>
internal sealed record SentinelTest(string Operator, string Operand);

/// <summary>
/// A failed call's message is lent by a handle argument (<c>sqlite3_errmsg(db)</c>): <see cref="Function"/> in
/// <see cref="Library"/> (<c>const char* f(handle)</c>), called with the native value of parameter
/// <see cref="Parameter"/> while the stub still borrows it, never freed.
/// </summary>
internal sealed record HandleMessage(string Parameter, string Library, string Function, bool IsNullable);
