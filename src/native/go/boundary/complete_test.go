package boundary

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"unsafe"

	"boundaryanalyzers.dev/boundary/internal/ctest"
)

// lastErrorInDone makes r's callbacks read the calling thread's last error from inside the
// call, as the C# side does; the returned function gives what the last call read.
func lastErrorInDone(r ctest.Rec) func() (string, bool) {
	var msg string
	var ok bool
	r.Hook(func() { msg, ok = TakeLastErrorString() })
	return func() (string, bool) { return msg, ok }
}

// takeCString reads an owned message and frees it; "<nil>" for nil.
func takeCString(p unsafe.Pointer) string {
	if p == nil {
		return "<nil>"
	}
	defer FreeCString(p)
	return GoStringNUL(p)
}

type panickyError struct{}

func (panickyError) Error() string { panic("in Error") }

func TestCompleteStatus(t *testing.T) {
	runtime.LockOSThread() // the last error is per thread: clear and check the same one
	defer runtime.UnlockOSThread()
	r := newRec(t)
	read := lastErrorInDone(r)
	SetLastError("") // whatever this thread held
	if !CompleteStatus(ctest.CodeI32, r.User(), int32(7), nil, 1, 99) || r.Code() != 0 || r.I() != 7 {
		t.Fatalf("success: code %d, value %d", r.Code(), r.I())
	}
	if _, ok := read(); ok {
		t.Error("success set a last error")
	}
	cases := []struct {
		err      error
		code     int32
		msg      string
		hasValue bool
	}{
		{NewError(3, "disk on fire"), 3, "disk on fire", true},
		{errors.New("plain"), 1, "plain", true},
		{&PanicError{Value: "boom"}, 99, "panic: boom", true},
		{fmt.Errorf("wrapped: %w", &PanicError{Value: 5}), 99, "wrapped: panic: 5", true},
		{panickyError{}, 99, "panic: in Error", true},
	}
	for _, c := range cases {
		CompleteStatus(ctest.CodeI64, r.User(), int64(7), c.err, 1, 99)
		msg, _ := read()
		if r.Code() != c.code || r.I() != 0 || msg != c.msg {
			t.Errorf("%v: (code %d, value %d, last error %q), want (%d, 0, %q)", c.msg, r.Code(), r.I(), msg, c.code, c.msg)
		}
	}
	CompleteStatus(ctest.CodeF64, r.User(), 2.5, nil, 1, 99)
	CompleteStatus(ctest.CodePtr, r.User(), r.User(), errors.New("x"), 1, 99)
	if r.P() != nil {
		t.Error("a pointer result must be null on failure")
	}
	if r.Calls() != 8 {
		t.Errorf("calls = %d", r.Calls())
	}
}

func TestCompleteStatusVoid(t *testing.T) {
	runtime.LockOSThread() // the last error is per thread: clear and check the same one
	defer runtime.UnlockOSThread()
	r := newRec(t)
	read := lastErrorInDone(r)
	CompleteStatusVoid(ctest.I32, r.User(), nil, 1, 99)
	if r.I() != 0 {
		t.Errorf("success status %d", r.I())
	}
	CompleteStatusVoid(ctest.I32, r.User(), NewError(4, "bad"), 1, 99)
	if msg, _ := read(); r.I() != 4 || msg != "bad" {
		t.Errorf("failure: status %d, last error %q", r.I(), msg)
	}
	SetLastError("stale")
	CompleteStatusVoid(ctest.I32, r.User(), NewError(4, ""), 1, 99)
	if _, ok := read(); ok {
		t.Error("an empty message must clear the last error")
	}
}

func TestCompleteResultAndCheck(t *testing.T) {
	r := newRec(t)
	s := CString("abc")
	CompleteResult(ctest.PtrPtr, r.User(), s, nil)
	if r.P() != s || r.Extra() != nil {
		t.Errorf("success = (%p, %p), want (%p, NULL)", r.P(), r.Extra(), s)
	}
	FreeCString(s)
	CompleteResult(ctest.I32Ptr, r.User(), int32(9), NewError(2, "division by zero"))
	if got := takeCString(r.Extra()); r.I() != 0 || got != "division by zero" {
		t.Errorf("failure = (%d, %q)", r.I(), got)
	}
	CompleteResult(ctest.I32Ptr, r.User(), int32(9), errors.New(""))
	if r.Extra() == nil {
		t.Error("a failure's message is never NULL, even when empty")
	}
	takeCString(r.Extra())
	CompleteResult(ctest.U8Ptr, r.User(), Byte(true), nil)
	if r.U() != 1 || r.Extra() != nil {
		t.Errorf("uint8 success = (%d, %p)", r.U(), r.Extra())
	}
	CompleteCheck(ctest.Ptr, r.User(), nil)
	if r.P() != nil {
		t.Error("check success must be NULL")
	}
	CompleteCheck(ctest.Ptr, r.User(), &PanicError{Value: "x"})
	if got := takeCString(r.P()); got != "panic: x" {
		t.Errorf("check failure = %q", got)
	}
}

