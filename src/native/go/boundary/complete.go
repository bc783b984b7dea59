package boundary

import (
	"errors"
	"runtime"
	"unsafe"
)

// Completions: the done callback of an async export,
//
//	void f(<args>, void (*done)(void* user_data, <completion values>), void* user_data);
//
// called exactly once with the outcome in the export's error shape. Each function here makes
// that one call from a Go result and error (see Async for exactly once); on failure the value
// passed is the zero value, whatever v was, so nothing owned is handed out with an error (and
// an owned v that comes with an error is not freed either: return nil with an error):
//
//	shape            done receives                         call
//	none             T result                               Call, CallVoid
//	status code      int32_t status, T result (+ last error) CompleteStatus, CompleteStatusVoid
//	Go multi-return  T r0, char* r1                         CompleteResult, CompleteCheck
//	Go with code     T r0, int32_t r1, char* r2             CompleteResultCode, CompleteCheckCode
//	error record     T result, boundary_error* err          CompleteRecord, CompleteRecordVoid
//	null/sentinel    T result (+ last error)                CompleteSentinel
//
// T is the C type of v's kind (see Scalar). Codes follow the synchronous helpers:
// ErrorCode(err, errorCode), and panicCode for a *PanicError (a panic in Async's work) or for
// an error whose Error or ForeignCode method panics. Messages are err.Error(). Each returns
// false, calling nothing and allocating nothing, for a nil done.
//
// In the status and sentinel shapes the message is set as the last error of the OS thread that
// calls done, right before the call, with the goroutine locked to that thread (WithLastError):
// the C# side reads it with the library's last-error export from inside done, on that thread.

// PanicError is the error a panic in an async operation's work becomes (see Async): Error is
// PanicMessage(Value), "panic: " + fmt.Sprint(Value). The Complete functions report it with
// their panicCode.
type PanicError struct {
	Value any
}

// Error returns PanicMessage(e.Value); "" for a nil *PanicError.
func (e *PanicError) Error() string {
	if e == nil {
		return ""
	}
	return PanicMessage(e.Value)
}

// settle is outcome for a value and error already in hand: (v, 0, "", false) on success, else
// (zero, code, message, true), with panicCode for a *PanicError.
func settle[T any](v T, err error, errorCode, panicCode int32) (T, int32, string, bool) {
	return outcome(func() (T, error) {
		if err == nil {
			return v, nil
		}
		var pe *PanicError
		if errors.As(err, &pe) {
			return v, &Error{Code: panicCode, Message: err.Error()}
		}
		return v, err
	}, errorCode, panicCode)
}

// WithLastError runs call with the goroutine locked to its OS thread, after setting that
// thread's last error to err's message if err is not nil (an empty message clears it, as in
// Status; a nil err leaves it alone). It is the status and sentinel shapes' way of handing a
// message to a done callback, for a library's own trampoline:
//
//	boundary.WithLastError(err, func() { C.call_my_done(done, user, C.int32_t(code)) })
func WithLastError(err error, call func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err != nil {
		_, _, msg, _ := settle(struct{}{}, err, 1, 1)
		SetLastError(msg)
	}
	call()
}

// lastErrorThen runs call locked to the thread, with msg as its last error if failed.
func lastErrorThen(failed bool, msg string, call func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if failed {
		SetLastError(msg)
	}
	call()
}

// CompleteStatus calls void (*done)(void* user, int32_t status, T result): (0, v) on success,
// else (code, zero) with the message as the calling thread's last error.
//
//	func(d C.double, err error) { boundary.CompleteStatus(done, user, d, err, 1, 99) }
func CompleteStatus[T Scalar](done, user unsafe.Pointer, v T, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	v, code, msg, failed := settle(v, err, errorCode, panicCode)
	lastErrorThen(failed, msg, func() { invoke(shapeCodeT, done, user, scalarOf(v), code, nil) })
	return true
}

