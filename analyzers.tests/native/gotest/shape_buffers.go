package main

// #include "shapes.h"
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Buffer free shapes": byte and u32 buffers in C memory, handed out through out parameters or
// by value, each freed by one of three free functions that differ in what they take back:
// (ptr), (ptr, len) or (ptr, len, cap). A *_plc buffer has 7 more elements of capacity than
// of length, as a Rust Vec would, so a caller that swaps len and cap is caught. Every buffer
// goes through shapeBuffers (shape_registry.go), which checks each free against what it handed
// out.

const (
	// maxN is the largest n (in elements) that is allocated; anything larger is refused with
	// "n too large".
	maxN = 1 << 24
	// hostileN makes a producer fail with status 2 and write a live buffer anyway.
	hostileN = 0xFFFFFFFE
	// hostileLen is the length of the buffer the hostile case writes.
	hostileLen = 4
	// extraCap is the capacity a *_plc buffer has beyond its length.
	extraCap = 7
)

// made is a buffer as it leaves the library: {nil, 0, 0} for the empty one.
type made struct {
	p        unsafe.Pointer
	len, cap uintptr
}

// allocShape allocates cap elements of T, fills the first n with fill(i), registers the buffer
// under kind and returns it with length n. n == 0 allocates nothing.
func allocShape[T any](kind shapeKind, n, cap uintptr, fill func(i int) T) made {
	if n == 0 {
		return made{}
	}
	p, s := boundary.AllocBuffer[T](cap)
	for i := range s[:n] {
		s[i] = fill(i)
	}
	shapeBuffers.add(p, shapeEntry{kind, n, cap})
	return made{p, n, cap}
}

func byteAt(i int) C.uint8_t { return C.uint8_t(i) } // 0, 1, 2, … wrapping at 256

func makeBytesP(n uintptr) made  { return allocShape(kindBytesP, n, n, byteAt) }
func makeBytesPl(n uintptr) made { return allocShape(kindBytesPl, n, n, byteAt) }
func makeBytesPlc(n uintptr) made {
	return allocShape(kindBytesPlc, n, n+extraCap, byteAt)
}
func makeU32sPl(n uintptr) made {
	return allocShape(kindU32sPl, n, n, func(i int) C.uint32_t { return C.uint32_t(i * 3) })
}

// nullOut refuses a call with a null out pointer before anything is created: status 2 and the
// last error "null out pointer", for every out-parameter export of the ownership shapes.
func nullOut() C.int32_t {
	boundary.SetLastError("null out pointer")
	return C.int32_t(codeInvalidArgument)
}

// failWith sets the calling thread's last error and returns code.
func failWith(code int32, msg string) C.int32_t {
	boundary.SetLastError(msg)
	return C.int32_t(code)
}

// deliver is the status shape every *_out_* producer shares. n > maxN writes the empty buffer
// and fails with "n too large"; hostileN fails too but writes a live hostileLen-element buffer
// the caller must free. outCap is only used when withCap.
func deliver[T any](n C.uint32_t, outPtr **T, outLen, outCap *C.size_t, withCap bool, mk func(uintptr) made) C.int32_t {
	if outPtr == nil || outLen == nil || (withCap && outCap == nil) {
		return nullOut()
	}
	var m made
	var status C.int32_t
	switch {
	case n == hostileN:
		m = mk(hostileLen)
		status = failWith(codeInvalidArgument, "n too large (a buffer was written anyway)")
	case n > maxN:
		status = failWith(codeInvalidArgument, "n too large")
	default:
		m = mk(uintptr(n))
	}
	*outPtr = (*T)(m.p)
	*outLen = C.size_t(m.len)
	if withCap {
		*outCap = C.size_t(m.cap)
	}
	return status
}

// byValue is the by-value producers' rule: n > maxN (both sentinels included) is the empty
// buffer, and there is no error channel, so the thread's last error is left alone.
func byValue(n C.uint32_t, mk func(uintptr) made) made {
	if n > maxN {
		return made{}
	}
	return mk(uintptr(n))
}

//export gotest_bytes_out_p
func gotest_bytes_out_p(n C.uint32_t, outPtr **C.uint8_t, outLen *C.size_t) C.int32_t {
	return deliver(n, outPtr, outLen, nil, false, makeBytesP)
}

//export gotest_bytes_out_pl
func gotest_bytes_out_pl(n C.uint32_t, outPtr **C.uint8_t, outLen *C.size_t) C.int32_t {
	return deliver(n, outPtr, outLen, nil, false, makeBytesPl)
}

//export gotest_bytes_out_plc
func gotest_bytes_out_plc(n C.uint32_t, outPtr **C.uint8_t, outLen, outCap *C.size_t) C.int32_t {
	return deliver(n, outPtr, outLen, outCap, true, makeBytesPlc)
}

//export gotest_u32s_out_pl
func gotest_u32s_out_pl(n C.uint32_t, outPtr **C.uint32_t, outLen *C.size_t) C.int32_t {
	return deliver(n, outPtr, outLen, nil, false, makeU32sPl)
}

func toShapeBytes(m made) C.shape_bytes {
	return C.shape_bytes{ptr: (*C.uint8_t)(m.p), len: C.size_t(m.len)}
}

//export gotest_bytes_ret_p
func gotest_bytes_ret_p(n C.uint32_t) C.shape_bytes { return toShapeBytes(byValue(n, makeBytesP)) }

//export gotest_bytes_ret_pl
func gotest_bytes_ret_pl(n C.uint32_t) C.shape_bytes { return toShapeBytes(byValue(n, makeBytesPl)) }

//export gotest_bytes_ret_plc
func gotest_bytes_ret_plc(n C.uint32_t) C.shape_bytes_cap {
	m := byValue(n, makeBytesPlc)
	return C.shape_bytes_cap{ptr: (*C.uint8_t)(m.p), len: C.size_t(m.len), cap: C.size_t(m.cap)}
}

// gotest_bytes_free_p takes the pointer only: the registry remembers the length.
//
//export gotest_bytes_free_p
func gotest_bytes_free_p(p *C.uint8_t) {
	shapeBuffers.free(unsafe.Pointer(p), freeClaim{kind: kindBytesP}, boundary.FreeBuffer)
}

//export gotest_bytes_free_pl
func gotest_bytes_free_pl(p *C.uint8_t, n C.size_t) {
	claim := freeClaim{kind: kindBytesPl, len: uintptr(n), hasLen: true}
	shapeBuffers.free(unsafe.Pointer(p), claim, boundary.FreeBuffer)
}

//export gotest_bytes_free_plc
func gotest_bytes_free_plc(p *C.uint8_t, n, cap C.size_t) {
	claim := freeClaim{kind: kindBytesPlc, len: uintptr(n), cap: uintptr(cap), hasLen: true, hasCap: true}
	shapeBuffers.free(unsafe.Pointer(p), claim, boundary.FreeBuffer)
}

// gotest_u32s_free_pl takes the length in elements (u32s), not bytes.
//
//export gotest_u32s_free_pl
func gotest_u32s_free_pl(p *C.uint32_t, n C.size_t) {
	claim := freeClaim{kind: kindU32sPl, len: uintptr(n), hasLen: true}
	shapeBuffers.free(unsafe.Pointer(p), claim, boundary.FreeBuffer)
}

//export gotest_live_shape_buffers
func gotest_live_shape_buffers() C.int64_t { return C.int64_t(shapeBuffers.count()) }

//export gotest_bad_frees
func gotest_bad_frees() C.int64_t { return C.int64_t(shapeBuffers.badFrees()) }
