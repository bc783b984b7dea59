package main

/*
#include <stddef.h>
#include <stdint.h>

typedef struct { void* ptr; size_t len; } stats_buffer;
*/
import "C"

import (
	"errors"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// Strings, spans, buffers and errors across the C ABI, declared on the C# side in
// ../StatsSample. Returned strings are NUL-terminated UTF-8: owned ones go back to
// stats_string_free, the borrowed stats_version never. Errors use Go's multi-return: a
// (value, char* message) pair whose message is null on success. Like the other exports, these
// accept any handle number at all.

// Go names for the C types of these exports, for the tests, which cannot import "C".
type (
	cdouble = C.double
	chandle = C.uintptr_t
)

var errBadHandle = errors.New("not a live stats handle")

// version is borrowed: allocated once, when the library loads, and never freed.
var version = boundary.CString("stats 0.2.0")

//export stats_version
func stats_version() *C.char { return (*C.char)(version) }

// stats_describe returns an owned one-line summary, "n=3 mean=2.000 min=1.000 max=3.000"
// ("n=0" when empty), or null for a bad handle.
//
//export stats_describe
func stats_describe(h C.uintptr_t) *C.char {
	a, ok := lookup(h)
	if !ok {
		return nil
	}
	return (*C.char)(boundary.CString(a.describe()))
}

// stats_add_all adds every value of the span (p, n), n in elements. The values are read in
// place during the call and never kept.
//
//export stats_add_all
func stats_add_all(h C.uintptr_t, p *C.double, n C.size_t) {
	a, ok := lookup(h)
	if !ok {
		return
	}
	if xs, ok := boundary.Slice[float64](unsafe.Pointer(p), uintptr(n)); ok {
		a.addAll(xs)
	}
}

// stats_percentile_checked is stats_percentile that says why there is no answer: an owned
// message ("percentile 120 is outside [0, 100]", "no values", or a bad handle) instead of NaN.
//
//export stats_percentile_checked
func stats_percentile_checked(h C.uintptr_t, p C.double) (C.double, *C.char) {
	v, msg := boundary.Result(func() (C.double, error) {
		a, ok := lookup(h)
		if !ok {
			return 0, errBadHandle
		}
		v, err := a.checkedPercentile(float64(p))
		return C.double(v), err
	})
	return v, (*C.char)(msg)
}

// stats_sorted returns an owned buffer of every value added so far, ascending, as doubles;
// {null, 0} when there are none or the handle is bad.
//
//export stats_sorted
func stats_sorted(h C.uintptr_t) C.stats_buffer {
	a, ok := lookup(h)
	if !ok {
		return C.stats_buffer{}
	}
	p, n := boundary.Buffer(a.sortedSamples())
	return C.stats_buffer{ptr: p, len: C.size_t(n)}
}

// stats_string_free frees a string from stats_describe or an error message; null is a no-op.
//
//export stats_string_free
func stats_string_free(s *C.char) { boundary.FreeCString(unsafe.Pointer(s)) }

// stats_buffer_free frees the ptr of a buffer from stats_sorted; null is a no-op.
//
//export stats_buffer_free
func stats_buffer_free(p unsafe.Pointer) { boundary.FreeBuffer(p) }
