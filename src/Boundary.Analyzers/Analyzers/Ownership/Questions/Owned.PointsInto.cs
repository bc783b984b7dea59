using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a raw pointer into memory some value owns: derived from a span, a native buffer or a handle?</summary>
internal static partial class Owned
{
    /// <summary>
    /// What a raw pointer (<c>T*</c>, <c>nint</c>, <c>nuint</c>) value points into, or null: the span or native buffer
    /// of <c>fixed (T* p = buffer.Span)</c>, <c>&amp;span[i]</c>, <c>Unsafe.AsPointer(ref span[i])</c>,
    /// <c>Unsafe.AsPointer(ref MemoryMarshal.GetReference(span))</c> and <c>span.GetPinnableReference()</c>; the handle
    /// of <c>handle.DangerousGetHandle()</c>; the pointer of a cast, <c>new IntPtr(p)</c> or pointer arithmetic. The
    /// answer is the operand as written (<c>buffer.Span</c>, a local): the caller finds the owner behind it.
    /// </summary>
    public static IOperation? PointsInto(IOperation value)
    {
        value = ValueOrigin.Unwrap(value);
        switch (value)
        {
            case IBinaryOperation binary when IsRawPointer(binary.Type):
                return IsRawPointer(binary.LeftOperand.Type) ? binary.LeftOperand : IsRawPointer(binary.RightOperand.Type) ? binary.RightOperand : null;
            case IObjectCreationOperation { Arguments.Length: 1 } creation when IsRawPointer(creation.Type):
                return creation.Arguments[0].Value; // new IntPtr(p)
            case IAddressOfOperation address:
                return ReferenceInto(address.Reference);
            case IInvocationOperation { TargetMethod: { Name: "AsPointer" } method, Arguments.Length: 1 } call when IsType(method.ContainingType, "System.Runtime.CompilerServices.Unsafe"):
                return ReferenceInto(call.Arguments[0].Value);
            case IInvocationOperation { TargetMethod: { Name: "DangerousGetHandle", Parameters.Length: 0 } method, Instance: { } handle } when IsSafeHandle(method.ContainingType):
                return handle;
            case ILocalReferenceOperation local when IsRawPointer(local.Type):
                return local;
            case { Kind: OperationKind.None } pinned when One(pinned) is { } pinnedValue:
                return IsSpan(pinnedValue.Type) ? pinnedValue : PointsInto(pinnedValue); // fixed (T* p = span): it pins what GetPinnableReference returns
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a pointer value points into a <c>NativeBuffer&lt;T&gt;</c>'s memory — native memory, which the GC neither
    /// moves nor frees: <c>Unsafe.AsPointer(ref buffer.Span[0])</c>, <c>fixed (T* p = buffer.Span)</c>, through span
    /// locals assigned once (<c>Span&lt;T&gt; view = buffer.Span</c>) and pointer arithmetic. It lives as long as the buffer.
    /// </summary>
    public static bool IsIntoNativeBuffer(IOperation value, int depth = 6)
    {
        value = ValueOrigin.Unwrap(value);
        if (depth == 0)
        {
            return false;
        }

        if (value is IPropertyReferenceOperation { Property.Name: "Span", Instance: { Type: { } owner } } && Model.TypeMapping.IsNativeBuffer(owner) is not null)
        {
            return true;
        }

        if (value is ILocalReferenceOperation { Local: var local })
        {
            return ValueOrigin.Of(local, value) is { Value: { } assigned } && IsIntoNativeBuffer(assigned, depth - 1);
        }

        return PointsInto(value) is { } into && into != value && IsIntoNativeBuffer(into, depth - 1);
    }

    /// <summary>
    /// Whether <paramref name="value"/>, a pointer value, is derived from <paramref name="target"/> (a reference to an
    /// owned local): <c>Unsafe.AsPointer(ref data.Span[0])</c> from <c>data</c>.
    /// </summary>
    public static bool IsDerivedFrom(IOperation value, IOperation target, int depth = 6)
    {
        value = ValueOrigin.Unwrap(value);
        if (value == target)
        {
            return true;
        }

        if (depth == 0)
        {
            return false;
        }

        if (value is IPropertyReferenceOperation { Property.Name: "Span", Instance: { Type: { } owner } instance } && Model.TypeMapping.IsNativeBuffer(owner) is not null)
        {
            return IsDerivedFrom(instance, target, depth - 1);
        }

        return PointsInto(value) is { } into && into != value && IsDerivedFrom(into, target, depth - 1);
    }

    /// <summary>A pointer type, or <c>nint</c>/<c>nuint</c>: what can hold an address the GC does not follow.</summary>
    public static bool IsRawPointer(ITypeSymbol? type) => type is IPointerTypeSymbol || type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>The span a reference points into: <c>span[i]</c>, <c>MemoryMarshal.GetReference(span)</c>, <c>span.GetPinnableReference()</c>.</summary>
    private static IOperation? ReferenceInto(IOperation reference)
    {
        reference = ValueOrigin.Unwrap(reference);
        return reference switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span } when IsSpan(span.Type) => span,
            IInvocationOperation { TargetMethod: { Name: "GetReference" } method, Arguments.Length: 1 } call
                when IsType(method.ContainingType, "System.Runtime.InteropServices.MemoryMarshal") && IsSpan(call.Arguments[0].Value.Type) => call.Arguments[0].Value,
            IInvocationOperation { TargetMethod.Name: "GetPinnableReference", Instance: { } span } when IsSpan(span.Type) => span,
            _ => null,
        };
    }

    private static IOperation? One(IOperation operation)
    {
        IOperation? only = null;
        foreach (IOperation child in operation.ChildOperations)
        {
            if (only is not null)
            {
                return null;
            }

            only = child;
        }

        return only;
    }

    private static bool IsSpan(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsSafeHandle(ITypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (IsType(type, "System.Runtime.InteropServices.SafeHandle"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsType(ITypeSymbol? type, string fullName) => type?.ToDisplayString() == fullName;
}
