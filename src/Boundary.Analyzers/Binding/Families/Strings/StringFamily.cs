using Boundary.Analyzers.Binding.Families.Callbacks;
using System.Collections.Generic;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;
using Boundary.Analyzers.Generation.Marshalling;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using Microsoft.CodeAnalysis;
using RefKind = Boundary.Analyzers.Model.RefKind;

namespace Boundary.Analyzers.Binding.Families.Strings;

/// <summary>
/// <c>string</c>: parameters are UTF-8 as a pointer and length or NUL-terminated (the boundary's
/// <see cref="Languages.StringConvention"/>); returns are NUL-terminated UTF-8, owned (freed with the boundary's
/// string-free function) or borrowed (copied only).
/// </summary>
internal sealed class StringFamily : CrossingFamily
{
    public static readonly StringFamily Instance = new();

    private StringFamily()
    {
    }

    public override string Name => "string";

    public override TypeCrossing? Classify(ITypeSymbol type, Position position)
        => type.SpecialType == SpecialType.System_String ? new TypeCrossing(this, "byte*", CType.Char) : null;

    public override string? ByReferenceProblem(string parameterName, RefKind refKind)
        => refKind == RefKind.Out
            ? null
            : $"string parameter '{parameterName}' cannot be passed by reference: pass it by value, or pass a 'byte*' buffer and its length";

    public override string? RetainedProblem(IParameterSymbol parameter)
        => $"[Retained] on string '{parameter.Name}': the stub converts it into a temporary UTF-8 buffer freed when the call returns; native code must copy it";

    public override Ownership HandOutOwnership(HandOutReading read) => read.Borrowed ? Ownership.Borrowed : Ownership.Owned;

    public override bool PassesLength(RefKind refKind, Languages.StringConvention strings) => refKind != RefKind.Out && !strings.IsNulTerminated;

    public override bool PinsArgument => true;

    public override bool ReturnReadsNativeMemory => true;

    public override IEnumerable<NativeParameter> NativeParameters(ValueModel value, StubContext context)
    {
        if (value.RefKind == RefKind.Out)
        {
            yield return new NativeParameter(NativeNames.Of(value), NativeReturn(value, context).PointerTo(), NativeDirection.Out);
            yield break;
        }

        if (context.Strings.IsNulTerminated)
        {
            yield return new NativeParameter(NativeNames.Of(value), CType.Char.PointerTo(toConst: true));
            yield break;
        }

        yield return new NativeParameter(NativeNames.Of(value), CType.UInt8.PointerTo(toConst: true));
        yield return new NativeParameter(NativeNames.Length(value), (value.Length ?? Lengths.LengthType.Size).Native);
    }

    public override CType NativeReturn(ValueModel value, StubContext context)
        => CType.Char.PointerTo(toConst: value.Ownership == Ownership.Borrowed);

    public override Marshaller ForParameter(ValueModel value, StubContext context)
        => value.RefKind == RefKind.Out ? new OutStringMarshaller(value, context) : new Utf8StringMarshaller(value, context);

    public override ReturnMarshaller ForReturn(ValueModel value, StubContext context) => new StringReturnMarshaller(value, context);

    public override IEnumerable<SupportMember> Support(ValueModel value, Position position)
    {
        if (position != Position.Parameter && value.Ownership == Ownership.Owned)
        {
            yield return StringFreeImport.Instance;
        }
    }

    /// <summary>A string a callback returns: NUL-terminated UTF-8 that native code borrows until the registration is
    /// released (the end of the call for a borrowed callback).</summary>
    public override CallbackResult? ForCallbackResult(ValueModel value)
        => new("byte*", CType.Char.PointerTo(toConst: true), managed => $"{Generation.Emit.Names.CallbackTable}.Utf8((nint)__user, {managed})");

    /// <summary>A string passed to a callback: borrowed for the callback, copied, in the boundary's string convention.</summary>
    public override CallbackArgument? ForCallbackArgument(ValueModel value, StubContext context)
    {
        string name = value.Name;
        string where = context.Where;
        string nullable = value.IsNullable ? "true" : "false";
        if (context.Strings.IsNulTerminated)
        {
            return new CallbackArgument(
                new[] { ("byte*", name) },
                new[] { new NativeParameter(NativeNames.Of(value), CType.Char.PointerTo(toConst: true)) },
                $"{Generation.Emit.Names.CallbackArguments}.Utf8({name}, {nullable}, {where}){(value.IsNullable ? "" : "!")}");
        }

        string length = NativeNames.Length(value);
        return new CallbackArgument(
            new[] { ("byte*", name), ("nuint", length) },
            new[] { new NativeParameter(NativeNames.Of(value), CType.UInt8.PointerTo(toConst: true)), new NativeParameter(length, CType.Size) },
            $"{Generation.Emit.Names.CallbackArguments}.Utf8({name}, {length}, {nullable}, {where}){(value.IsNullable ? "" : "!")}");
    }
}

/// <summary>The boundary's string-free function: frees owned strings and Go error messages, exactly once each.</summary>
internal sealed class StringFreeImport : SupportMember
{
    public static readonly StringFreeImport Instance = new();

    private StringFreeImport()
    {
    }

    public override int Order => 10;

    public override void Write(IndentedWriter writer, BoundaryModel boundary)
        => Import(writer, boundary, boundary.Runtime.StringFree, $"void {Names.StringFree}(byte* value)");
}
