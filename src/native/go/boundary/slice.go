package boundary

import (
	"math"
	"unsafe"
)

// Slice views the n elements of type T at p (a span parameter passed as pointer and length,
// length in elements) as a Go slice, without copying. The slice aliases the caller's memory:
// it may be read (and, for an output span, written) during the call, and must not be kept
// after the export returns.
//
// (nil, 0) and (p, 0) are the empty span: (nil, true). ok is false, with a nil slice, for a nil
// p with n > 0 and for an n whose byte size does not fit the address space, both of which
// unsafe.Slice would panic on, and for a p not aligned for T. None of these reads memory.
func Slice[T any](p unsafe.Pointer, n uintptr) (s []T, ok bool) {
	if n == 0 {
		return nil, true
	}
	var zero T
	if p == nil || uintptr(p)%unsafe.Alignof(zero) != 0 {
		return nil, false
	}
	if size := unsafe.Sizeof(zero); size > 0 {
		if n > uintptr(math.MaxInt)/size || n*size > ^uintptr(0)-uintptr(p) {
			return nil, false
		}
	} else if n > uintptr(math.MaxInt) {
		return nil, false
	}
	return unsafe.Slice((*T)(p), int(n)), true
}
