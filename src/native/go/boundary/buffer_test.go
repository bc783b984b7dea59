package boundary

import (
	"testing"
	"unsafe"
)

func TestBufferCopiesIntoCMemory(t *testing.T) {
	src := []vec{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	p, n := Buffer(src)
	if p == nil || n != 3 {
		t.Fatalf("Buffer = (%v, %d)", p, n)
	}
	defer FreeBuffer(p)
	if unsafe.Pointer(&src[0]) == p {
		t.Fatal("Buffer returned the Go memory")
	}
	got := unsafe.Slice((*vec)(p), n)
	for i := range src {
		if got[i] != src[i] {
			t.Fatalf("buffer = %v, want %v", got, src)
		}
	}
	src[0].x = 100
	if got[0].x != 1 {
		t.Fatal("the buffer aliases the Go slice")
	}
}

func TestEmptyBufferIsNil(t *testing.T) {
	if p, n := Buffer([]int32{}); p != nil || n != 0 {
		t.Errorf("Buffer(empty) = (%v, %d)", p, n)
	}
	if p, n := Buffer[int32](nil); p != nil || n != 0 {
		t.Errorf("Buffer(nil) = (%v, %d)", p, n)
	}
	if p, n := Buffer([]struct{}{{}, {}}); p != nil || n != 0 {
		t.Errorf("Buffer(zero-size elements) = (%v, %d)", p, n)
	}
}

func TestAllocBufferIsZeroedAndWritable(t *testing.T) {
	p, s := AllocBuffer[int32](5)
	if p == nil || len(s) != 5 || unsafe.Pointer(&s[0]) != p {
		t.Fatalf("AllocBuffer(5) = (%v, %v)", p, s)
	}
	defer FreeBuffer(p)
	for i := range s {
		if s[i] != 0 {
			t.Fatalf("AllocBuffer not zeroed: %v", s)
		}
		s[i] = int32(i)
	}
	if got := *(*int32)(unsafe.Add(p, 4*4)); got != 4 {
		t.Fatalf("element 4 through the pointer = %d", got)
	}
}

func TestAllocBufferRefusals(t *testing.T) {
	if p, s := AllocBuffer[int32](0); p != nil || s != nil {
		t.Errorf("AllocBuffer(0) = (%v, %v)", p, s)
	}
	if p, s := AllocBuffer[int64](^uintptr(0) / 4); p != nil || s != nil {
		t.Errorf("AllocBuffer(too many) = (%v, %v)", p, s)
	}
	if p, s := AllocBuffer[byte](^uintptr(0) >> 2); p != nil || s != nil {
		FreeBuffer(p)
		t.Errorf("AllocBuffer(2^62 bytes) = (%v, len %d), want a failed allocation", p, len(s))
	}
}
