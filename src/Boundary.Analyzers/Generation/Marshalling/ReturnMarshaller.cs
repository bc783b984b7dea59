using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>A marshaller for the return value: it also decides where the call's result goes and what is returned.</summary>
internal abstract class ReturnMarshaller : Marshaller
{
    protected ReturnMarshaller(ValueModel value, StubContext context)
        : base(value, context)
    {
    }

    /// <summary>The local that receives the native result (typed <see cref="Marshaller.NativeType"/>); error shapes write it through a pointer or copy it from a result struct.</summary>
    public virtual string NativeLocal => Native;

    /// <summary>The assignment target written before the call, e.g. <c>__retVal = </c>; empty for void.</summary>
    public virtual string InvokeTarget => NativeLocal + " = ";

    /// <summary>Whether the function returns nothing.</summary>
    public virtual bool IsVoid => false;

    /// <summary>The expression returned at the end of the stub, or null for void.</summary>
    public virtual string? ReturnExpression => Value.Name;

    /// <summary>How the stub calls the function and checks for failure; an operation that completes later checks in its
    /// completion instead (see <c>AsyncReturnMarshaller</c>).</summary>
    public virtual ErrorHandling BindErrors(ErrorShape shape, int ordinal, ErrorDeclaration declaration) => shape.Bind(this, Context, ordinal, declaration);
}
