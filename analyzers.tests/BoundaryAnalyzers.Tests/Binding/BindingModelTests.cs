using System;
using System.Linq;
using Boundary;
using Boundary.Analyzers.Binding;
using Boundary.Analyzers.Binding.Errors;
using Boundary.Analyzers.Binding.Families.Handles;
using Boundary.Analyzers.Binding.Families.Spans;
using Boundary.Analyzers.Binding.Families.Strings;
using Boundary.Analyzers.Binding.Languages;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Model;
using Boundary.Analyzers.Reading;
using BoundaryAnalyzers.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace BoundaryAnalyzers.Tests.Binding;

/// <summary>
/// The binding layer's own contract: its strategies mirror the runtime's enums exactly (the analyzers read attribute
/// values as integers, so a drifted copy would silently bind the wrong shape), every type is taken by exactly one
/// family, and each function's native signature is typed, not text.
/// </summary>
public class BindingModelTests
{
    [Fact]
    public void Every_family_that_refines_a_declaration_says_so()
    {
        // The reader builds a ValueReading only for a family whose Refines is true: one that overrode Refine alone
        // would silently lose what its declarations add.
        var families = typeof(CrossingFamily).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(CrossingFamily).IsAssignableFrom(t)).ToList();
        families.Should().NotBeEmpty();
        foreach (Type family in families)
        {
            Type refineOwner = family.GetMethod(nameof(CrossingFamily.Refine))!.DeclaringType!;
            Type refinesOwner = family.GetProperty(nameof(CrossingFamily.Refines))!.GetMethod!.DeclaringType!;
            (refineOwner == typeof(CrossingFamily)).Should().Be(refinesOwner == typeof(CrossingFamily), $"{family.Name} overrides Refine and Refines together");
        }

