package main

// #include "boundary.h"
import "C"

import "boundaryanalyzers.dev/boundary"

// "Errors", shape 1: int32_t status, *out written on success only, and the message kept for
// the calling OS thread until gotest_last_error takes it. boundary.StatusOut does all of it;
// the exports only register what they hand out.

func status(fn func() error) C.int32_t {
	return C.int32_t(boundary.Status(fn, codeDefault, codePanic))
}

func statusOut[T any](out *T, fn func() (T, error)) C.int32_t {
	return C.int32_t(boundary.StatusOut(out, fn, codeDefault, codePanic))
}

// gotest_last_error hands the message out as an owned string, registered like any other.
//
//export gotest_last_error
func gotest_last_error() *C.char {
	return (*C.char)(ownedStrings.add(boundary.TakeLastError()))
}

//export gotest_checked_div
func gotest_checked_div(a, b C.int32_t, out *C.int32_t) C.int32_t {
	return statusOut(out, func() (C.int32_t, error) {
		q, err := divide(int32(a), int32(b))
		return C.int32_t(q), err
	})
}

//export gotest_lookup
func gotest_lookup(key *C.uint8_t, n C.size_t, out **C.char) C.int32_t {
	return statusOut(out, func() (*C.char, error) {
		k, err := param(key, n)
		if err != nil {
			return nil, err
		}
		v, err := lookup(k)
		if err != nil {
			return nil, err
		}
		return ownedString(v), nil
	})
}

//export gotest_checked_counter
func gotest_checked_counter(start C.int64_t, out *C.uintptr_t) C.int32_t {
	return statusOut(out, func() (C.uintptr_t, error) {
		if err := checkStart(int64(start)); err != nil {
			return 0, err
		}
		return C.uintptr_t(newCounter(int64(start))), nil
	})
}

//export gotest_checked_range
func gotest_checked_range(n C.int32_t, out *C.boundary_buffer) C.int32_t {
	return statusOut(out, func() (C.boundary_buffer, error) {
		if err := checkCount(int32(n)); err != nil {
			return C.boundary_buffer{}, err
		}
		return gotest_range_i32(0, n), nil
	})
}

//export gotest_fail_io
func gotest_fail_io() C.int32_t {
	return status(func() error { return boundary.NewError(codeIo, "disk on fire") })
}

// gotest_fail_silent fails without a message: an empty message clears the thread's last
// error, so gotest_last_error then returns null.
//
//export gotest_fail_silent
func gotest_fail_silent() C.int32_t {
	return status(func() error { return boundary.NewError(codeNotFound, "") })
}

//export gotest_status_panic
func gotest_status_panic(x C.int32_t, out *C.int32_t) C.int32_t {
	return statusOut(out, func() (C.int32_t, error) {
		boom(int32(x))
		return 0, nil
	})
}
