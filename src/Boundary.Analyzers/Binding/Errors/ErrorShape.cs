using System.Collections.Generic;
using Boundary.Analyzers.Binding.Families;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Binding.Errors;

/// <summary>
/// How a native function reports failure (<c>Boundary.ForeignErrorShape</c>) and what that changes: the native
/// signature (a status return and an out pointer, a cgo result struct, an error out parameter), the check written after
/// the call, and the cold helpers that build the exception. One instance per shape.
/// </summary>
internal abstract class ErrorShape
{
    public static readonly ErrorShape None = new NoErrorShape();
    public static readonly ErrorShape StatusCode = new StatusCodeShape();
    public static readonly ErrorShape GoError = new GoErrorShape(withCode: false);
    public static readonly ErrorShape GoErrorWithCode = new GoErrorShape(withCode: true);
    public static readonly ErrorShape OutError = new OutErrorShape();
    public static readonly ErrorShape NullOrSentinel = new NullOrSentinelShape();

    /// <summary>Every shape, indexed by its <c>Boundary.ForeignErrorShape</c> value.</summary>
    public static readonly ErrorShape[] All = { None, StatusCode, GoError, GoErrorWithCode, OutError, NullOrSentinel };

    /// <summary><c>ForeignErrorShape.Inherit</c>: a function uses its boundary's shape.</summary>
    public const int Inherit = -1;

    /// <summary>The <c>Boundary.ForeignErrorShape</c> value.</summary>
    public abstract int Value { get; }

    /// <summary>The <c>Boundary.ForeignErrorShape</c> member name.</summary>
    public abstract string Name { get; }

    /// <summary>Whether failures carry a code that maps to the boundary's <c>[ForeignErrors]</c> enum (BND3001).</summary>
    public virtual bool HasCode => false;

    /// <summary>Whether the stub reads native error results through pointers.</summary>
    public virtual bool UsesPointers => true;

    /// <summary>Whether a failure's message is the thread's last error (so a handle argument can lend it instead).</summary>
    public virtual bool ReadsLastError => false;

    /// <summary>A shape from an attribute value; unknown values (a cast integer) are <see cref="None"/>.</summary>
    public static ErrorShape FromValue(int value) => value >= 0 && value < All.Length ? All[value] : None;

    /// <summary>The native return type, given the C type of the function's own result (<c>void</c> when it has none).</summary>
    public abstract CType NativeReturn(CType result, string symbol);

    /// <summary>Native parameters the shape adds after the function's own.</summary>
    public virtual IEnumerable<NativeParameter> ExtraNativeParameters(CType result)
    {
        yield break;
    }

