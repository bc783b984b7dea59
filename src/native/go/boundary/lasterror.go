package boundary

// #include <pthread.h>
// #include <stdint.h>
//
// static uintptr_t boundary_thread_id(void) { return (uintptr_t)pthread_self(); }
import "C"

import (
	"sync"
	"unsafe"
)

// Error shape 1, status code + last error: int32_t f(args..., T* out) returns 0 on success
// (and writes *out only then) or an error code, and the message of the failure is kept for the
// calling OS thread, which fetches it with the library's last-error export (TakeLastError).
//
// An export called from C runs on the calling C thread, so the message is keyed by that OS
// thread's identity (pthread_self), not by goroutine, and the C# stub that reads it right
// after the failed call, on the same thread, gets exactly that call's message. A Go caller (a
// test, say) must runtime.LockOSThread around the call and the read.
//
// The messages are kept in a mutex-guarded map of Go strings, one entry per thread with an
// untaken message. A thread that exits without taking its message leaves the entry behind,
// and a thread that later reuses the same pthread_t would see it: take the message right
// after the failure, as the stubs do.

// threadMessages is the per-thread last-error store, with thread ids passed in so the logic
// can be tested from any goroutine.
type threadMessages struct {
	mu   sync.Mutex
	msgs map[uintptr]string
}

// set stores msg for thread id; an empty msg clears it (a failure without a message).
func (t *threadMessages) set(id uintptr, msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if msg == "" {
		delete(t.msgs, id)
		return
	}
	if t.msgs == nil {
		t.msgs = make(map[uintptr]string)
	}
	t.msgs[id] = msg
}

// take returns and clears the message of thread id.
func (t *threadMessages) take(id uintptr) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	msg, ok := t.msgs[id]
	delete(t.msgs, id)
	return msg, ok
}

var lastErrors threadMessages

func threadID() uintptr { return uintptr(C.boundary_thread_id()) }

// SetLastError replaces the calling OS thread's last error message with msg; "" clears it,
// so that TakeLastError then returns nil. Status calls it; call it directly only to report a
// failure that did not go through Status.
func SetLastError(msg string) {
	lastErrors.set(threadID(), msg)
}

// TakeLastError returns the calling OS thread's last error message as a new C string (see
// CString; owned by the caller, freed with FreeCString) and clears it, or nil when there is
// none: no failure since the last take, or a failure without a message.
func TakeLastError() unsafe.Pointer {
	msg, ok := TakeLastErrorString()
	if !ok {
		return nil
	}
	return CString(msg)
}

// TakeLastErrorString is TakeLastError as a Go string: ok is false when there is no message.
func TakeLastErrorString() (msg string, ok bool) {
	return lastErrors.take(threadID())
}

// Status runs fn under the guard and returns the status code for it: 0 when it returns nil,
// else ErrorCode(err, errorCode), or panicCode for a panic. A failure replaces the calling
// thread's last error with its message (err.Error(), or "panic: <value>"); a failure whose
// message is "" clears it, so the last-error export then returns null. Success leaves the last
// error alone, like errno. fn writes its out parameter itself, and only when it succeeds.
// errorCode, for errors that carry no code, must be nonzero.
//
//	//export lib_fail_io
//	func lib_fail_io() C.int32_t {
//		return C.int32_t(boundary.Status(func() error { return boundary.NewError(3, "disk on fire") }, 1, 99))
//	}
func Status(fn func() error, errorCode, panicCode int32) int32 {
	_, code, msg, failed := outcome(noValue(fn), errorCode, panicCode)
	if failed {
		SetLastError(msg)
	}
	return code
}

// StatusOut is Status for the common case of one result: it runs fn and, on success only,
// writes its value to *out. A nil out is refused without running fn: status errorCode with
// the message "nil out pointer", so an owned value fn would have made is never leaked.
//
//	//export lib_checked_div
//	func lib_checked_div(a, b C.int32_t, out *C.int32_t) C.int32_t {
//		return C.int32_t(boundary.StatusOut(out, func() (C.int32_t, error) { return div(a, b) }, 1, 99))
//	}
func StatusOut[T any](out *T, fn func() (T, error), errorCode, panicCode int32) int32 {
	if out == nil {
		SetLastError("nil out pointer")
		return errorCode
	}
	v, code, msg, failed := outcome(fn, errorCode, panicCode)
	if failed {
		SetLastError(msg)
		return code
	}
	*out = v
	return 0
}
