using System.Collections.Generic;
using System.Linq;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Boundary.Analyzers.Analyzers.Ownership.Questions;

/// <summary>Is this a borrowed view of an owned value, valid only while its owner lives?</summary>
internal static partial class Owned
{
    /// <summary>
    /// The operands a value borrows from: the buffer of <c>buffer.Span</c>, or the arguments of a boundary function
    /// that returns a handle borrowed from them (<c>[return: Borrowed]</c>). Empty when it borrows from nothing.
    /// </summary>
    public static IEnumerable<IOperation> IsBorrowedView(IOperation value, OwnershipFacts facts) => ValueOrigin.Unwrap(value) switch
    {
        IPropertyReferenceOperation { Property.Name: "Span", Instance: { } instance } when TypeMapping.IsNativeBuffer(instance.Type!) is not null => new[] { instance },
        IInvocationOperation invocation when facts.For(invocation.TargetMethod).ReturnsBorrowedHandle => invocation.Arguments.Select(a => a.Value),
        _ => Enumerable.Empty<IOperation>(),
    };
}
