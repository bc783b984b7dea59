package boundary

// #include <stdint.h>
// #include <stdlib.h>
//
// typedef struct { int32_t code; char* message; } boundary_error_record;
import "C"

import "unsafe"

// Error shape 3, out error record: T f(args..., boundary_error** err) sets *err, on failure
// only, to a new record
//
//	typedef struct { int32_t code; char* message; } boundary_error;
//
// owned by the caller, who releases it with the library's error-free export (FreeErrorRecord),
// which frees the message too; the result is then zero. On success *err is left untouched (the
// caller initialised it to null). The record owns its message: it is never freed on its own.

// recordSize is the record's size in C, checked against the contract by the tests.
const recordSize = C.sizeof_boundary_error_record

// NewErrorRecord allocates a record with C.malloc holding code and a new C string copy of
// message (see CString: never nil, "" included), and returns it for the caller to own.
func NewErrorRecord(code int32, message string) unsafe.Pointer {
	r := (*C.boundary_error_record)(C.malloc(C.sizeof_boundary_error_record))
	r.code = C.int32_t(code)
	r.message = (*C.char)(CString(message))
	return unsafe.Pointer(r)
}

// FreeErrorRecord frees a record made by NewErrorRecord, and its message. nil is a no-op. As
// with C free, anything else is undefined behaviour: a library that must survive a misbehaving
// caller checks the pointer against a registry of its own first.
func FreeErrorRecord(p unsafe.Pointer) {
	if p == nil {
		return
	}
	r := (*C.boundary_error_record)(p)
	if r.message != nil {
		C.free(unsafe.Pointer(r.message))
	}
	C.free(p)
}

// ReadErrorRecord returns the code and a Go copy of the message of a record; nil gives
// (0, "").
func ReadErrorRecord(p unsafe.Pointer) (code int32, message string) {
	if p == nil {
		return 0, ""
	}
	r := (*C.boundary_error_record)(p)
	return int32(r.code), GoStringNUL(unsafe.Pointer(r.message))
}

// Record runs fn under the guard and returns its value and nil, or on failure the zero T and
// a new record (NewErrorRecord) with ErrorCode(err, errorCode), or panicCode, and the message.
func Record[T any](fn func() (T, error), errorCode, panicCode int32) (T, unsafe.Pointer) {
	v, code, msg, failed := outcome(fn, errorCode, panicCode)
	if !failed {
		return v, nil
	}
	return v, NewErrorRecord(code, msg)
}

// RecordOut is the whole of shape 3 in one call: it runs fn like Record, stores the record of
// a failure in *out and returns the value (zero on failure). On success *out is not touched.
// E is the library's C record type, which must have the layout above; a nil out means the
// caller does not want the error, so a failure's record is freed rather than leaked.
//
//	//export lib_oe_div
//	func lib_oe_div(a, b C.int32_t, err **C.boundary_error) C.int32_t {
//		return boundary.RecordOut(err, func() (C.int32_t, error) { return div(a, b) }, 1, 99)
//	}
func RecordOut[T, E any](out **E, fn func() (T, error), errorCode, panicCode int32) T {
	v, rec := Record(fn, errorCode, panicCode)
	if rec != nil {
		if out == nil {
			FreeErrorRecord(rec)
		} else {
			*out = (*E)(rec)
		}
	}
	return v
}
