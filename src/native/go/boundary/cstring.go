package boundary

// #include <stdlib.h>
// #include <string.h>
import "C"

import (
	"strings"
	"unsafe"
)

// Strings that cross the boundary. Every string a library returns is NUL-terminated UTF-8
// (char*) in C memory: Go memory must not be handed to C, and the garbage collector would move
// or free it anyway. Strings that arrive as parameters are copied into Go strings, because the
// caller's memory is only valid for the duration of the call.

// CString copies s into a new NUL-terminated C string allocated with C.malloc, for returning
// to the caller, who owns it until it comes back to FreeCString (or C free). A C string cannot
// hold a NUL byte, so each interior NUL of s is replaced by U+FFFD (the bytes EF BF BD) rather
// than silently cutting the string short. Other bytes are copied unchanged, so invalid UTF-8
// in s stays invalid. CString("") is a valid, non-nil empty string. It never returns nil: cgo's
// C.malloc crashes the process on out of memory rather than return nil.
func CString(s string) unsafe.Pointer {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	p := C.malloc(C.size_t(len(s) + 1))
	b := unsafe.Slice((*byte)(p), len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	return p
}

// FreeCString frees a string made by CString. nil is a no-op. Freeing anything else, or
// freeing twice, is undefined behaviour as with C free: a library that must survive a
// misbehaving caller checks the pointer against a registry of its own first.
func FreeCString(p unsafe.Pointer) {
	if p != nil {
		C.free(p)
	}
}

// GoString copies the n bytes at p (a string parameter passed as pointer and length, not
// NUL-terminated) into a Go string. (nil, 0) is "". A nil p with n > 0, or an n too large for
// the address space, also gives ""; use Slice[byte] to tell those apart from an empty string.
// The bytes are copied as they are: invalid UTF-8 and NUL bytes are kept.
func GoString(p unsafe.Pointer, n uintptr) string {
	b, ok := Slice[byte](p, n)
	if !ok {
		return ""
	}
	return string(b)
}

// GoStringNUL copies the NUL-terminated string at p into a Go string, without the NUL. nil is
// "". The bytes are copied as they are.
func GoStringNUL(p unsafe.Pointer) string {
	if p == nil {
		return ""
	}
	return GoString(p, uintptr(C.strlen((*C.char)(p))))
}
