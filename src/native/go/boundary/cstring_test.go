package boundary

import (
	"bytes"
	"testing"
	"unsafe"
)

// cBytes reads n bytes of C memory, for checking exactly what a helper wrote.
func cBytes(p unsafe.Pointer, n int) []byte {
	return bytes.Clone(unsafe.Slice((*byte)(p), n))
}

func TestCStringIsNulTerminatedCopy(t *testing.T) {
	for _, s := range []string{"", "hello", "h\u00e9llo \U0001F600", "f\xffo"} {
		p := CString(s)
		if p == nil {
			t.Fatalf("CString(%q) = nil", s)
		}
		if got, want := cBytes(p, len(s)+1), append([]byte(s), 0); !bytes.Equal(got, want) {
			t.Errorf("CString(%q) bytes = % x, want % x", s, got, want)
		}
		if got := GoStringNUL(p); got != s {
			t.Errorf("GoStringNUL(CString(%q)) = %q", s, got)
		}
		FreeCString(p)
	}
}

func TestCStringReplacesInteriorNul(t *testing.T) {
	p := CString("a\x00b\x00")
	defer FreeCString(p)
	want := "a\uFFFDb\uFFFD"
	if got := cBytes(p, len(want)+1); !bytes.Equal(got, append([]byte(want), 0)) {
		t.Fatalf("CString with NULs = % x, want % x then 00", got, want)
	}
}

func TestFreeNilIsNoOp(t *testing.T) {
	FreeCString(nil)
	FreeBuffer(nil)
	FreeErrorRecord(nil)
}

func TestGoString(t *testing.T) {
	b := []byte("hi\x00there\xff")
	if got := GoString(unsafe.Pointer(&b[0]), uintptr(len(b))); got != string(b) {
		t.Errorf("GoString = %q, want %q: NUL and invalid bytes must be kept", got, b)
	}
	if got := GoString(unsafe.Pointer(&b[0]), 2); got != "hi" {
		t.Errorf("GoString(p, 2) = %q", got)
	}
	if got := GoString(nil, 0); got != "" {
		t.Errorf("GoString(nil, 0) = %q", got)
	}
	if got := GoString(nil, 5); got != "" {
		t.Errorf("GoString(nil, 5) = %q", got)
	}
	if got := GoStringNUL(unsafe.Pointer(&b[0])); got != "hi" {
		t.Errorf("GoStringNUL stops at the NUL: got %q", got)
	}
	if got := GoStringNUL(nil); got != "" {
		t.Errorf("GoStringNUL(nil) = %q", got)
	}
}

func TestGoStringCopies(t *testing.T) {
	b := []byte("abc")
	s := GoString(unsafe.Pointer(&b[0]), 3)
	b[0] = 'X'
	if s != "abc" {
		t.Fatalf("GoString aliases the caller's memory: %q", s)
	}
}
