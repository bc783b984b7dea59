package main

// #include "boundary.h"
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Errors", shape 3: on failure *err is set to a new boundary_error record that owns its
// message (so the message is not in the string registry), the result is zero, and the record
// is registered for gotest_error_free; on success *err is left untouched.

// record runs fn like boundary.RecordOut, registering the record it hands out. With a null err
// the caller does not want the error, so the record is freed rather than leaked or counted.
func record[T any](err **C.boundary_error, fn func() (T, error)) T {
	v, rec := boundary.Record(fn, codeDefault, codePanic)
	if rec != nil {
		if err == nil {
			boundary.FreeErrorRecord(rec)
		} else {
			*err = (*C.boundary_error)(ownedErrors.add(rec))
		}
	}
	return v
}

//export gotest_oe_div
func gotest_oe_div(a, b C.int32_t, err **C.boundary_error) C.int32_t {
	return record(err, func() (C.int32_t, error) {
		q, e := divide(int32(a), int32(b))
		return C.int32_t(q), e
	})
}

//export gotest_oe_greet
func gotest_oe_greet(s *C.uint8_t, n C.size_t, err **C.boundary_error) *C.char {
	return record(err, func() (*C.char, error) {
		name, e := param(s, n)
		if e != nil {
			return nil, e
		}
		g, e := checkedGreeting(name)
		if e != nil {
			return nil, e
		}
		return ownedString(g), nil
	})
}

//export gotest_oe_check
func gotest_oe_check(x C.int32_t, err **C.boundary_error) {
	record(err, func() (struct{}, error) { return struct{}{}, checkNonNegative(int32(x)) })
}

//export gotest_oe_panic
func gotest_oe_panic(x C.int32_t, err **C.boundary_error) C.int32_t {
	return record(err, func() (C.int32_t, error) {
		boom(int32(x))
		return 0, nil
	})
}

//export gotest_error_free
func gotest_error_free(e *C.boundary_error) {
	ownedErrors.free(unsafe.Pointer(e), boundary.FreeErrorRecord)
}

//export gotest_live_errors
func gotest_live_errors() C.int64_t { return C.int64_t(ownedErrors.count()) }

//export gotest_bad_error_frees
func gotest_bad_error_frees() C.int64_t { return C.int64_t(ownedErrors.badFrees()) }