    /// <summary>
    /// How the stub calls and checks; <paramref name="ordinal"/> names per-function members, <paramref name="declaration"/>
    /// is what the function's declaration adds to the shape.
    /// </summary>
    public abstract ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration);

    /// <summary>
    /// What a completion callback passes after <c>user_data</c> for a function of this shape that completes later: what
    /// the synchronous call would have returned or written (a status and the result, cgo's result fields, the result and
    /// an error record). <paramref name="result"/> is the result's C type (<c>void</c> for none).
    /// </summary>
    public abstract IEnumerable<NativeParameter> CompletionValues(CType result);

    /// <summary>The shared members the shape's failure path calls, for a function declared with <paramref name="declaration"/>.</summary>
    public virtual IEnumerable<SupportMember> Support(ErrorDeclaration declaration)
    {
        yield break;
    }

    public override string ToString() => Name;

    private sealed class NoErrorShape : ErrorShape
    {
        public override int Value => 0;

        public override string Name => nameof(None);

        public override bool UsesPointers => false;

        public override CType NativeReturn(CType result, string symbol) => result;

        public override IEnumerable<NativeParameter> CompletionValues(CType result)
        {
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter("result", result);
            }
        }

        public override ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration) => new NoErrors(result, context);
    }

    /// <summary><c>int32_t f(args..., T* out)</c>; <c>int32_t f(args...)</c> when the status is the result.</summary>
    private sealed class StatusCodeShape : ErrorShape
    {
        public override int Value => 1;

        public override string Name => nameof(StatusCode);

        public override bool HasCode => true;

        public override bool ReadsLastError => true;

        public override CType NativeReturn(CType result, string symbol) => CType.Int32;

        public override IEnumerable<NativeParameter> ExtraNativeParameters(CType result)
        {
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter("out", result.PointerTo(), NativeDirection.Out);
            }
        }

        public override IEnumerable<NativeParameter> CompletionValues(CType result)
        {
            yield return new NativeParameter("status", CType.Int32);
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter("result", result);
            }
        }

        public override ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
            => new StatusCodeErrors(result, context, ordinal, declaration);

        public override IEnumerable<SupportMember> Support(ErrorDeclaration declaration)
        {
            yield return declaration.Message is null ? StatusErrorHelper.Instance : BorrowedErrorHelper.Instance;
        }
    }

    /// <summary>cgo's <c>struct f_return { T r0; [int32_t r1;] char* rN; }</c>, or the bare message for <c>void</c>.</summary>
    private sealed class GoErrorShape : ErrorShape
    {
        private readonly bool withCode;

        public GoErrorShape(bool withCode) => this.withCode = withCode;

        public override int Value => withCode ? 3 : 2;

        public override string Name => withCode ? nameof(GoErrorWithCode) : nameof(GoError);

        public override bool HasCode => withCode;

        public override CType NativeReturn(CType result, string symbol)
            => result.Kind == CTypeKind.Void && !withCode ? CType.Char.PointerTo() : CType.Struct($"struct {symbol}_return");

        public override IEnumerable<NativeParameter> CompletionValues(CType result)
        {
            int field = 0;
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter($"r{field++}", result);
            }

            if (withCode)
            {
                yield return new NativeParameter($"r{field++}", CType.Int32);
            }

            yield return new NativeParameter($"r{field}", CType.Char.PointerTo());
        }

        public override ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
            => new GoErrors(result, context, ordinal, withCode);

        public override IEnumerable<SupportMember> Support(ErrorDeclaration declaration)
        {
            yield return GoErrorHelper.Instance;
        }
    }

    /// <summary><c>T f(args..., boundary_error** err)</c>.</summary>
    private sealed class OutErrorShape : ErrorShape
    {
        public override int Value => 4;

        public override string Name => nameof(OutError);

        public override bool HasCode => true;

        public override CType NativeReturn(CType result, string symbol) => result;

        public override IEnumerable<NativeParameter> ExtraNativeParameters(CType result)
        {
            yield return new NativeParameter("err", CType.Struct("boundary_error").PointerTo().PointerTo(), NativeDirection.Out);
        }

        public override IEnumerable<NativeParameter> CompletionValues(CType result)
        {
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter("result", result);
            }

            yield return new NativeParameter("err", CType.Struct("boundary_error").PointerTo());
        }

        public override ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
            => new OutErrorRecord(result, context);

        public override IEnumerable<SupportMember> Support(ErrorDeclaration declaration)
        {
            yield return RecordErrorHelper.Instance;
        }
    }

    /// <summary>
    /// <c>T f(args...)</c> whose result is null (or the declared sentinel) on failure, with the message in the thread's
    /// last error. No code.
    /// </summary>
    private sealed class NullOrSentinelShape : ErrorShape
    {
        public override int Value => 5;

        public override string Name => nameof(NullOrSentinel);

        public override bool ReadsLastError => true;

        public override CType NativeReturn(CType result, string symbol) => result;

        public override IEnumerable<NativeParameter> CompletionValues(CType result)
        {
            if (result.Kind != CTypeKind.Void)
            {
                yield return new NativeParameter("result", result);
            }
        }

        public override ErrorHandling Bind(ReturnMarshaller result, StubContext context, int ordinal, ErrorDeclaration declaration)
            => new SentinelErrors(result, context, ordinal, declaration);

        public override IEnumerable<SupportMember> Support(ErrorDeclaration declaration)
        {
            yield return declaration.Message is null ? SentinelErrorHelper.Instance : BorrowedErrorHelper.Instance;
        }
    }
}
