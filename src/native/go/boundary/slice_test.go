package boundary

import (
	"testing"
	"unsafe"
)

type vec struct{ x, y, z float64 }

func TestSliceViewsWithoutCopying(t *testing.T) {
	xs := []int32{1, 2, 3}
	s, ok := Slice[int32](unsafe.Pointer(&xs[0]), 3)
	if !ok || len(s) != 3 || &s[0] != &xs[0] {
		t.Fatalf("Slice = %v, %v; want a view of %v", s, ok, xs)
	}
	s[1] = 20
	if xs[1] != 20 {
		t.Fatal("a write through the view did not reach the memory")
	}
	vs := []vec{{1, 2, 3}, {4, 5, 6}}
	if v, ok := Slice[vec](unsafe.Pointer(&vs[0]), 2); !ok || v[1] != vs[1] {
		t.Fatalf("Slice[vec] = %v, %v", v, ok)
	}
}

func TestSliceEmptyAndInvalid(t *testing.T) {
	x := int64(1)
	cases := []struct {
		name   string
		p      unsafe.Pointer
		n      uintptr
		wantOK bool
	}{
		{"(nil, 0)", nil, 0, true},
		{"(p, 0)", unsafe.Pointer(&x), 0, true},
		{"(nil, 5)", nil, 5, false},
		{"(p, SIZE_MAX)", unsafe.Pointer(&x), ^uintptr(0), false},
		{"(p, SIZE_MAX/8)", unsafe.Pointer(&x), ^uintptr(0) / 8, false},
		{"(misaligned, 1)", unsafe.Add(unsafe.Pointer(&x), 1), 1, false},
	}
	for _, c := range cases {
		s, ok := Slice[int64](c.p, c.n)
		if ok != c.wantOK || s != nil {
			t.Errorf("Slice%s = (%v, %v), want (nil, %v)", c.name, s, ok, c.wantOK)
		}
	}
	if s, ok := Slice[struct{}](unsafe.Pointer(&x), 3); !ok || len(s) != 3 {
		t.Errorf("Slice of zero-size elements = (%v, %v)", s, ok)
	}
}
