package boundary

import (
	"errors"
	"testing"
	"unsafe"
)

// cRecord mirrors boundary_error { int32_t code; char* message; } for the tests.
type cRecord struct {
	code    int32
	message unsafe.Pointer
}

func TestRecordLayout(t *testing.T) {
	if recordSize != unsafe.Sizeof(cRecord{}) || unsafe.Offsetof(cRecord{}.message) != unsafe.Sizeof(uintptr(0)) {
		t.Fatalf("record size %d, want %d with the message at %d", recordSize, unsafe.Sizeof(cRecord{}), unsafe.Sizeof(uintptr(0)))
	}
}

func TestNewErrorRecord(t *testing.T) {
	p := NewErrorRecord(42, "overflow")
	defer FreeErrorRecord(p)
	r := (*cRecord)(p)
	if r.code != 42 || GoStringNUL(r.message) != "overflow" {
		t.Fatalf("record = {%d, %q}", r.code, GoStringNUL(r.message))
	}
	if code, msg := ReadErrorRecord(p); code != 42 || msg != "overflow" {
		t.Fatalf("ReadErrorRecord = (%d, %q)", code, msg)
	}
	if code, msg := ReadErrorRecord(nil); code != 0 || msg != "" {
		t.Fatalf("ReadErrorRecord(nil) = (%d, %q)", code, msg)
	}
	empty := NewErrorRecord(1, "")
	if (*cRecord)(empty).message == nil {
		t.Error("an empty message must still be a C string")
	}
	FreeErrorRecord(empty)
}

func TestRecord(t *testing.T) {
	v, rec := Record(func() (int32, error) { return 4, nil }, 1, 99)
	if v != 4 || rec != nil {
		t.Fatalf("success = (%d, %v)", v, rec)
	}
	v, rec = Record(func() (int32, error) { return 4, errors.New("plain") }, 1, 99)
	if code, msg := ReadErrorRecord(rec); v != 0 || code != 1 || msg != "plain" {
		t.Fatalf("plain = (%d, %d, %q)", v, code, msg)
	}
	FreeErrorRecord(rec)
	_, rec = Record(func() (int32, error) { panic("boom 2") }, 1, 99)
	if code, msg := ReadErrorRecord(rec); code != 99 || msg != "panic: boom 2" {
		t.Fatalf("panic = (%d, %q)", code, msg)
	}
	FreeErrorRecord(rec)
}

func TestRecordOut(t *testing.T) {
	var out *cRecord
	if v := RecordOut(&out, func() (int32, error) { return 3, nil }, 1, 99); v != 3 || out != nil {
		t.Fatalf("success = (%d, %v)", v, out)
	}
	sentinel := &cRecord{code: -7}
	out = sentinel
	RecordOut(&out, func() (int32, error) { return 3, nil }, 1, 99)
	if out != sentinel {
		t.Fatal("success touched *out")
	}
	out = nil
	if v := RecordOut(&out, func() (int32, error) { return 3, NewError(2, "division by zero") }, 1, 99); v != 0 || out == nil {
		t.Fatalf("failure = (%d, %v)", v, out)
	}
	if code, msg := ReadErrorRecord(unsafe.Pointer(out)); code != 2 || msg != "division by zero" {
		t.Fatalf("record = (%d, %q)", code, msg)
	}
	FreeErrorRecord(unsafe.Pointer(out))
	if v := RecordOut[int32, cRecord](nil, func() (int32, error) { return 3, errors.New("x") }, 1, 99); v != 0 {
		t.Fatalf("nil out = %d", v)
	}
}
