package main

// #include <stdint.h>
import "C"

import (
	"fmt"

	"boundaryanalyzers.dev/boundary"
)

// "Out parameters": owned and borrowed strings, and owned Counters, written through T** out at
// any position, including the failures that still hand something out (a Counter the caller
// must release although the call failed, like sqlite3_open_v2). A null out pointer is refused
// (nullOut) before anything is created.

// staticText is borrowed: allocated once at load, never freed, never in a registry.
var staticText = boundary.CString("static text")

// gotest_string_out writes an owned "item-<n>"; n == 0xFFFFFFFF fails (2, "n too large") and
// writes null.
//
//export gotest_string_out
func gotest_string_out(n C.uint32_t, out **C.char) C.int32_t {
	if out == nil {
		return nullOut()
	}
	if n == 0xFFFFFFFF {
		*out = nil
		return failWith(codeInvalidArgument, "n too large")
	}
	*out = ownedString(fmt.Sprintf("item-%d", uint32(n)))
	return 0
}

//export gotest_static_string_out
func gotest_static_string_out(out **C.char) C.int32_t {
	if out == nil {
		return nullOut()
	}
	*out = (*C.char)(staticText)
	return 0
}

// gotest_maybe_string_out writes an owned "present", or null when present == 0.
//
//export gotest_maybe_string_out
func gotest_maybe_string_out(present C.uint8_t, out **C.char) C.int32_t {
	if out == nil {
		return nullOut()
	}
	*out = nil
	if bool8(present) {
		*out = ownedString("present")
	}
	return 0
}

// gotest_counter_open: flags 0 a new Counter; 1 status 3 "open refused" and 0; 2 status 3 with
// a live Counter written anyway; anything else status 2 "unknown flags <flags>" and 0.
//
//export gotest_counter_open
func gotest_counter_open(start C.int64_t, out *C.uintptr_t, flags C.uint32_t) C.int32_t {
	if out == nil {
		return nullOut()
	}
	*out = 0
	switch flags {
	case 0:
		*out = C.uintptr_t(newCounter(int64(start)))
		return 0
	case 1:
		return failWith(codeIo, "open refused")
	case 2:
		*out = C.uintptr_t(newCounter(int64(start)))
		return failWith(codeIo, "open failed (the handle must still be freed)")
	}
	return failWith(codeInvalidArgument, fmt.Sprintf("unknown flags %d", uint32(flags)))
}

// gotest_counter_open_pair writes two new Counters: start, and start+1 (wrapping).
//
//export gotest_counter_open_pair
func gotest_counter_open_pair(first *C.uintptr_t, start C.int64_t, second *C.uintptr_t) C.int32_t {
	if first == nil || second == nil {
		return nullOut()
	}
	*first = C.uintptr_t(newCounter(int64(start)))
	*second = C.uintptr_t(newCounter(int64(start) + 1))
	return 0
}
