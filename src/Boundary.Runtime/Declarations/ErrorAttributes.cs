using System;

namespace Boundary;

/// <summary>
/// Marks an enum as the error codes of a native library. It must have a member with value 0 (success); every other
/// member is a failure code unless it is marked <see cref="ForeignSuccessAttribute">[ForeignSuccess]</see>; a code the
/// enum does not define still throws.
/// </summary>
/// <example><code>
/// [ForeignErrors]
/// public enum GeoError
/// {
///     Ok = 0,
///     [ThrowsAs(typeof(KeyNotFoundException))] NotFound = 1,
///     [ThrowsAs(typeof(ArgumentException))] InvalidArgument = 2,
///     [ForeignPanic] Panic = 99,
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Enum, Inherited = false, AllowMultiple = false)]
public sealed class ForeignErrorsAttribute : Attribute
{
}

/// <summary>
/// On a <c>[ForeignErrors]</c> member: the code is thrown as <see cref="ExceptionType"/>, created with the message and
/// the <see cref="ForeignException{TError}"/> as inner exception. The type needs a public <c>(string, Exception)</c>
/// constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ThrowsAsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="exceptionType">An exception type with a public <c>(string, Exception)</c> constructor.</param>
    public ThrowsAsAttribute(Type exceptionType) => ExceptionType = exceptionType;

    /// <summary>The exception type to throw.</summary>
    public Type ExceptionType { get; }
}

/// <summary>On a <c>[ForeignErrors]</c> member: the code the native helpers report a caught panic with; it throws <see cref="ForeignPanicException"/>.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ForeignPanicAttribute : Attribute
{
}

/// <summary>
/// On a <c>[ForeignErrors]</c> member: a status that also means success, besides 0 (like <c>SQLITE_ROW</c> and
/// <c>SQLITE_DONE</c>). A <see cref="ForeignErrorShape.StatusCode"/> function does not throw for it; one declared to
/// return the <c>[ForeignErrors]</c> enum itself returns the status (<c>int32_t f(args...)</c>, no out parameter),
/// so the caller can tell the successes apart. Every other non-zero status still throws.
/// </summary>
/// <example><code>
/// [ForeignErrors]
/// public enum SqlError { Ok = 0, Busy = 5, [ForeignSuccess] Row = 100, [ForeignSuccess] Done = 101 }
///
/// public static partial SqlError Step(Statement statement);   // Row or Done; Busy throws
/// </code></example>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ForeignSuccessAttribute : Attribute
{
}
