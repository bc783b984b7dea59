package main

// #include "structs.h"
import "C"

import "math"

// "Structs": C structs passed and returned by value. Mixed has holes after tag, small and
// flag, which is the point of it: a field that crossed at the wrong offset shows.

// Go names for the contract's structs, because test files cannot import "C".
type (
	vec3    = C.Vec3
	mixed   = C.Mixed
	segment = C.Segment
)

func dot(a, b vec3) C.double { return a.x*b.x + a.y*b.y + a.z*b.z }

func length(v vec3) C.double { return C.double(math.Sqrt(float64(dot(v, v)))) }

//export gotest_vec3_scale
func gotest_vec3_scale(v C.Vec3, k C.double) C.Vec3 {
	return C.Vec3{x: v.x * k, y: v.y * k, z: v.z * k}
}

//export gotest_vec3_dot
func gotest_vec3_dot(a, b C.Vec3) C.double { return dot(a, b) }

// gotest_mixed_step changes every field, each differently, so a swapped or shifted field shows.
//
//export gotest_mixed_step
func gotest_mixed_step(m C.Mixed) C.Mixed {
	return C.Mixed{
		tag:   m.tag + 1,
		value: m.value * 2,
		small: m.small - 1,
		big:   m.big + 100,
		flag:  1 - m.flag,
	}
}

// gotest_segment_length adds id so a test also sees the trailing field of a struct that is
// passed in memory rather than in registers.
//
//export gotest_segment_length
func gotest_segment_length(s C.Segment) C.double {
	d := C.Vec3{x: s.b.x - s.a.x, y: s.b.y - s.a.y, z: s.b.z - s.a.z}
	return length(d) + C.double(s.id)
}
