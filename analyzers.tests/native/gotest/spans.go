package main

// #include "structs.h"
// #include <stddef.h>
import "C"

import (
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Spans (parameters)": (pointer, length in elements), viewed in place with boundary.Slice and
// never kept after the call. A null pointer with a nonzero length, which the stubs never pass,
// is treated as the empty span rather than dereferenced.

func span[T, P any](p *P, n C.size_t) []T {
	s, _ := boundary.Slice[T](unsafe.Pointer(p), uintptr(n))
	return s
}

//export gotest_sum_i32
func gotest_sum_i32(p *C.int32_t, n C.size_t) C.int64_t {
	var sum int64
	for _, x := range span[int32](p, n) {
		sum += int64(x)
	}
	return C.int64_t(sum)
}

//export gotest_sum_f64
func gotest_sum_f64(p *C.double, n C.size_t) C.double {
	var sum float64
	for _, x := range span[float64](p, n) {
		sum += x
	}
	return C.double(sum)
}

// gotest_fill_i32 writes start, start+1, ... (wrapping) into the span.
//
//export gotest_fill_i32
func gotest_fill_i32(p *C.int32_t, n C.size_t, start C.int32_t) {
	s := span[int32](p, n)
	for i := range s {
		s[i] = int32(start) + int32(i)
	}
}

//export gotest_vec3_sum
func gotest_vec3_sum(p *C.Vec3, n C.size_t) C.Vec3 {
	var sum C.Vec3
	for _, v := range span[C.Vec3](p, n) {
		sum.x += v.x
		sum.y += v.y
		sum.z += v.z
	}
	return sum
}
