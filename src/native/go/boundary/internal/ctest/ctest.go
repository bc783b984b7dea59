// Package ctest holds C callbacks for the boundary package's tests, which cannot define C
// functions themselves (cgo is not allowed in _test.go files). Each callback records what it
// received in a recorder, a C struct passed as user_data, so a test can check exactly what C
// code saw; a recorder can also run a Go function (Hook) from inside each call, as the managed
// code behind a real callback would run, on the same OS thread.
//
// The package is internal and imported only by tests: a library built on boundary never links
// it.
package ctest

// #include <pthread.h>
// #include <stdint.h>
// #include <stdlib.h>
// #include <string.h>
//
// // Defined in hook.go.
// extern void ctestHook(void* user);
//
// typedef struct {
// 	int64_t calls;     // atomic; incremented last, after everything else is recorded
// 	int64_t releases;  // atomic
// 	int64_t late;      // atomic: calls that began after a release
// 	int64_t i;
// 	uint64_t u;
// 	double d;
// 	void* p;
// 	int32_t code;
// 	void* extra;       // the message, record or span pointer
// 	uint64_t n;        // the span length
// 	unsigned char bytes[16]; // the start of the span
// 	uintptr_t thread;  // pthread_self of the last call
// 	int hook;          // nonzero: call ctestHook from inside each call
// } ctest_rec;
//
// static void begin(ctest_rec* r) {
// 	if (__atomic_load_n(&r->releases, __ATOMIC_SEQ_CST) > 0) __atomic_add_fetch(&r->late, 1, __ATOMIC_SEQ_CST);
// 	r->thread = (uintptr_t)pthread_self();
// }
//
// static void end(ctest_rec* r) {
// 	if (r->hook) ctestHook(r);
// 	__atomic_add_fetch(&r->calls, 1, __ATOMIC_SEQ_CST);
// }
//
// void ctest_void(void* u) { begin(u); end(u); }
//
// #define ONE(name, T, field) \
// 	void ctest_##name(void* u, T v) { ctest_rec* r = u; begin(r); r->field = v; end(r); }
// ONE(i8, int8_t, i)
// ONE(i16, int16_t, i)
// ONE(i32, int32_t, i)
// ONE(i64, int64_t, i)
// ONE(u8, uint8_t, u)
// ONE(u16, uint16_t, u)
// ONE(u32, uint32_t, u)
// ONE(u64, uint64_t, u)
// ONE(uptr, uintptr_t, u)
// ONE(f32, float, d)
// ONE(f64, double, d)
// ONE(ptr, void*, p)
//
// // (int32_t code, T v): the status shape; code_ptr is also Go-with-code without a value.
// #define CODE_T(name, T, field) \
// 	void ctest_code_##name(void* u, int32_t code, T v) { \
// 		ctest_rec* r = u; begin(r); r->code = code; r->field = v; end(r); }
// CODE_T(i32, int32_t, i)
// CODE_T(i64, int64_t, i)
// CODE_T(f64, double, d)
// CODE_T(ptr, void*, p)
//
// // (T v, void* extra): Go multi-return and error record shapes.
// #define T_PTR(name, T, field) \
// 	void ctest_##name##_ptr(void* u, T v, void* extra) { \
// 		ctest_rec* r = u; begin(r); r->field = v; r->extra = extra; end(r); }
// T_PTR(i32, int32_t, i)
// T_PTR(i64, int64_t, i)
// T_PTR(u8, uint8_t, u)
// T_PTR(ptr, void*, p)
//
// // (T v, int32_t code, void* extra): Go with code.
// #define T_CODE_PTR(name, T, field) \
// 	void ctest_##name##_code_ptr(void* u, T v, int32_t code, void* extra) { \
// 		ctest_rec* r = u; begin(r); r->field = v; r->code = code; r->extra = extra; end(r); }
// T_CODE_PTR(i32, int32_t, i)
// T_CODE_PTR(i64, int64_t, i)
// T_CODE_PTR(ptr, void*, p)
//
// void ctest_span(void* u, const void* p, size_t n) {
// 	ctest_rec* r = u;
// 	begin(r);
// 	r->extra = (void*)p;
// 	r->n = n;
// 	memset(r->bytes, 0, sizeof r->bytes);
// 	if (p != NULL) memcpy(r->bytes, p, n < sizeof r->bytes ? n : sizeof r->bytes);
// 	end(r);
// }
//
// void ctest_release(void* u) {
// 	ctest_rec* r = u;
// 	__atomic_add_fetch(&r->releases, 1, __ATOMIC_SEQ_CST);
// }
//
// static int64_t ctest_load(int64_t* p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
import "C"