func TestCompleteResultCodeAndCheckCode(t *testing.T) {
	r := newRec(t)
	CompleteResultCode(ctest.I64CodePtr, r.User(), int64(-8), nil, 1, 99)
	if r.I() != -8 || r.Code() != 0 || r.Extra() != nil {
		t.Errorf("success = (%d, %d, %p)", r.I(), r.Code(), r.Extra())
	}
	CompleteResultCode(ctest.I32CodePtr, r.User(), int32(5), NewError(6, "six"), 1, 99)
	if got := takeCString(r.Extra()); r.I() != 0 || r.Code() != 6 || got != "six" {
		t.Errorf("failure = (%d, %d, %q)", r.I(), r.Code(), got)
	}
	CompleteResultCode(ctest.PtrCodePtr, r.User(), r.User(), &PanicError{Value: 1}, 1, 99)
	if got := takeCString(r.Extra()); r.P() != nil || r.Code() != 99 || got != "panic: 1" {
		t.Errorf("panic = (%p, %d, %q)", r.P(), r.Code(), got)
	}
	CompleteCheckCode(ctest.CodePtr, r.User(), nil, 1, 99)
	if r.Code() != 0 || r.P() != nil {
		t.Errorf("check success = (%d, %p)", r.Code(), r.P())
	}
	CompleteCheckCode(ctest.CodePtr, r.User(), errors.New("plain"), 1, 99)
	if got := takeCString(r.P()); r.Code() != 1 || got != "plain" {
		t.Errorf("check failure = (%d, %q)", r.Code(), got)
	}
}

func TestCompleteRecord(t *testing.T) {
	r := newRec(t)
	CompleteRecord(ctest.I32Ptr, r.User(), int32(4), nil, 1, 99)
	if r.I() != 4 || r.Extra() != nil {
		t.Errorf("success = (%d, %p)", r.I(), r.Extra())
	}
	CompleteRecord(ctest.I32Ptr, r.User(), int32(4), NewError(2, "bad"), 1, 99)
	code, msg := ReadErrorRecord(r.Extra())
	FreeErrorRecord(r.Extra())
	if r.I() != 0 || code != 2 || msg != "bad" {
		t.Errorf("failure = (%d, {%d, %q})", r.I(), code, msg)
	}
	CompleteRecordVoid(ctest.Ptr, r.User(), nil, 1, 99)
	if r.P() != nil {
		t.Error("void success must be NULL")
	}
	CompleteRecordVoid(ctest.Ptr, r.User(), &PanicError{Value: "p"}, 1, 99)
	code, msg = ReadErrorRecord(r.P())
	FreeErrorRecord(r.P())
	if code != 99 || msg != "panic: p" {
		t.Errorf("void failure = {%d, %q}", code, msg)
	}
}

func TestCompleteSentinel(t *testing.T) {
	runtime.LockOSThread() // the last error is per thread: clear and check the same one
	defer runtime.UnlockOSThread()
	r := newRec(t)
	read := lastErrorInDone(r)
	SetLastError("")
	CompleteSentinel(ctest.I32, r.User(), int32(3), -1, nil)
	if _, ok := read(); r.I() != 3 || ok {
		t.Errorf("success = %d (last error set: %v)", r.I(), ok)
	}
	CompleteSentinel(ctest.I32, r.User(), int32(3), -1, errors.New("nope"))
	if msg, _ := read(); r.I() != -1 || msg != "nope" {
		t.Errorf("failure = (%d, %q)", r.I(), msg)
	}
	CompleteSentinel(ctest.Ptr, r.User(), r.User(), nil, errors.New("null"))
	if r.P() != nil {
		t.Error("pointer sentinel")
	}
}

func TestCompleteNilDoneIsRefused(t *testing.T) {
	err := errors.New("x")
	if CompleteStatus(nil, nil, int32(1), err, 1, 99) || CompleteStatusVoid(nil, nil, err, 1, 99) ||
		CompleteResult(nil, nil, int32(1), err) || CompleteCheck(nil, nil, err) ||
		CompleteResultCode(nil, nil, int32(1), err, 1, 99) || CompleteCheckCode(nil, nil, err, 1, 99) ||
		CompleteRecord(nil, nil, int32(1), err, 1, 99) || CompleteRecordVoid(nil, nil, err, 1, 99) ||
		CompleteSentinel(nil, nil, int32(1), -1, err) {
		t.Error("a nil done was reported as called")
	}
}

func TestWithLastError(t *testing.T) {
	runtime.LockOSThread() // the last error is per thread: clear and check the same one
	defer runtime.UnlockOSThread()
	r := newRec(t)
	read := lastErrorInDone(r)
	WithLastError(errors.New("mine"), func() { CallVoid(ctest.Void, r.User()) })
	if msg, _ := read(); msg != "mine" {
		t.Errorf("last error in the call = %q", msg)
	}
	SetLastError("")
	WithLastError(nil, func() { CallVoid(ctest.Void, r.User()) })
	if _, ok := read(); ok {
		t.Error("a nil error set a last error")
	}
}
