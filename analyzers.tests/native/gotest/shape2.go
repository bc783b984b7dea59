package main

// #include <stdint.h>
// #include <stddef.h>
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Errors", shape 2: Go multi-value exports, which cgo returns as struct { r0; ...; char* rN; }
// by value. The message is null on success; otherwise it is an owned, registered string and
// the other fields are zero. boundary.Result/ResultCode/Check/CheckCode do the work.

// message registers an owned error message on the way out; nil stays nil.
func message(p unsafe.Pointer) *C.char {
	return (*C.char)(ownedStrings.add(p))
}

//export gotest_go_div
func gotest_go_div(a, b C.int32_t) (C.int32_t, *C.char) {
	q, msg := boundary.Result(func() (C.int32_t, error) {
		q, err := divide(int32(a), int32(b))
		return C.int32_t(q), err
	})
	return q, message(msg)
}

//export gotest_go_check
func gotest_go_check(x C.int32_t) *C.char {
	return message(boundary.Check(func() error { return checkSign(int32(x)) }))
}

//export gotest_go_greet
func gotest_go_greet(s *C.uint8_t, n C.size_t) (*C.char, *C.char) {
	g, msg := boundary.Result(func() (*C.char, error) {
		name, err := param(s, n)
		if err != nil {
			return nil, err
		}
		g, err := checkedGreeting(name)
		if err != nil {
			return nil, err
		}
		return ownedString(g), nil
	})
	return g, message(msg)
}

//export gotest_go_counter
func gotest_go_counter(start C.int64_t) (C.uintptr_t, *C.char) {
	h, msg := boundary.Result(func() (C.uintptr_t, error) {
		if err := checkStart(int64(start)); err != nil {
			return 0, err
		}
		return C.uintptr_t(newCounter(int64(start))), nil
	})
	return h, message(msg)
}

//export gotest_go_panic
func gotest_go_panic(x C.int32_t) (C.int32_t, *C.char) {
	v, msg := boundary.Result(func() (C.int32_t, error) {
		boom(int32(x))
		return 0, nil
	})
	return v, message(msg)
}

//export gotest_go_div_code
func gotest_go_div_code(a, b C.int32_t) (C.int32_t, C.int32_t, *C.char) {
	q, code, msg := boundary.ResultCode(func() (C.int32_t, error) {
		q, err := divide(int32(a), int32(b))
		return C.int32_t(q), err
	}, codeDefault, codePanic)
	return q, C.int32_t(code), message(msg)
}

//export gotest_go_check_code
func gotest_go_check_code(x C.int32_t) (C.int32_t, *C.char) {
	code, msg := boundary.CheckCode(func() error { return checkNonZero(int32(x)) }, codeDefault, codePanic)
	return C.int32_t(code), message(msg)
}

//export gotest_go_panic_code
func gotest_go_panic_code(x C.int32_t) (C.int32_t, C.int32_t, *C.char) {
	v, code, msg := boundary.ResultCode(func() (C.int32_t, error) {
		boom(int32(x))
		return 0, nil
	}, codeDefault, codePanic)
	return v, C.int32_t(code), message(msg)
}
