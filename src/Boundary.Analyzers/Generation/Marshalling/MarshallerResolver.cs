using System;
using Boundary.Analyzers.Model;

namespace Boundary.Analyzers.Generation.Marshalling;

/// <summary>Picks the marshaller for each value: a chain of small rules, the first that applies wins.</summary>
internal static class MarshallerResolver
{
    private static readonly Func<ValueModel, StubContext, Marshaller?>[] ParameterRules =
    {
        static (v, c) => v.Kind == ValueKind.Handle ? new HandleMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.String ? new Utf8StringMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Span ? new SpanMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Bool && v.RefKind != RefKind.None ? new BoolByRefMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Bool ? new BoolMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Blittable && v.RefKind != RefKind.None ? new BlittableByRefMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Blittable ? new BlittableMarshaller(v, c) : null,
    };

    private static readonly Func<ValueModel, StubContext, ReturnMarshaller?>[] ReturnRules =
    {
        static (v, c) => v.Kind == ValueKind.Void ? new VoidReturnMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Handle ? new HandleReturnMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Bool ? new BoolReturnMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.String ? new StringReturnMarshaller(v, c) : null,
        static (v, c) => v.Kind is ValueKind.Buffer or ValueKind.Array or ValueKind.Span ? new BufferReturnMarshaller(v, c) : null,
        static (v, c) => v.Kind == ValueKind.Blittable ? new BlittableReturnMarshaller(v, c) : null,
    };

    public static Marshaller ForParameter(ValueModel value, StubContext context) => First(ParameterRules, value, context);

    public static ReturnMarshaller ForReturn(ValueModel value, StubContext context) => First(ReturnRules, value, context);

    private static T First<T>(Func<ValueModel, StubContext, T?>[] rules, ValueModel value, StubContext context)
        where T : class
    {
        foreach (Func<ValueModel, StubContext, T?> rule in rules)
        {
            if (rule(value, context) is { } marshaller)
            {
                return marshaller;
            }
        }

        // Unreachable for valid models: the reader marks unsupported values as a function problem.
        throw new InvalidOperationException($"No marshaller for '{value.ManagedType}' ({value.Kind}, {value.RefKind}).");
    }
}
