package main

// #include <stdint.h>
// #include <stddef.h>
import "C"

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"boundaryanalyzers.dev/boundary"
)

// "Errors", shape 4: a null (or sentinel) result, and the message in the calling thread's last
// error, the same one gotest_last_error hands out for the status-code shape. Success leaves the
// last error alone, as every status-code export does.

// gotest_counter_new_checked returns a new Counter, or 0 with the last error
// "start must not be negative: <start>".
//
//export gotest_counter_new_checked
func gotest_counter_new_checked(start C.int64_t) C.uintptr_t {
	if start < 0 {
		boundary.SetLastError(fmt.Sprintf("start must not be negative: %d", int64(start)))
		return 0
	}
	return C.uintptr_t(newCounter(int64(start)))
}

// parseFailed is gotest_parse_i64's failure result. Never a successful result: the text of
// MinInt64 itself is refused, or a caller could not tell it from a failure.
const parseFailed = math.MinInt64

// parseI64 is decimal text, an optional sign and digits only (what both Go's strconv.ParseInt
// in base 10 and Rust's str::parse::<i64> accept), or the message of its failure.
func parseI64(text string) (int64, string) {
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || v == parseFailed {
		return parseFailed, "not a number: " + strings.ToValidUTF8(text, "\uFFFD")
	}
	return v, ""
}

//export gotest_parse_i64
func gotest_parse_i64(text *C.uint8_t, n C.size_t) C.int64_t {
	s, err := param(text, n)
	if err != nil {
		boundary.SetLastError(err.Error())
		return parseFailed
	}
	v, msg := parseI64(s)
	if msg != "" {
		boundary.SetLastError(msg)
	}
	return C.int64_t(v)
}
