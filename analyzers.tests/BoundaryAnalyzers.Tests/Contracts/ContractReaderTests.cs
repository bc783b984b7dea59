using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Contracts;

namespace BoundaryAnalyzers.Tests.Contracts;

/// <summary>The readers on real snippets: cgo's generated header for gotest, and rtest's Rust exports.</summary>
public class ContractReaderTests
{
    /// <summary>Copied from the header go build -buildmode=c-shared writes for gotest (prologue excerpt, one export).</summary>
    private const string GoHeader = """
        typedef struct { const char *p; ptrdiff_t n; } _GoString_;
        #ifndef GO_CGO_PROLOGUE_H
        #define GO_CGO_PROLOGUE_H

        typedef signed char GoInt8;
        typedef unsigned char GoUint8;
        typedef short GoInt16;
        typedef unsigned short GoUint16;
        typedef int GoInt32;
        typedef unsigned int GoUint32;
        typedef long long GoInt64;
        typedef unsigned long long GoUint64;
        typedef GoInt64 GoInt;
        typedef GoUint64 GoUint;
        typedef size_t GoUintptr;
        typedef float GoFloat32;
        typedef double GoFloat64;
        #ifdef _MSC_VER
        #include <complex.h>
        typedef _Fcomplex GoComplex64;
        #else
        typedef float _Complex GoComplex64;
        #endif

        #endif

        #ifdef __cplusplus
        extern "C" {
        #endif

        /* Return type for gotest_go_div */
        struct gotest_go_div_return {
        	int32_t r0;
        	char* r1;
        };
        extern struct gotest_go_div_return gotest_go_div(int32_t a, int32_t b);
        extern char* gotest_go_check(int32_t x);
        extern GoInt32 gotest_go_add(GoInt32 a, GoInt32 b);
        extern GoUint gotest_go_count(GoUintptr h);

        #ifdef __cplusplus
        }
        #endif
        """;

    [Fact]
    public void The_tokenizer_spells_each_word_once_and_keeps_every_word_apart()
    {
        // Enough distinct names to grow the tokenizer's word table several times; each name twice, with a type word.
        string text = string.Join("\n", Enumerable.Range(0, 3000).Select(i => $"int32_t name_{i}(int32_t name_{i}, size_t n{i % 7});"));
        List<Token> tokens = CTokenizer.Tokenize(text);

        List<Token> words = tokens.Where(t => t.Kind == TokenKind.Word).ToList();
        words.Select(t => t.Text).Should().Equal(Enumerable.Range(0, 3000).SelectMany(i => new[] { "int32_t", $"name_{i}", "int32_t", $"name_{i}", "size_t", $"n{i % 7}" }));
        words.Where(t => t.Text == "int32_t").Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(1);
        words.Where(t => t.Text == "name_2999").Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(1);
        tokens.Where(t => t.Is("(")).Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(1);
        CHeaderReader.Read(new[] { text }).Functions.Should().HaveCount(3000);
    }

    [Fact]
    public void Cgo_return_structs_and_Go_aliases_resolve_to_C_types()
    {
        NativeContract contract = CHeaderReader.Read([GoHeader]);

        NativeFunction div = contract.Functions["gotest_go_div"];
        div.Return.Type.Kind.Should().Be(CTypeKind.Struct);
        div.Parameters.Select(p => (p.Name, p.Type.Bits, p.Type.Signed)).Should().Equal(("a", 32, true), ("b", 32, true));
        contract.Structs["gotest_go_div_return"].Fields.Select(f => (f.Name, f.Type.Kind)).Should().Equal(("r0", CTypeKind.Integer), ("r1", CTypeKind.Pointer));

        contract.Functions["gotest_go_check"].Return.Type.Kind.Should().Be(CTypeKind.Pointer);

        NativeFunction add = contract.Functions["gotest_go_add"];
        (add.Return.Type.Kind, add.Return.Type.Bits, add.Return.Type.Signed).Should().Be((CTypeKind.Integer, 32, true));
        add.Parameters.Should().OnlyContain(p => p.Type.Bits == 32 && p.Type.Signed);

        NativeFunction count = contract.Functions["gotest_go_count"];
        (count.Return.Type.Bits, count.Return.Type.Signed).Should().Be((64, false));
        (count.Parameters[0].Type.Kind, count.Parameters[0].Type.Signed).Should().Be((CTypeKind.Integer, false));
        contract.Functions.Keys.Should().BeEquivalentTo("gotest_go_div", "gotest_go_check", "gotest_go_add", "gotest_go_count");
    }

