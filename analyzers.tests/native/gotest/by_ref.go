package main

// #include "structs.h"
import "C"

// "By reference": C# out and ref parameters arrive as pointers. A nil pointer is skipped
// rather than dereferenced: the stubs never pass one, but a crash here would take the test
// host down and hide the real failure. out targets may be uninitialised, so they are only
// written, never read.

// gotest_divmod truncates. Go defines MinInt32 / -1 as MinInt32 with remainder 0 rather than
// trapping, which is what the Rust library's wrapping_div gives too; b == 0 is the only case
// that could panic, and it is refused first.
//
//export gotest_divmod
func gotest_divmod(a, b C.int32_t, quot, rem *C.int32_t) C.uint8_t {
	if b == 0 {
		return fromBool(false)
	}
	if quot != nil {
		*quot = a / b
	}
	if rem != nil {
		*rem = a % b
	}
	return fromBool(true)
}

//export gotest_increment
func gotest_increment(v *C.int64_t, by C.int64_t) {
	if v != nil {
		*v += by
	}
}

// gotest_flip computes 1 - b exactly as the contract says (wrapping), so Go and Rust agree
// even on a non-canonical byte.
//
//export gotest_flip
func gotest_flip(b *C.uint8_t) {
	if b != nil {
		*b = 1 - *b
	}
}

//export gotest_vec3_normalize
func gotest_vec3_normalize(v *C.Vec3) {
	if v == nil {
		return
	}
	// Divide rather than scale by 1/length: one rounding per component, not two, and the
	// same results as the Rust library.
	if l := length(*v); l != 0 {
		*v = C.Vec3{x: v.x / l, y: v.y / l, z: v.z / l}
	}
}

//export gotest_make_vec3
func gotest_make_vec3(x, y, z C.double, out *C.Vec3) {
	if out != nil {
		*out = C.Vec3{x: x, y: y, z: z}
	}
}
