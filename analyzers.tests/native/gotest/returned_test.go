package main

import (
	"bytes"
	"math"
	"testing"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// The exports of "Returned strings", "Spans" and "Returned buffers", called directly.

type owners struct{ strings, badStrings, buffers, badBuffers, errors, badErrors int64 }

func ownerStats() owners {
	return owners{
		int64(gotest_live_strings()), int64(gotest_bad_string_frees()),
		int64(gotest_live_buffers()), int64(gotest_bad_buffer_frees()),
		int64(gotest_live_errors()), int64(gotest_bad_error_frees()),
	}
}

// assertOwners checks how far each registry statistic moved since before.
func assertOwners(t *testing.T, before, want owners) {
	t.Helper()
	now := ownerStats()
	got := owners{
		now.strings - before.strings, now.badStrings - before.badStrings,
		now.buffers - before.buffers, now.badBuffers - before.badBuffers,
		now.errors - before.errors, now.badErrors - before.badErrors,
	}
	if got != want {
		t.Fatalf("moved (strings, bad, buffers, bad, errors, bad) = %+v, want %+v", got, want)
	}
}

func goStr(p *cchar) string { return boundary.GoStringNUL(unsafe.Pointer(p)) }

// take reads and frees an owned string.
func take(p *cchar) string {
	defer gotest_string_free(p)
	return goStr(p)
}

func bytesOf(s string) (*cuint8, uint) {
	if s == "" {
		return nil, 0
	}
	b := []byte(s)
	return (*cuint8)(&b[0]), uint(len(b))
}

func TestOwnedStrings(t *testing.T) {
	before := ownerStats()
	p, n := bytesOf("Ada \U0001F600")
	cases := []struct {
		name string
		got  *cchar
		want string
	}{
		{"greet", gotest_greet(p, csize(n)), "Hello, Ada \U0001F600!"},
		{"greet(null)", gotest_greet(nil, 0), "Hello, !"},
		{"repeat 3", gotest_string_repeat(p, csize(n), 3), "Ada \U0001F600Ada \U0001F600Ada \U0001F600"},
		{"repeat 0", gotest_string_repeat(p, csize(n), 0), ""},
		{"repeat -2", gotest_string_repeat(p, csize(n), -2), ""},
		{"empty", gotest_string_empty(), ""},
	}
	assertOwners(t, before, owners{strings: int64(len(cases))})
	for _, c := range cases {
		if c.got == nil {
			t.Errorf("%s = null", c.name)
		} else if s := take(c.got); s != c.want {
			t.Errorf("%s = %q, want %q", c.name, s, c.want)
		}
	}
	assertOwners(t, before, owners{})
}

func TestInvalidUTF8AndNull(t *testing.T) {
	before := ownerStats()
	s := gotest_string_invalid_utf8()
	if got := unsafe.Slice((*byte)(unsafe.Pointer(s)), 5); !bytes.Equal(got, []byte{0x66, 0x6f, 0xff, 0x6f, 0}) {
		t.Errorf("invalid_utf8 bytes = % x", got)
	}
	gotest_string_free(s)
	if gotest_string_null() != nil {
		t.Error("string_null is not null")
	}
	if gotest_greet(nil, 5) != nil || gotest_string_repeat(nil, 5, 2) != nil {
		t.Error("a null string parameter with a length must give null, unread")
	}
	gotest_string_free(nil)
	assertOwners(t, before, owners{})
}

func TestVersionIsBorrowedAndBadFreesAreCounted(t *testing.T) {
	before := ownerStats()
	v := gotest_version()
	if goStr(v) != "gotest 1.0" || v != gotest_version() {
		t.Fatalf("version = %q at %p then %p: want one static string", goStr(v), v, gotest_version())
	}
	gotest_string_free(v)
	s := gotest_string_empty()
	gotest_string_free(s)
	gotest_string_free(s)
	foreign := []byte("x\x00")
	gotest_string_free((*cchar)(unsafe.Pointer(&foreign[0])))
	if goStr(gotest_version()) != "gotest 1.0" {
		t.Fatal("version damaged by a bad free")
	}
	assertOwners(t, before, owners{badStrings: 3})
}

func TestSpans(t *testing.T) {
	xs := []int32{1, -2, math.MaxInt32, math.MaxInt32}
	if got := gotest_sum_i32((*cint32)(&xs[0]), 4); got != 2*math.MaxInt32-1 {
		t.Errorf("sum_i32 = %d (it must not wrap at 32 bits)", got)
	}
	if got := gotest_sum_i32(nil, 0); got != 0 {
		t.Errorf("sum_i32 of empty = %d", got)
	}
	fs := []float64{0.5, 0.25, 2}
	if got := gotest_sum_f64((*cdouble)(&fs[0]), 3); got != 2.75 {
		t.Errorf("sum_f64 = %v", got)
	}
	if got := gotest_sum_f64(nil, 0); got != 0 {
		t.Errorf("sum_f64 of empty = %v", got)
	}
	out := make([]int32, 4)
	gotest_fill_i32((*cint32)(&out[0]), 3, math.MaxInt32-1)
	if want := []int32{math.MaxInt32 - 1, math.MaxInt32, math.MinInt32, 0}; !equal(out, want) {
		t.Errorf("fill_i32 = %v, want %v (wrapping, and only len elements)", out, want)
	}
	gotest_fill_i32(nil, 0, 1)
	vs := []vec3{{x: 1, y: 2, z: 3}, {x: 10, y: 20, z: 30}}
	if got, want := gotest_vec3_sum(&vs[0], 2), (vec3{x: 11, y: 22, z: 33}); got != want {
		t.Errorf("vec3_sum = %+v", got)
	}
	if got := gotest_vec3_sum(nil, 0); got != (vec3{}) {
		t.Errorf("vec3_sum of empty = %+v", got)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func elements[T any](b buffer) []T {
	return unsafe.Slice((*T)(b.ptr), int(b.len))
}

func TestBufferLayout(t *testing.T) {
	var b buffer
	var e errorRec
	got := []uintptr{unsafe.Sizeof(b), unsafe.Offsetof(b.len), unsafe.Sizeof(e), unsafe.Offsetof(e.message)}
	if want := []uintptr{16, 8, 16, 8}; !equal(got, want) {
		t.Fatalf("layout (buffer size, len offset, error size, message offset) = %v, want %v", got, want)
	}
}

func TestOwnedBuffers(t *testing.T) {
	before := ownerStats()
	r := gotest_range_i32(-1, 4)
	if got := elements[int32](r); !equal(got, []int32{-1, 0, 1, 2}) {
		t.Errorf("range_i32 = %v", got)
	}
	by := gotest_bytes_repeat(0xab, 3)
	if got := elements[byte](by); !equal(got, []byte{0xab, 0xab, 0xab}) {
		t.Errorf("bytes_repeat = % x", got)
	}
	vb := gotest_vec3_buffer(3)
	if got := elements[vec3](vb); !equal(got, []vec3{{}, {x: 1, y: 2, z: 3}, {x: 2, y: 4, z: 6}}) {
		t.Errorf("vec3_buffer = %+v", got)
	}
	bad := gotest_buffer_bad_len()
	if bad.ptr == nil || uint64(bad.len) != math.MaxUint64 {
		t.Errorf("buffer_bad_len = {%v, %d}", bad.ptr, bad.len)
	}
	assertOwners(t, before, owners{buffers: 4})
	for _, b := range []buffer{r, by, vb, bad} {
		gotest_buffer_free(b.ptr)
	}
	assertOwners(t, before, owners{})
}

func TestEmptyAndBorrowedBuffers(t *testing.T) {
	before := ownerStats()
	for name, b := range map[string]buffer{
		"range_i32(0, 0)":    gotest_range_i32(0, 0),
		"range_i32(0, -3)":   gotest_range_i32(0, -3),
		"bytes_repeat(1,0)":  gotest_bytes_repeat(1, 0),
		"vec3_buffer(0)":     gotest_vec3_buffer(0),
		"vec3_buffer(-1)":    gotest_vec3_buffer(-1),
		"bytes_repeat(huge)": gotest_bytes_repeat(1, ^csize(0)),
	} {
		if b.ptr != nil || b.len != 0 {
			t.Errorf("%s = {%v, %d}, want {null, 0}", name, b.ptr, b.len)
		}
	}
	if n := gotest_buffer_null_len(); n.ptr != nil || n.len != 5 {
		t.Errorf("buffer_null_len = {%v, %d}", n.ptr, n.len)
	}
	p := gotest_static_primes()
	if got := elements[int32](p); !equal(got, []int32{2, 3, 5, 7, 11, 13, 17, 19, 23, 29}) {
		t.Errorf("static_primes = %v", got)
	}
	if gotest_static_primes().ptr != p.ptr {
		t.Error("static_primes is not one static buffer")
	}
	gotest_buffer_free(nil)
	gotest_buffer_free(p.ptr)
	r := gotest_range_i32(0, 1)
	gotest_buffer_free(r.ptr)
	gotest_buffer_free(r.ptr)
	if got := elements[int32](gotest_static_primes()); got[9] != 29 {
		t.Error("static_primes damaged by a bad free")
	}
	assertOwners(t, before, owners{badBuffers: 2})
}