// CompleteStatusVoid calls void (*done)(void* user, int32_t status): 0, or the code with the
// message as the calling thread's last error.
func CompleteStatusVoid(done, user unsafe.Pointer, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	_, code, msg, failed := settle(struct{}{}, err, errorCode, panicCode)
	lastErrorThen(failed, msg, func() { invoke(shapeT, done, user, scalarOf(code), 0, nil) })
	return true
}

// CompleteResult calls void (*done)(void* user, T r0, char* r1): (v, NULL) on success, else
// (zero, message), the message a new C string the caller owns (never NULL on failure).
func CompleteResult[T Scalar](done, user unsafe.Pointer, v T, err error) bool {
	if done == nil {
		return false
	}
	v, _, msg, failed := settle(v, err, 0, 0)
	invoke(shapeTPtr, done, user, scalarOf(v), 0, ownedMessage(failed, msg))
	return true
}

// CompleteCheck calls void (*done)(void* user, char* r1): NULL on success, else the owned
// message.
func CompleteCheck(done, user unsafe.Pointer, err error) bool {
	if done == nil {
		return false
	}
	_, _, msg, failed := settle(struct{}{}, err, 0, 0)
	invoke(shapeT, done, user, scalarOf(ownedMessage(failed, msg)), 0, nil)
	return true
}

// CompleteResultCode calls void (*done)(void* user, T r0, int32_t r1, char* r2):
// (v, 0, NULL) on success, else (zero, code, owned message).
func CompleteResultCode[T Scalar](done, user unsafe.Pointer, v T, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	v, code, msg, failed := settle(v, err, errorCode, panicCode)
	invoke(shapeTCodePtr, done, user, scalarOf(v), code, ownedMessage(failed, msg))
	return true
}

// CompleteCheckCode calls void (*done)(void* user, int32_t r1, char* r2): (0, NULL) on
// success, else (code, owned message).
func CompleteCheckCode(done, user unsafe.Pointer, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	_, code, msg, failed := settle(struct{}{}, err, errorCode, panicCode)
	invoke(shapeCodeT, done, user, scalarOf(ownedMessage(failed, msg)), code, nil)
	return true
}

// CompleteRecord calls void (*done)(void* user, T result, boundary_error* err): (v, NULL) on
// success, else (zero, a new record owned by the caller; see NewErrorRecord).
func CompleteRecord[T Scalar](done, user unsafe.Pointer, v T, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	v, code, msg, failed := settle(v, err, errorCode, panicCode)
	var rec unsafe.Pointer
	if failed {
		rec = NewErrorRecord(code, msg)
	}
	invoke(shapeTPtr, done, user, scalarOf(v), 0, rec)
	return true
}

// CompleteRecordVoid calls void (*done)(void* user, boundary_error* err): NULL on success,
// else a new record owned by the caller.
func CompleteRecordVoid(done, user unsafe.Pointer, err error, errorCode, panicCode int32) bool {
	if done == nil {
		return false
	}
	_, code, msg, failed := settle(struct{}{}, err, errorCode, panicCode)
	var rec unsafe.Pointer
	if failed {
		rec = NewErrorRecord(code, msg)
	}
	invoke(shapeT, done, user, ptrScalar(rec), 0, nil)
	return true
}

// CompleteSentinel calls void (*done)(void* user, T result): v on success, else sentinel (NULL,
// -1, ...: the value the C# side declared) with the message as the calling thread's last
// error.
func CompleteSentinel[T Scalar](done, user unsafe.Pointer, v, sentinel T, err error) bool {
	if done == nil {
		return false
	}
	_, _, msg, failed := settle(v, err, 1, 1)
	if failed {
		v = sentinel
	}
	lastErrorThen(failed, msg, func() { invoke(shapeT, done, user, scalarOf(v), 0, nil) })
	return true
}

// ownedMessage is a new C string for a failure's message, nil on success.
func ownedMessage(failed bool, msg string) unsafe.Pointer {
	if !failed {
		return nil
	}
	return CString(msg)
}
