package boundary

import (
	"errors"
	"testing"
	"unsafe"
)

// message reads and frees an owned message; nil gives ("", false).
func message(p unsafe.Pointer) (string, bool) {
	if p == nil {
		return "", false
	}
	defer FreeCString(p)
	return GoStringNUL(p), true
}

func TestResult(t *testing.T) {
	v, msg := Result(func() (int32, error) { return 5, nil })
	if v != 5 || msg != nil {
		t.Fatalf("success = (%d, %v)", v, msg)
	}
	v, msg = Result(func() (int32, error) { return 5, NewError(2, "division by zero") })
	if s, ok := message(msg); v != 0 || !ok || s != "division by zero" {
		t.Fatalf("failure = (%d, %q, %v)", v, s, ok)
	}
	v, msg = Result(func() (int32, error) { panic("boom 3") })
	if s, _ := message(msg); v != 0 || s != "panic: boom 3" {
		t.Fatalf("panic = (%d, %q)", v, s)
	}
	_, msg = Result(func() (int32, error) { return 0, errors.New("") })
	if s, ok := message(msg); !ok || s != "" {
		t.Fatalf("empty message = (%q, %v): a failure must give a non-nil message", s, ok)
	}
}

func TestResultCode(t *testing.T) {
	v, code, msg := ResultCode(func() (int32, error) { return 5, nil }, 1, 99)
	if v != 5 || code != 0 || msg != nil {
		t.Fatalf("success = (%d, %d, %v)", v, code, msg)
	}
	v, code, msg = ResultCode(func() (int32, error) { return 1, NewError(42, "overflow") }, 1, 99)
	if s, _ := message(msg); v != 0 || code != 42 || s != "overflow" {
		t.Fatalf("failure = (%d, %d, %q)", v, code, s)
	}
	_, code, msg = ResultCode(func() (int32, error) { return 0, errors.New("plain") }, 1, 99)
	if s, _ := message(msg); code != 1 || s != "plain" {
		t.Fatalf("plain = (%d, %q)", code, s)
	}
	_, code, msg = ResultCode(func() (int32, error) { panic(4) }, 1, 99)
	if s, _ := message(msg); code != 99 || s != "panic: 4" {
		t.Fatalf("panic = (%d, %q)", code, s)
	}
}

func TestCheck(t *testing.T) {
	if msg := Check(func() error { return nil }); msg != nil {
		t.Fatal("success gave a message")
	}
	if s, _ := message(Check(func() error { return errors.New("negative: -1") })); s != "negative: -1" {
		t.Fatalf("Check = %q", s)
	}
	if code, msg := CheckCode(func() error { return nil }, 1, 99); code != 0 || msg != nil {
		t.Fatalf("CheckCode success = (%d, %v)", code, msg)
	}
	code, msg := CheckCode(func() error { return NewError(2, "negative") }, 1, 99)
	if s, _ := message(msg); code != 2 || s != "negative" {
		t.Fatalf("CheckCode = (%d, %q)", code, s)
	}
}
