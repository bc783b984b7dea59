package boundary

// #include <stddef.h>
// #include <stdint.h>
//
// // The kinds of the one value a callback shape carries (T below).
// enum {
// 	BK_I8 = 1, BK_I16, BK_I32, BK_I64, BK_U8, BK_U16, BK_U32, BK_U64, BK_UPTR,
// 	BK_F32, BK_F64, BK_PTR
// };
//
// // The callback shapes: the C parameters after user_data.
// enum {
// 	BS_NONE = 1,  // ()
// 	BS_T,         // (T v)
// 	BS_CODE_T,    // (int32_t code, T v)
// 	BS_T_PTR,     // (T v, void* extra)
// 	BS_T_CODE_PTR,// (T v, int32_t code, void* extra)
// 	BS_PTR_T      // (void* extra, T v)
// };
//
// // One case per kind: CALL(C type, value) calls fn with the value converted to its type.
// #define BOUNDARY_KINDS(CALL) \
// 	case BK_I8: CALL(int8_t, (int8_t)i); break; \
// 	case BK_I16: CALL(int16_t, (int16_t)i); break; \
// 	case BK_I32: CALL(int32_t, (int32_t)i); break; \
// 	case BK_I64: CALL(int64_t, i); break; \
// 	case BK_U8: CALL(uint8_t, (uint8_t)u); break; \
// 	case BK_U16: CALL(uint16_t, (uint16_t)u); break; \
// 	case BK_U32: CALL(uint32_t, (uint32_t)u); break; \
// 	case BK_U64: CALL(uint64_t, u); break; \
// 	case BK_UPTR: CALL(uintptr_t, (uintptr_t)u); break; \
// 	case BK_F32: CALL(float, (float)d); break; \
// 	case BK_F64: CALL(double, d); break; \
// 	case BK_PTR: CALL(void*, p); break;
//
// // Calls fn, a C function pointer, through the prototype of (shape, kind). The value travels
// // as the widest member of its family (i, u, d or p) and is narrowed here, which is exact.
// static void boundary_invoke(int shape, void* fn, void* user, int kind,
// 		int64_t i, uint64_t u, double d, void* p, int32_t code, void* extra) {
// 	switch (shape) {
// 	case BS_NONE:
// 		((void (*)(void*))fn)(user);
// 		return;
// 	case BS_T:
// #define CALL(T, v) ((void (*)(void*, T))fn)(user, v)
// 		switch (kind) { BOUNDARY_KINDS(CALL) }
// #undef CALL
// 		return;
// 	case BS_CODE_T:
// #define CALL(T, v) ((void (*)(void*, int32_t, T))fn)(user, code, v)
// 		switch (kind) { BOUNDARY_KINDS(CALL) }
// #undef CALL
// 		return;
// 	case BS_T_PTR:
// #define CALL(T, v) ((void (*)(void*, T, void*))fn)(user, v, extra)
// 		switch (kind) { BOUNDARY_KINDS(CALL) }
// #undef CALL
// 		return;
// 	case BS_T_CODE_PTR:
// #define CALL(T, v) ((void (*)(void*, T, int32_t, void*))fn)(user, v, code, extra)
// 		switch (kind) { BOUNDARY_KINDS(CALL) }
// #undef CALL
// 		return;
// 	case BS_PTR_T:
// #define CALL(T, v) ((void (*)(void*, void*, T))fn)(user, extra, v)
// 		switch (kind) { BOUNDARY_KINDS(CALL) }
// #undef CALL
// 		return;
// 	}
// }
import "C"

import (
	"reflect"
	"unsafe"
)

// Callbacks. The C# side passes a callback as two C parameters: a C function pointer whose
// first parameter is void* user_data, then that user_data. Go cannot call a C function pointer
// itself, only C code can, so this file holds small C trampolines for the common signatures
// and Go functions that call them: an export receives the pointer as unsafe.Pointer (or as a
// C function pointer type, converted with unsafe.Pointer) and calls, for instance,
//
//	boundary.Call(progress, user, C.double(fraction)) // void (*progress)(void*, double)
//
// Each of these returns false, calling nothing, for a nil function pointer: a null callback is
// refused, never a crash. A signature not covered here takes a trampoline of the library's own
// (see the README, "Callbacks").
//
// The callbacks the C# side passes are [UnmanagedCallersOnly] static functions and user_data
// is a GCHandle: both may be used on any thread, so a goroutine may call them on whatever OS
// thread Go runs it on, a thread Go created included (the .NET runtime attaches such a thread
// on its first call). The managed code then runs on that thread until the callback returns.

// Scalar is a type that crosses as one C scalar: the value of a callback or of a completion.
// The kind of the Go type picks the C type (int32 is int32_t, float64 is double, uintptr is
// uintptr_t, unsafe.Pointer is void*), and cgo's own types (C.int32_t, C.double, C.size_t,
// ...) have the matching kinds, so passing a C.xxx value uses exactly that C type. A C pointer
// such as *C.char passes as unsafe.Pointer(p).
type Scalar interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 | unsafe.Pointer
}