        families.Count(f => f.GetMethod(nameof(CrossingFamily.Refine))!.DeclaringType != typeof(CrossingFamily)).Should().Be(3);
    }

    [Fact]
    public void Error_shapes_mirror_the_runtime_enum()
    {
        var members = Enum.GetValues<ForeignErrorShape>().Where(v => v != ForeignErrorShape.Inherit).ToList();
        ErrorShape.All.Should().HaveCount(members.Count);
        foreach (ForeignErrorShape member in members)
        {
            ErrorShape shape = ErrorShape.FromValue((int)member);
            shape.Value.Should().Be((int)member);
            shape.Name.Should().Be(member.ToString());
        }

        ErrorShape.Inherit.Should().Be((int)ForeignErrorShape.Inherit);
        ErrorShape.FromValue(42).Should().BeSameAs(ErrorShape.None, "a cast integer must bind, not crash");
        ErrorShape.All.Where(s => s.HasCode).Select(s => s.Name).Should().BeEquivalentTo("StatusCode", "GoErrorWithCode", "OutError");
        ErrorShape.All.Where(s => s.ReadsLastError).Select(s => s.Name).Should().BeEquivalentTo("StatusCode", "NullOrSentinel");
    }

    [Fact]
    public void Languages_mirror_the_runtime_enum()
    {
        var members = Enum.GetValues<ForeignLanguage>();
        ForeignLanguageKind.All.Should().HaveCount(members.Length);
        foreach (ForeignLanguage member in members)
        {
            ForeignLanguageKind language = ForeignLanguageKind.FromValue((int)member);
            language.Value.Should().Be((int)member);
            language.Name.Should().Be(member.ToString());
        }

        ForeignLanguageKind.All.Where(l => l.StartsGoRuntime).Should().Equal(ForeignLanguageKind.Go);
        ForeignLanguageKind.Go.Handle.Should().Be(CType.UIntPtr);
        ForeignLanguageKind.Rust.Handle.PointerLevel.Should().Be(1);
    }

    [Fact]
    public void String_conventions_mirror_the_runtime_enum()
    {
        var members = Enum.GetValues<ForeignStrings>();
        StringConvention.All.Should().HaveCount(members.Length);
        foreach (ForeignStrings member in members)
        {
            StringConvention convention = StringConvention.FromValue((int)member);
            convention.Value.Should().Be((int)member);
            convention.Name.Should().Be(member.ToString());
        }
    }

    [Theory]
    [InlineData("int", "blittable", "blittable")]
    [InlineData("Vec3", "blittable", "blittable")]
    [InlineData("Color", "blittable", "blittable")]
    [InlineData("int*", "blittable", "blittable")]
    [InlineData("delegate* unmanaged<int, void>", "blittable", "blittable")]
    [InlineData("bool", "bool", "bool")]
    [InlineData("string", "string", "string")]
    [InlineData("System.ReadOnlySpan<int>", "span", "span")]
    [InlineData("Boundary.NativeBuffer<int>", null, "buffer")]
    [InlineData("int[]", null, "array")]
    [InlineData("Counter", "handle", "handle")]
    [InlineData("decimal", null, null)]
    [InlineData("int?", null, null)]
    [InlineData("(int, int)", null, null)]
    [InlineData("object", null, null)]
    [InlineData("System.DateTime", null, null)]
    public void Each_type_is_taken_by_one_family(string type, string? asParameter, string? asReturn)
    {
        ITypeSymbol symbol = TypeOf(type);
        (CrossingFamilies.Classify(symbol, Position.Parameter).Family?.Name).Should().Be(asParameter);
        (CrossingFamilies.Classify(symbol, Position.Return).Family?.Name).Should().Be(asReturn);
        if (asParameter is null)
        {
            CrossingFamilies.Classify(symbol, Position.Parameter).Problem.Should().NotBeNullOrEmpty();
        }

        foreach (Position position in new[] { Position.Parameter, Position.Return })
        {
            CrossingFamilies.All.Count(f => f.Classify(symbol, position) is { Family: not null }).Should().BeLessThanOrEqualTo(1);
        }
    }

    [Fact]
    public void Families_are_registered_once_and_named_uniquely()
    {
        CrossingFamilies.All.Should().OnlyHaveUniqueItems();
        CrossingFamilies.All.Select(f => f.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Callers_own_handles_and_buffers_unless_borrowed()
    {
        CrossingFamilies.CallerOwns(TypeOf("Counter"), borrowed: false).Should().BeTrue();
        CrossingFamilies.CallerOwns(TypeOf("Counter"), borrowed: true).Should().BeFalse();
        CrossingFamilies.CallerOwns(TypeOf("Boundary.NativeBuffer<int>"), borrowed: false).Should().BeTrue();
        CrossingFamilies.CallerOwns(TypeOf("string"), borrowed: false).Should().BeFalse("a returned string is copied");
        CrossingFamilies.CallerOwns(TypeOf("int[]"), borrowed: false).Should().BeFalse("a returned array is copied");
    }

    [Fact]
    public void The_native_signature_is_typed()
    {
        FunctionModel function = Bind("""
            [ForeignBoundary("geo", ErrorShape = ForeignErrorShape.StatusCode)]
            static unsafe partial class Geo
            {
                public static partial long Count(Counter index, ReadOnlySpan<ulong> ids, Span<byte> scratch, string name, out int found, in Vec3 origin, bool exact);
            }
            """, "Count");

        NativeSignature native = function.Native!;
        native.Symbol.Should().Be("geo_count");
        native.Return.Should().Be(CType.Int32);
        native.Parameters.Select(p => p.Name).Should().Equal("index", "ids", "ids_len", "scratch", "scratch_len", "name", "name_len", "found", "origin", "exact", "out");
        native.Parameters.Select(p => p.Type.PointerLevel).Should().Equal(1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1);
        native.Parameters[1].Type.Should().Be(CType.UInt64.PointerTo(toConst: true));
        native.Parameters[3].Type.Should().Be(CType.UInt8.PointerTo(), "a Span is written by native code");
        native.Parameters[3].Direction.Should().Be(NativeDirection.InOut);
        native.Parameters[2].Type.Should().Be(CType.Size);
        native.Parameters[7].Direction.Should().Be(NativeDirection.Out);
        native.Parameters[8].Type.Should().Be(CType.Struct("Vec3").PointerTo(toConst: true));
        native.Parameters[9].Type.Should().Be(CType.UInt8);
        native.Parameters[10].Type.Should().Be(CType.Int64.PointerTo());
        native.Parameters[10].Direction.Should().Be(NativeDirection.Out);
        native.ToString().Should().Be(
            "int32_t geo_count(void* index, const uint64_t* ids, size_t ids_len, uint8_t* scratch, size_t scratch_len, const uint8_t* name, size_t name_len, int32_t* found, const Vec3* origin, uint8_t exact, int64_t* out);");
        function.Parameters.Select(p => p.Family).Should().ContainInOrder(HandleFamily.Instance, SpanFamily.Instance, SpanFamily.Instance, StringFamily.Instance);
    }

    [Theory]
    [InlineData("ForeignLanguage.Go", "ForeignErrorShape.GoErrorWithCode", "struct kv_get_return kv_get(uintptr_t store, const uint8_t* key, size_t key_len);")]
    [InlineData("ForeignLanguage.Go", "ForeignErrorShape.GoError", "struct kv_get_return kv_get(uintptr_t store, const uint8_t* key, size_t key_len);")]
    [InlineData("ForeignLanguage.Rust", "ForeignErrorShape.OutError", "char* kv_get(void* store, const uint8_t* key, size_t key_len, boundary_error** err);")]
    [InlineData("ForeignLanguage.Rust", "ForeignErrorShape.None", "char* kv_get(void* store, const uint8_t* key, size_t key_len);")]
    [InlineData("ForeignLanguage.Rust", "ForeignErrorShape.NullOrSentinel", "char* kv_get(void* store, const uint8_t* key, size_t key_len);")]
    [InlineData("ForeignLanguage.Go", "ForeignErrorShape.NullOrSentinel", "char* kv_get(uintptr_t store, const uint8_t* key, size_t key_len);")]
    public void Error_shapes_and_languages_shape_the_signature(string language, string shape, string expected)
    {
        FunctionModel function = Bind($$"""
            [ForeignBoundary("kv", Language = {{language}}, ErrorShape = {{shape}}, Errors = typeof(E))]
            static unsafe partial class Kv
            {
                public static partial string Get(Counter store, string key);
            }
            [ForeignErrors] enum E { Ok = 0, Bad = 1 }
            """, "Get");

        function.Native!.ToString().Should().Be(expected);
    }

    [Fact]
    public void A_status_returned_as_the_error_enum_is_the_native_result()
    {
        const string Boundary = """
            [ForeignBoundary("kv", ErrorShape = ForeignErrorShape.StatusCode, Errors = typeof(E))]
            static unsafe partial class Kv
            {
                public static partial E Step(Counter cursor, long limit);
                public static partial Color Shade(Counter cursor);
            }
            [ForeignErrors] enum E { Ok = 0, Bad = 1, [ForeignSuccess] Row = 100 }
            """;

        FunctionModel step = Bind(Boundary, "Step");
        step.Native!.ToString().Should().Be("int32_t kv_step(void* cursor, int64_t limit);");
        step.Errors.ReturnsStatus.Should().BeTrue();
        step.Errors.SuccessCodes.Should().Equal(100);
        Bind(Boundary, "Shade").Native!.ToString().Should().Be("int32_t kv_shade(void* cursor, int32_t* out);", "another enum is still written through the out pointer");
    }

    [Fact]
    public void Nul_terminated_strings_and_borrowed_returns_read_as_const_char()
    {
        FunctionModel function = Bind("""
            [ForeignBoundary("kv", Strings = ForeignStrings.NulTerminated)]
            static unsafe partial class Kv
            {
                [return: Borrowed] public static partial string Echo(string text, delegate* unmanaged<int, void*, byte> callback);
            }
            """, "Echo");

        function.Native!.ToString().Should().Be("const char* kv_echo(const char* text, uint8_t (*callback)(int32_t, void*));");
    }

    [Fact]
    public void Length_types_mirror_the_runtime_choices_and_map_to_C_types()
    {
        (string Type, LengthType Length, string C)[] expected =
        {
            ("int", LengthType.Int, "int32_t"), ("uint", LengthType.UInt, "uint32_t"), ("long", LengthType.Long, "int64_t"),
            ("ulong", LengthType.ULong, "uint64_t"), ("nint", LengthType.NInt, "intptr_t"), ("nuint", LengthType.Size, "size_t"),
        };
        foreach ((string type, LengthType length, string c) in expected)
        {
            LengthType.Of(TypeOf(type)).Should().BeSameAs(length);
            length.Keyword.Should().Be(type);
            length.Native.ToString().Should().Be(c);
            length.Signed.Should().Be(!type.StartsWith('u') && type != "nuint");
        }

        LengthType.Of(TypeOf("short")).Should().BeNull();
        LengthType.Of(TypeOf("byte")).Should().BeNull();
        LengthType.Size.Convert("x", LengthType.Size).Should().Be("x");
        LengthType.Long.Convert("x", LengthType.Int).Should().Be("unchecked((long)x)", "bit-preserving even where overflow is checked");
    }

    [Fact]
    public void Length_types_shape_spans_strings_and_out_buffers()
    {
        FunctionModel function = Bind("""
            [ForeignBoundary("kv", LengthType = typeof(long))]
            static unsafe partial class Kv
            {
                public static partial int Count(ReadOnlySpan<byte> bytes, [LengthType(typeof(int))] Span<long> words, string name, [LengthType(typeof(uint))] string label, out NativeBuffer<byte> data, [LengthType(typeof(int))] out int[] ints);
            }
            """, "Count");

        function.Native!.ToString().Should().Be(
            "int32_t kv_count(const uint8_t* bytes, int64_t bytes_len, int64_t* words, int32_t words_len, const uint8_t* name, int64_t name_len, const uint8_t* label, uint32_t label_len, uint8_t** data, int64_t* data_len, int32_t** ints, int32_t* ints_len);");
        function.Parameters.Select(p => p.Length).Should().Equal(LengthType.Long, LengthType.Int, LengthType.Long, LengthType.UInt, LengthType.Long, LengthType.Int);
    }

    [Theory]
    [InlineData("void* ptr", "void kv_free(void* ptr);", "boundary_buffer kv_bytes(void);", "int32_t kv_read(uint8_t** data, size_t* data_len, uint32_t** words, size_t* words_len);")]
    [InlineData("byte* ptr, nuint len", "void kv_free(uint8_t* ptr, size_t len);", "boundary_buffer kv_bytes(void);", "int32_t kv_read(uint8_t** data, size_t* data_len, uint32_t** words, size_t* words_len);")]
    [InlineData("void* ptr, nuint len, nuint cap", "void kv_free(void* ptr, size_t len, size_t cap);", "boundary_buffer_cap kv_bytes(void);", "int32_t kv_read(uint8_t** data, size_t* data_len, size_t* data_cap, uint32_t** words, size_t* words_len);")]
    public void The_free_function_shapes_every_owned_buffer_and_borrowed_ones_keep_ptr_and_len(string free, string freeSignature, string bytes, string read)
    {
        string boundary = $$"""
            [ForeignBoundary("kv")]
            static unsafe partial class Kv
            {
                public static partial NativeBuffer<byte> Bytes();
                public static partial int Read(out byte[] data, [Borrowed] out ReadOnlySpan<uint> words);
                [return: Borrowed] public static partial byte[] Static();
                [BufferFree] private static partial void Free({{free}});
            }
            """;
        Bind(boundary, "Free").Native!.ToString().Should().Be(freeSignature);
        Bind(boundary, "Bytes").Native!.ToString().Should().Be(bytes);
        Bind(boundary, "Read").Native!.ToString().Should().Be(read);
        Bind(boundary, "Static").Native!.ToString().Should().Be("boundary_buffer kv_static(void);", "a borrowed array is never freed");
    }

    [Fact]
    public void A_free_function_has_no_error_shape_whatever_its_boundary_declares()
    {
        FunctionModel free = Bind("""
            [ForeignBoundary("kv", ErrorShape = ForeignErrorShape.StatusCode, Errors = typeof(E))]
            static unsafe partial class Kv
            {
                public static partial NativeBuffer<byte> Bytes();
                [BufferFree] private static partial void Free(byte* ptr, nuint len, nuint cap);
            }
            [ForeignErrors] enum E { Ok = 0 }
            """, "Free");

        free.ErrorShape.Should().BeSameAs(ErrorShape.None);
        free.Native!.ToString().Should().Be("void kv_free(uint8_t* ptr, size_t len, size_t cap);");
    }

    [Fact]
    public void Invalid_functions_have_no_signature()
    {
        Bind("""
            [ForeignBoundary("kv")]
            static partial class Kv { public static partial decimal Price(); }
            """, "Price").Native.Should().BeNull();
    }

    private const string Declarations = """
        using System;
        using Boundary;
        using System.Runtime.InteropServices;
        [ForeignHandle(Release = "free_counter")] public sealed partial class Counter;
        [StructLayout(LayoutKind.Sequential)] public struct Vec3 { public double X, Y, Z; }
        public enum Color { Red }
        """;

    private static ITypeSymbol TypeOf(string type)
    {
        Compilation compilation = TestCompilation.Create(Declarations + $"unsafe static class Probe {{ static {type} Field; }}");
        var probe = compilation.GetTypeByMetadataName("Probe")!;
        return ((IFieldSymbol)probe.GetMembers("Field").Single()).Type;
    }

    private static FunctionModel Bind(string boundary, string function)
    {
        Compilation compilation = TestCompilation.Create(Declarations + boundary);
        INamedTypeSymbol type = compilation.GetSymbolsWithName(n => n is "Geo" or "Kv", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        BoundaryModel model = BoundaryReader.Read(type, allowUnsafe: true, ProblemSink.None, default)!;
        return model.Functions.Single(f => f.Name == function);
    }
}
