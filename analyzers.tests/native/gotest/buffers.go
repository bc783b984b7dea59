package main

// #include "structs.h"
// #include "boundary.h"
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Returned buffers": boundary_buffer { void* ptr; size_t len; } by value, len in elements.
// Every owned buffer goes through ownedBuffer on the way out and gotest_buffer_free checks it
// on the way in.

func toBuffer(p unsafe.Pointer, n uintptr) C.boundary_buffer {
	return C.boundary_buffer{ptr: p, len: C.size_t(n)}
}

// ownedBuffer hands out a registered C copy of s; empty is {null, 0}.
func ownedBuffer[T any](s []T) C.boundary_buffer {
	p, n := boundary.Buffer(s)
	return toBuffer(ownedBuffers.add(p), n)
}

// primes is borrowed: allocated once at load, never freed, never in the registry.
var primes, primesLen = boundary.Buffer([]int32{2, 3, 5, 7, 11, 13, 17, 19, 23, 29})

//export gotest_range_i32
func gotest_range_i32(start, count C.int32_t) C.boundary_buffer {
	return ownedBuffer(rangeI32(int32(start), int32(count)))
}

// gotest_bytes_repeat fills C memory in place rather than building a Go copy first. An n too
// large to allocate gives {null, 0} instead of a crash.
//
//export gotest_bytes_repeat
func gotest_bytes_repeat(b C.uint8_t, n C.size_t) C.boundary_buffer {
	p, s := boundary.AllocBuffer[byte](uintptr(n))
	for i := range s {
		s[i] = byte(b)
	}
	return toBuffer(ownedBuffers.add(p), uintptr(len(s)))
}

//export gotest_vec3_buffer
func gotest_vec3_buffer(n C.int32_t) C.boundary_buffer {
	if n <= 0 {
		return toBuffer(nil, 0)
	}
	p, s := boundary.AllocBuffer[C.Vec3](uintptr(n))
	for i := range s {
		f := C.double(i)
		s[i] = C.Vec3{x: f, y: 2 * f, z: 3 * f}
	}
	return toBuffer(ownedBuffers.add(p), uintptr(len(s)))
}

// gotest_buffer_bad_len lies about its length: 4 live bytes, len SIZE_MAX. It is a live owned
// buffer, so freeing it once is a good free.
//
//export gotest_buffer_bad_len
func gotest_buffer_bad_len() C.boundary_buffer {
	p, _ := boundary.Buffer([]byte{0xde, 0xad, 0xbe, 0xef})
	return toBuffer(ownedBuffers.add(p), ^uintptr(0))
}

//export gotest_buffer_null_len
func gotest_buffer_null_len() C.boundary_buffer { return toBuffer(nil, 5) }

//export gotest_static_primes
func gotest_static_primes() C.boundary_buffer { return toBuffer(primes, primesLen) }

//export gotest_buffer_free
func gotest_buffer_free(p unsafe.Pointer) {
	ownedBuffers.free(p, boundary.FreeBuffer)
}

//export gotest_live_buffers
func gotest_live_buffers() C.int64_t { return C.int64_t(ownedBuffers.count()) }

//export gotest_bad_buffer_frees
func gotest_bad_buffer_frees() C.int64_t { return C.int64_t(ownedBuffers.badFrees()) }