import (
	"sync"
	"unsafe"
)

// The callbacks, as C function pointers (extern in C: a static function has no address Go can
// link to). The name says the parameters after user_data.
var (
	Void = unsafe.Pointer(C.ctest_void)
	I8   = unsafe.Pointer(C.ctest_i8)
	I16  = unsafe.Pointer(C.ctest_i16)
	I32  = unsafe.Pointer(C.ctest_i32)
	I64  = unsafe.Pointer(C.ctest_i64)
	U8   = unsafe.Pointer(C.ctest_u8)
	U16  = unsafe.Pointer(C.ctest_u16)
	U32  = unsafe.Pointer(C.ctest_u32)
	U64  = unsafe.Pointer(C.ctest_u64)
	Uptr = unsafe.Pointer(C.ctest_uptr)
	F32  = unsafe.Pointer(C.ctest_f32)
	F64  = unsafe.Pointer(C.ctest_f64)
	Ptr  = unsafe.Pointer(C.ctest_ptr)

	CodeI32 = unsafe.Pointer(C.ctest_code_i32)
	CodeI64 = unsafe.Pointer(C.ctest_code_i64)
	CodeF64 = unsafe.Pointer(C.ctest_code_f64)
	CodePtr = unsafe.Pointer(C.ctest_code_ptr)

	I32Ptr = unsafe.Pointer(C.ctest_i32_ptr)
	I64Ptr = unsafe.Pointer(C.ctest_i64_ptr)
	U8Ptr  = unsafe.Pointer(C.ctest_u8_ptr)
	PtrPtr = unsafe.Pointer(C.ctest_ptr_ptr)

	I32CodePtr = unsafe.Pointer(C.ctest_i32_code_ptr)
	I64CodePtr = unsafe.Pointer(C.ctest_i64_code_ptr)
	PtrCodePtr = unsafe.Pointer(C.ctest_ptr_code_ptr)

	Span    = unsafe.Pointer(C.ctest_span)
	Release = unsafe.Pointer(C.ctest_release)
)

// Rec is a recorder in C memory; its pointer is the user_data.
type Rec struct{ r *C.ctest_rec }

// New allocates a zeroed recorder. Free it with Free once no callback can run any more.
func New() Rec {
	return Rec{(*C.ctest_rec)(C.calloc(1, C.sizeof_ctest_rec))}
}

// Free frees the recorder and drops its hook.
func (r Rec) Free() {
	hooks.Delete(uintptr(r.User()))
	C.free(r.User())
}

// User is the user_data to pass with the callbacks.
func (r Rec) User() unsafe.Pointer { return unsafe.Pointer(r.r) }

// Hook makes every call on this recorder run f (nil: none), on the calling OS thread, before
// the call is counted.
func (r Rec) Hook(f func()) {
	if f == nil {
		r.r.hook = 0
		hooks.Delete(uintptr(r.User()))
		return
	}
	hooks.Store(uintptr(r.User()), f)
	r.r.hook = 1
}

// Calls, Releases and Late are read atomically: calls that have finished recording, releases,
// and calls that began after a release.
func (r Rec) Calls() int64    { return int64(C.ctest_load(&r.r.calls)) }
func (r Rec) Releases() int64 { return int64(C.ctest_load(&r.r.releases)) }
func (r Rec) Late() int64     { return int64(C.ctest_load(&r.r.late)) }

// The fields of the last call; read them after Calls shows it finished.
func (r Rec) I() int64              { return int64(r.r.i) }
func (r Rec) U() uint64             { return uint64(r.r.u) }
func (r Rec) D() float64            { return float64(r.r.d) }
func (r Rec) P() unsafe.Pointer     { return r.r.p }
func (r Rec) Code() int32           { return int32(r.r.code) }
func (r Rec) Extra() unsafe.Pointer { return r.r.extra }
func (r Rec) N() uint64             { return uint64(r.r.n) }
func (r Rec) Thread() uintptr       { return uintptr(r.r.thread) }
func (r Rec) Bytes() [16]byte       { return *(*[16]byte)(unsafe.Pointer(&r.r.bytes)) }
func ThreadID() uintptr             { return uintptr(C.pthread_self()) }

var hooks sync.Map // uintptr(user) -> func()