    /// <summary>Copied from rtest: stress.rs, async_ops.rs, retained.rs and structs.rs.</summary>
    private const string Rust = """
        use std::ffi::c_void;
        use std::thread;

        pub type WorkDone = unsafe extern "C" fn(user_data: *mut c_void, value: i64);
        pub type DoneStatus = unsafe extern "C" fn(user_data: *mut c_void, status: i32, result: i32);
        type Callback = unsafe extern "C" fn(*mut c_void, i64);

        #[repr(C)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Mixed {
            pub tag: u8,
            pub value: i32,
            pub small: i16,
            pub big: i64,
            pub flag: u8,
        }

        /// Starts `count` threads and returns at once; each calls `done(user_data, i * i)` from its
        /// own thread, which .NET has never seen.
        #[no_mangle]
        pub extern "C" fn rtest_spawn_work(done: Option<WorkDone>, user_data: *mut c_void, count: i64) {
            let Some(done) = done else { return };
        }

        #[no_mangle]
        pub unsafe extern "C" fn rtest_cancel_sync_async(done: Option<DoneStatus>, user_data: *mut c_void) {
        }

        #[no_mangle]
        pub extern "C" fn rtest_retain_callback(callback: Option<Callback>, user_data: *mut c_void) {
        }

        #[no_mangle]
        pub extern "C" fn rtest_inline(cb: Option<unsafe extern "C" fn(*mut c_void, u32) -> i32>, n: usize) -> bool {
            false
        }

        #[no_mangle]
        pub extern "C" fn rtest_mixed_step(m: Mixed) -> Mixed {
            m
        }
        """;

    [Fact]
    public void Rust_callbacks_in_Option_and_repr_C_structs_are_read()
    {
        NativeContract contract = RustSourceReader.Read([Rust]);

        CType done = contract.Functions["rtest_spawn_work"].Parameters[0].Type;
        done.Kind.Should().Be(CTypeKind.FunctionPointer);
        done.Signature.Select(t => t.Kind).Should().Equal(CTypeKind.Void, CTypeKind.Pointer, CTypeKind.Integer);
        done.Signature[2].Bits.Should().Be(64);
        contract.Functions["rtest_spawn_work"].Parameters.Select(p => p.Name).Should().Equal("done", "user_data", "count");

        contract.Functions["rtest_cancel_sync_async"].Parameters[0].Type.Signature.Count.Should().Be(4);
        contract.Functions["rtest_retain_callback"].Parameters[0].Type.Kind.Should().Be(CTypeKind.FunctionPointer);

        NativeFunction inline = contract.Functions["rtest_inline"];
        inline.Parameters[0].Type.Kind.Should().Be(CTypeKind.FunctionPointer);
        (inline.Parameters[0].Type.Signature[0].Bits, inline.Parameters[0].Type.Signature[2].Signed).Should().Be((32, false));
        (inline.Parameters[1].Type.Bits, inline.Parameters[1].Type.Signed).Should().Be((0, false));
        inline.Return.Type.Name.Should().Be("bool");

        contract.Structs["Mixed"].Fields.Select(f => (f.Name, f.Type.Bits, f.Type.Signed))
            .Should().Equal(("tag", 8, false), ("value", 32, true), ("small", 16, true), ("big", 64, true), ("flag", 8, false));
        contract.Functions["rtest_mixed_step"].Return.Type.Should().Be(CType.Struct("Mixed"));
    }
}
