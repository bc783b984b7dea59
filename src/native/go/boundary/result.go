package boundary

import "unsafe"

// Error shape 2, Go multi-return: an export with several results returns a C struct
// { T r0; ...; char* rN; } by value, whose last field is null on success and otherwise the
// owned error message (the other fields then zero). The _code variant carries an int32_t code
// just before the message. A failure always gives a non-nil message, even for an error whose
// message is "", since the null message is what says success.
//
// The messages are new C strings (CString): the caller owns them and returns them to the
// library's string-free export, which calls FreeCString.

// Result runs fn under the guard and returns its value and nil, or on failure (error or
// panic) the zero T and the owned message.
//
//	//export lib_div
//	func lib_div(a, b C.int32_t) (C.int32_t, *C.char) {
//		q, msg := boundary.Result(func() (C.int32_t, error) { return div(a, b) })
//		return q, (*C.char)(msg)
//	}
func Result[T any](fn func() (T, error)) (T, unsafe.Pointer) {
	v, _, msg, failed := outcome(fn, 0, 0)
	if !failed {
		return v, nil
	}
	return v, CString(msg)
}

// ResultCode is Result with the code as well: (value, 0, nil) on success, else (zero,
// ErrorCode(err, errorCode) or panicCode, owned message).
func ResultCode[T any](fn func() (T, error), errorCode, panicCode int32) (T, int32, unsafe.Pointer) {
	v, code, msg, failed := outcome(fn, errorCode, panicCode)
	if !failed {
		return v, 0, nil
	}
	return v, code, CString(msg)
}

// Check is Result for a function with no value: an export returning a lone char*, null on
// success, else the owned message.
func Check(fn func() error) unsafe.Pointer {
	_, msg := Result(noValue(fn))
	return msg
}

// CheckCode is ResultCode for a function with no value: an export returning
// { int32_t code; char* message; }, (0, nil) on success.
func CheckCode(fn func() error, errorCode, panicCode int32) (int32, unsafe.Pointer) {
	_, code, msg := ResultCode(noValue(fn), errorCode, panicCode)
	return code, msg
}
