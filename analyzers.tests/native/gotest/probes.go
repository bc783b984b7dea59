package main

// #include <stdint.h>
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Span probes and other length types": what a caller passes for an empty span, and spans
// whose length is not a size_t.

// Flags of gotest_span_probe_*: a correct empty span has none of them.
const (
	probeNull       = 1 // the pointer is null
	probeMisaligned = 2 // the pointer is not aligned for the element type
	probeNonEmpty   = 4 // the length is not 0
)

// probeFlags only looks at the numbers: Go has no undefined behaviour for a nil or empty
// slice, unlike Rust's slice::from_raw_parts, which the Rust library's probe explains.
func probeFlags(p, n, align uintptr) C.uint32_t {
	var flags C.uint32_t
	switch {
	case p == 0:
		flags |= probeNull
	case p%align != 0:
		flags |= probeMisaligned
	}
	if n != 0 {
		flags |= probeNonEmpty
	}
	return flags
}

//export gotest_span_probe_u8
func gotest_span_probe_u8(p *C.uint8_t, n C.size_t) C.uint32_t {
	return probeFlags(uintptr(unsafe.Pointer(p)), uintptr(n), unsafe.Alignof(*p))
}

//export gotest_span_probe_u64
func gotest_span_probe_u64(p *C.uint64_t, n C.size_t) C.uint32_t {
	return probeFlags(uintptr(unsafe.Pointer(p)), uintptr(n), unsafe.Alignof(*p))
}

// What the *_len32 / *_len64 functions return for a span they cannot read.
const (
	negativeLen = -1 // a negative length
	unreadable  = -2 // a null pointer with a length, or a pointer misaligned for the element type
	notUTF8     = -3 // gotest_utf8_len32: bytes that are not UTF-8
)

// signedSpan views (p, n) with a signed length, or gives negativeLen or unreadable. A pointer
// misaligned for T is unreadable whatever n is, as in the Rust library.
func signedSpan[T, P any, L C.int32_t | C.int64_t](p *P, n L) ([]T, int) {
	if n < 0 {
		return nil, negativeLen
	}
	var zero T
	if uintptr(unsafe.Pointer(p))%unsafe.Alignof(zero) != 0 {
		return nil, unreadable
	}
	s, ok := boundary.Slice[T](unsafe.Pointer(p), uintptr(n))
	if !ok {
		return nil, unreadable
	}
	return s, 0
}

// gotest_sum_i64_len64 is the wrapping sum, or -1 / -2 (see signedSpan).
//
//export gotest_sum_i64_len64
func gotest_sum_i64_len64(p *C.int64_t, n C.int64_t) C.int64_t {
	s, code := signedSpan[int64](p, n)
	if code != 0 {
		return C.int64_t(code)
	}
	var sum int64
	for _, v := range s {
		sum += v
	}
	return C.int64_t(sum)
}

// gotest_count_u8_len32 is the number of non-zero bytes, or -1 / -2 (see signedSpan).
//
//export gotest_count_u8_len32
func gotest_count_u8_len32(p *C.uint8_t, n C.int32_t) C.int32_t {
	s, code := signedSpan[byte](p, n)
	if code != 0 {
		return C.int32_t(code)
	}
	var count C.int32_t
	for _, b := range s {
		if b != 0 {
			count++
		}
	}
	return count
}

// gotest_utf8_len32 is the number of Unicode scalar values, or -1 / -2 (see signedSpan), or -3
// for bytes that are not UTF-8.
//
//export gotest_utf8_len32
func gotest_utf8_len32(text *C.uint8_t, n C.int32_t) C.int32_t {
	s, code := signedSpan[byte](text, n)
	if code != 0 {
		return C.int32_t(code)
	}
	if count := scalarCount(s); count >= 0 {
		return C.int32_t(count)
	}
	return notUTF8
}
