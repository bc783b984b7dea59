package main

// #include <stdint.h>
// #include <stddef.h>
// #include <string.h>
import "C"

import "unsafe"

// "Strings": UTF-8 arriving as a slice (pointer + length) or as a NUL-terminated C string. The
// bytes are read in place (unsafe.Slice), never copied, and never kept after the call.

// slice views a slice argument; ok is false for a null pointer with a non-zero length.
func slice(s *C.uint8_t, n C.size_t) (b []byte, ok bool) {
	if s == nil {
		return nil, n == 0
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(s)), int(n)), true
}

// cstr views a C string without its NUL; ok is false for a null pointer.
func cstr(s *C.char) (b []byte, ok bool) {
	if s == nil {
		return nil, false
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(s)), int(C.strlen(s))), true
}

//export gotest_utf8_len
func gotest_utf8_len(s *C.uint8_t, n C.size_t) C.int64_t {
	b, ok := slice(s, n)
	if !ok {
		return -2
	}
	return C.int64_t(scalarCount(b))
}

//export gotest_utf8_checksum
func gotest_utf8_checksum(s *C.uint8_t, n C.size_t) C.uint64_t {
	b, _ := slice(s, n)
	return C.uint64_t(fnv1a64(b))
}

//export gotest_cstr_len
func gotest_cstr_len(s *C.char) C.int64_t {
	b, ok := cstr(s)
	if !ok {
		return -1
	}
	return C.int64_t(len(b))
}

//export gotest_cstr_checksum
func gotest_cstr_checksum(s *C.char) C.uint64_t {
	b, _ := cstr(s)
	return C.uint64_t(fnv1a64(b))
}
