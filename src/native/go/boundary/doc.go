// Package boundary is the Go half of BoundaryAnalyzers: the C-ABI conventions that the
// generated C# stubs expect from a Go c-shared library, as small functions that never panic.
//
// A panic that escapes an exported function kills the whole .NET host process, and the
// runtime/cgo functions panic on a bad handle, so everything here turns misuse into a false
// result instead, and the error helpers recover a library's own panics into errors.
//
//   - handles: Go values handed to C# as runtime/cgo.Handle numbers (NewHandle, Value,
//     Release, Take) plus LiveHandles, a count that tests use to prove nothing leaked.
//   - abi: the one-byte boolean the stubs marshal (Bool, Byte).
//   - strings: returned strings are NUL-terminated UTF-8 in C memory. CString makes an owned
//     one (C.malloc; interior NUL bytes become U+FFFD), FreeCString frees it. GoString and
//     GoStringNUL copy string parameters, (pointer, length) and NUL-terminated, into Go
//     strings; a null pointer is "".
//   - spans: Slice views a (pointer, length in elements) parameter as a Go slice in place,
//     (nil, 0) included, and refuses a null pointer with a length.
//   - buffers: Buffer copies a Go slice into C memory and returns (pointer, length), the
//     struct { void* ptr; size_t len; } the stubs read; AllocBuffer allocates one to fill in
//     place; FreeBuffer frees either. Empty is (nil, 0).
//   - errors: Error (a message and an int32 code) and the Coder interface (ForeignCode) carry
//     codes; ErrorCode reads the code of any error, with a caller-chosen default for errors
//     without one. Guard and GuardValue recover a panic into an error whose message is exactly
//     "panic: " + fmt.Sprint(value), with a caller-chosen code.
//   - error shape 1, status code + last error: Status and StatusOut return the code and keep
//     the message for the calling OS thread; TakeLastError hands it out and clears it.
//   - error shape 2, Go multi-return: Result, ResultCode, Check and CheckCode return the value,
//     optionally the code, and an owned message that is nil on success.
//   - error shape 3, out error record { int32_t code; char* message; }: NewErrorRecord,
//     FreeErrorRecord, ReadErrorRecord, and Record and RecordOut to run a function into one.
//   - callbacks: a C function pointer whose first parameter is void* user_data, with that
//     user_data. Go cannot call a C function pointer, so CallVoid, Call (any Scalar value:
//     sized integers, floats, unsafe.Pointer, cgo's C types), CallString and CallBytes call one
//     through C trampolines, refusing a nil pointer. Retained (NewRetained, Invoke, Release)
//     keeps a callback with its release function and calls release exactly once, after the
//     last call; Subscriptions is a set of them behind handle numbers.
//   - async operations: a done callback called exactly once with the outcome in the export's
//     error shape (CompleteStatus, CompleteResult, CompleteResultCode, CompleteRecord,
//     CompleteSentinel and their void forms; WithLastError for a trampoline of one's own).
//     Async runs the work on a goroutine and completes exactly once, a panic included
//     (*PanicError); Begin and Completion are the parts, for work run otherwise. Each operation
//     has a context registered under its user_data until it completes: Cancel(user_data) is the
//     library's cancel export; PendingOperations counts what has not completed.
//
// The C types cgo generates (C.uintptr_t, C.uint8_t, C.char, ...) are local to each package
// that imports "C", so this API uses the Go types with the same representation (uintptr,
// uint8, unsafe.Pointer, int32) and an exporting library converts at its edge, for instance
// (*C.char)(boundary.CString(s)) or boundary.FreeCString(unsafe.Pointer(s)).
//
// Memory handed out by CString, Buffer, AllocBuffer and NewErrorRecord is C memory, owned by
// the caller until it comes back to the matching Free function, which, like C free, must get
// exactly the pointer it gave out, once. A library that has to survive a misbehaving caller
// keeps a registry of what it handed out and checks it before freeing.
package boundary
