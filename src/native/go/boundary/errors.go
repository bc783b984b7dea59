package boundary

import (
	"errors"
	"fmt"
)

// Errors and panics. A library's logic returns ordinary Go errors; the helpers of the three
// error shapes (lasterror.go, result.go, record.go) run it under a guard and turn the outcome
// into what the C side expects: a code and an owned message. A panic never crosses the
// boundary: it would kill the host process, so the guard recovers it into an error with the
// caller's panic code and the message "panic: " + fmt.Sprint(value).

// Coder is an error that carries its own foreign error code.
type Coder interface {
	error
	ForeignCode() int32
}

// Error is the ready-made Coder: a message and the code the C side sees. Its methods work on a
// nil *Error too (code 0, empty message), so a typed nil can never panic inside a helper.
type Error struct {
	Code    int32
	Message string
}

// Error returns the message, exactly as the C side receives it.
func (e *Error) Error() string {
	if e == nil {
		return ""
	}
	return e.Message
}

// ForeignCode returns the code.
func (e *Error) ForeignCode() int32 {
	if e == nil {
		return 0
	}
	return e.Code
}

// NewError returns an *Error with the given code and message.
func NewError(code int32, message string) error {
	return &Error{Code: code, Message: message}
}

// Errorf returns an *Error with the given code and a fmt.Sprintf message.
func Errorf(code int32, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode is the foreign code of err: 0 for nil; otherwise the code of the first Coder in
// err's chain (errors.As, so wrapping with %w keeps the code); otherwise, or when that code is
// 0, defaultCode. A non-nil error never maps to 0 unless defaultCode is 0, so pass a nonzero
// defaultCode wherever 0 means success.
func ErrorCode(err error, defaultCode int32) int32 {
	if err == nil {
		return 0
	}
	var c Coder
	if errors.As(err, &c) {
		if code := c.ForeignCode(); code != 0 {
			return code
		}
	}
	return defaultCode
}

// PanicMessage is the message a recovered panic value becomes: "panic: " + fmt.Sprint(value).
func PanicMessage(value any) string {
	return "panic: " + fmt.Sprint(value)
}

// Guard runs fn and returns its error. A panic in fn is recovered and returned as an *Error
// with panicCode and PanicMessage(value).
func Guard(fn func() error, panicCode int32) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &Error{Code: panicCode, Message: PanicMessage(v)}
		}
	}()
	return fn()
}

// GuardValue runs fn and returns its results, except that a panic in fn is recovered and
// returned as the zero T and an *Error with panicCode and PanicMessage(value).
func GuardValue[T any](fn func() (T, error), panicCode int32) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			var zero T
			v, err = zero, &Error{Code: panicCode, Message: PanicMessage(p)}
		}
	}()
	return fn()
}

// outcome runs fn under the guard and reduces a failure to its code and message, both taken
// under the guard too: an error type whose Error or ForeignCode method panics is a panic like
// any other. On failure v is the zero T, whatever fn returned with its error. code is 0 and
// failed is false on success.
func outcome[T any](fn func() (T, error), defaultCode, panicCode int32) (v T, code int32, msg string, failed bool) {
	defer func() {
		if p := recover(); p != nil {
			var zero T
			v, code, msg, failed = zero, panicCode, PanicMessage(p), true
		}
	}()
	v, err := fn()
	if err == nil {
		return v, 0, "", false
	}
	var zero T
	return zero, ErrorCode(err, defaultCode), err.Error(), true
}

// noValue adapts a func() error to the value-returning form the helpers share.
func noValue(fn func() error) func() (struct{}, error) {
	return func() (struct{}, error) { return struct{}{}, fn() }
}