// scalar is a Scalar ready for boundary_invoke: its kind and its value in the widest member
// of its family.
type scalar struct {
	kind C.int
	i    C.int64_t
	u    C.uint64_t
	d    C.double
	p    unsafe.Pointer
}

// scalarOf reads v's kind with reflect: a type switch cannot see through named types such as
// C.int32_t. Every kind Scalar admits is handled.
func scalarOf[T Scalar](v T) scalar {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int8:
		return scalar{kind: C.BK_I8, i: C.int64_t(rv.Int())}
	case reflect.Int16:
		return scalar{kind: C.BK_I16, i: C.int64_t(rv.Int())}
	case reflect.Int32:
		return scalar{kind: C.BK_I32, i: C.int64_t(rv.Int())}
	case reflect.Int64:
		return scalar{kind: C.BK_I64, i: C.int64_t(rv.Int())}
	case reflect.Uint8:
		return scalar{kind: C.BK_U8, u: C.uint64_t(rv.Uint())}
	case reflect.Uint16:
		return scalar{kind: C.BK_U16, u: C.uint64_t(rv.Uint())}
	case reflect.Uint32:
		return scalar{kind: C.BK_U32, u: C.uint64_t(rv.Uint())}
	case reflect.Uint64:
		return scalar{kind: C.BK_U64, u: C.uint64_t(rv.Uint())}
	case reflect.Uintptr:
		return scalar{kind: C.BK_UPTR, u: C.uint64_t(rv.Uint())}
	case reflect.Float32:
		return scalar{kind: C.BK_F32, d: C.double(rv.Float())}
	case reflect.Float64:
		return scalar{kind: C.BK_F64, d: C.double(rv.Float())}
	default: // reflect.UnsafePointer, the only kind left
		return scalar{kind: C.BK_PTR, p: rv.UnsafePointer()}
	}
}

// ptrScalar is p as a void* value; ptrScalar(nil) also fills the value slot of the shapes
// that have none.
func ptrScalar(p unsafe.Pointer) scalar {
	return scalar{kind: C.BK_PTR, p: p}
}

// The shapes of boundary_invoke, for the other files (a C name is only visible in the file
// whose preamble declares it).
const (
	shapeNone     = C.BS_NONE
	shapeT        = C.BS_T
	shapeCodeT    = C.BS_CODE_T
	shapeTPtr     = C.BS_T_PTR
	shapeTCodePtr = C.BS_T_CODE_PTR
	shapePtrT     = C.BS_PTR_T
)

// invoke calls fn (not nil) with user and the shape's parameters.
func invoke(shape int, fn, user unsafe.Pointer, v scalar, code int32, extra unsafe.Pointer) {
	C.boundary_invoke(C.int(shape), fn, user, v.kind, v.i, v.u, v.d, v.p, C.int32_t(code), extra)
}

// CallVoid calls void (*fn)(void* user). False for a nil fn.
func CallVoid(fn, user unsafe.Pointer) bool {
	if fn == nil {
		return false
	}
	invoke(shapeNone, fn, user, ptrScalar(nil), 0, nil)
	return true
}

// Call calls void (*fn)(void* user, T v), T being the C type of v's kind (see Scalar): for
// example Call(fn, user, int32(n)) for an int32_t, Call(fn, user, C.double(x)) for a double,
// Call(fn, user, unsafe.Pointer(s)) for a char*. False for a nil fn.
func Call[T Scalar](fn, user unsafe.Pointer, v T) bool {
	if fn == nil {
		return false
	}
	invoke(shapeT, fn, user, scalarOf(v), 0, nil)
	return true
}

// CallString calls void (*fn)(void* user, const char* s) with a NUL-terminated copy of s
// (interior NULs become U+FFFD, as in CString), which is freed when fn returns: the callback
// borrows it for the call. False for a nil fn.
func CallString(fn, user unsafe.Pointer, s string) bool {
	if fn == nil {
		return false
	}
	p := CString(s)
	defer FreeCString(p)
	invoke(shapeT, fn, user, ptrScalar(p), 0, nil)
	return true
}

// CallBytes calls void (*fn)(void* user, const void* p, size_t n) with b's bytes in place: the
// callback borrows them for the call (Go memory, which cgo keeps alive and in place meanwhile)
// and must copy what it keeps. An empty b is (NULL, 0). False for a nil fn.
func CallBytes(fn, user unsafe.Pointer, b []byte) bool {
	if fn == nil {
		return false
	}
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(unsafe.SliceData(b))
	}
	invoke(shapePtrT, fn, user, scalarOf(C.size_t(len(b))), 0, p)
	return true
}
