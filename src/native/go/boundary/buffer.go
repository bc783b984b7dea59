package boundary

// #include <stdlib.h>
import "C"

import (
	"math"
	"unsafe"
)

// Owned buffers: a pointer to C memory and a length in elements, which the C side receives as
// a struct { void* ptr; size_t len; } and gives back, pointer only, to the library's free
// function.
//
// T must not contain Go pointers (no pointers, slices, strings, maps, interfaces, ...): C
// memory is invisible to the garbage collector, so a Go pointer stored there could dangle. Use
// numbers, fixed-size arrays, and structs of those (or the library's C struct types).

// Buffer copies s into new C memory allocated with C.malloc and returns the pointer and the
// length in elements, for the caller to own until it comes back to FreeBuffer. An empty s, or
// a zero-size T, gives (nil, 0): nothing is allocated and there is nothing to free.
func Buffer[T any](s []T) (unsafe.Pointer, uintptr) {
	var zero T
	size := unsafe.Sizeof(zero)
	if len(s) == 0 || size == 0 {
		return nil, 0
	}
	p := C.malloc(C.size_t(size) * C.size_t(len(s)))
	copy(unsafe.Slice((*T)(p), len(s)), s)
	return p, uintptr(len(s))
}

// AllocBuffer allocates n zeroed elements of type T in C memory (C.calloc) and returns the
// pointer, to hand out and later free with FreeBuffer, and a Go slice over the same memory, to
// fill in place without first building a Go copy. n == 0, a zero-size T, or an allocation that
// fails (too large for memory or for the address space) gives (nil, nil).
func AllocBuffer[T any](n uintptr) (unsafe.Pointer, []T) {
	var zero T
	size := unsafe.Sizeof(zero)
	if n == 0 || size == 0 || n > uintptr(math.MaxInt)/size {
		return nil, nil
	}
	p := C.calloc(C.size_t(n), C.size_t(size))
	if p == nil {
		return nil, nil
	}
	return p, unsafe.Slice((*T)(p), int(n))
}

// FreeBuffer frees a buffer made by Buffer or AllocBuffer. nil is a no-op. As with C free,
// anything else is undefined behaviour: a library that must survive a misbehaving caller
// checks the pointer against a registry of its own first.
func FreeBuffer(p unsafe.Pointer) {
	if p != nil {
		C.free(p)
	}
}
