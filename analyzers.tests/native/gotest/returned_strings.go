package main

// #include <stdint.h>
// #include <stddef.h>
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Returned strings": NUL-terminated UTF-8 in C memory. Every owned string goes through
// ownedString on the way out and gotest_string_free checks it on the way in, so the tests can
// prove each was freed exactly once.

// ownedString hands out s as a registered owned C string.
func ownedString(s string) *C.char {
	return (*C.char)(ownedStrings.add(boundary.CString(s)))
}

// version is borrowed: allocated once at load and never freed, so it is never in the registry
// and freeing it counts a bad free.
var version = boundary.CString("gotest 1.0")

// param reads a string parameter (pointer, length); (null, 0) is "". A null pointer with a
// length is refused unread, with code 2 and the message the Rust library gives.
func param(s *C.uint8_t, n C.size_t) (string, error) {
	b, ok := boundary.Slice[byte](unsafe.Pointer(s), uintptr(n))
	if !ok {
		return "", paramError(s == nil, uint64(n))
	}
	return string(b), nil
}

// gotest_greet returns null for a string parameter it refuses.
//
//export gotest_greet
func gotest_greet(s *C.uint8_t, n C.size_t) *C.char {
	name, err := param(s, n)
	if err != nil {
		return nil
	}
	return ownedString(greeting(name))
}

// gotest_string_repeat returns null for a string parameter it refuses, and for a result too
// long for a Go string (strings.Repeat panics, the guard recovers).
//
//export gotest_string_repeat
func gotest_string_repeat(s *C.uint8_t, n C.size_t, times C.int32_t) *C.char {
	str, err := param(s, n)
	if err != nil {
		return nil
	}
	p, err := boundary.GuardValue(func() (*C.char, error) {
		return ownedString(repeat(str, int32(times))), nil
	}, codePanic)
	if err != nil {
		return nil
	}
	return p
}

//export gotest_string_empty
func gotest_string_empty() *C.char { return ownedString("") }

// gotest_string_invalid_utf8 returns bytes 66 6f ff 6f: CString copies all but NUL unchanged.
//
//export gotest_string_invalid_utf8
func gotest_string_invalid_utf8() *C.char { return ownedString("fo\xffo") }

//export gotest_string_null
func gotest_string_null() *C.char { return nil }

//export gotest_version
func gotest_version() *C.char { return (*C.char)(version) }

//export gotest_string_free
func gotest_string_free(s *C.char) {
	ownedStrings.free(unsafe.Pointer(s), boundary.FreeCString)
}

//export gotest_live_strings
func gotest_live_strings() C.int64_t { return C.int64_t(ownedStrings.count()) }

//export gotest_bad_string_frees
func gotest_bad_string_frees() C.int64_t { return C.int64_t(ownedStrings.badFrees()) }
