package main

import (
	"math"
	"testing"
	"unsafe"
)

// The C# structs are declared with sequential layout, so the header must keep the contract's
// natural C layout; this catches an edit to structs.h that would silently shift a field.
func TestLayoutsMatchTheContract(t *testing.T) {
	var m mixed
	var s segment
	got := []uintptr{
		unsafe.Sizeof(vec3{}),
		unsafe.Offsetof(m.tag), unsafe.Offsetof(m.value), unsafe.Offsetof(m.small),
		unsafe.Offsetof(m.big), unsafe.Offsetof(m.flag), unsafe.Sizeof(m), unsafe.Alignof(m),
		unsafe.Offsetof(s.id), unsafe.Sizeof(s),
	}
	want := []uintptr{24, 0, 4, 8, 16, 24, 32, 8, 48, 56}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("layout = %v, want %v", got, want)
		}
	}
}

func TestMixedStepChangesEveryField(t *testing.T) {
	got := gotest_mixed_step(mixed{tag: 255, value: 21, small: math.MinInt16, big: 1, flag: 1})
	want := mixed{tag: 0, value: 42, small: math.MaxInt16, big: 101, flag: 0}
	if got != want {
		t.Fatalf("mixed_step = %+v, want %+v", got, want)
	}
}

func TestVectors(t *testing.T) {
	v := vec3{x: 1, y: 2, z: 3}
	if got, want := gotest_vec3_scale(v, 2), (vec3{x: 2, y: 4, z: 6}); got != want {
		t.Errorf("vec3_scale = %+v, want %+v", got, want)
	}
	if got := gotest_vec3_dot(v, v); got != 14 {
		t.Errorf("vec3_dot = %v, want 14", got)
	}
	s := segment{a: vec3{}, b: vec3{x: 3, y: 4}, id: 7}
	if got := gotest_segment_length(s); got != 12 {
		t.Errorf("segment_length = %v, want 12", got)
	}
}

func TestVectorsThroughPointers(t *testing.T) {
	v := vec3{x: 3, z: 4}
	gotest_vec3_normalize(&v)
	if want := (vec3{x: 0.6, z: 0.8}); v != want {
		t.Errorf("vec3_normalize = %+v, want %+v", v, want)
	}
	var zero vec3
	gotest_vec3_normalize(&zero)
	if zero != (vec3{}) {
		t.Errorf("vec3_normalize of zero = %+v, want it unchanged", zero)
	}
	gotest_vec3_normalize(nil)
	var made vec3
	gotest_make_vec3(1, 2, 3, &made)
	if want := (vec3{x: 1, y: 2, z: 3}); made != want {
		t.Errorf("make_vec3 = %+v, want %+v", made, want)
	}
	gotest_make_vec3(1, 2, 3, nil)
}
