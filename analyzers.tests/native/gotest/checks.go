package main

import (
	"fmt"
	"math"
	"strings"

	"boundaryanalyzers.dev/boundary"
)

// The logic behind the "Returned strings", "Returned buffers" and "Errors" exports, in plain
// Go so it can be tested without cgo. Each failing function is written once, returning a
// *boundary.Error, and the three error shapes only differ in how the exports deliver it.

// The error codes of the contract; 42 is deliberately not a member of the C# enum.
const (
	codeNotFound        int32 = 1
	codeInvalidArgument int32 = 2
	codeIo              int32 = 3
	codeUnknown         int32 = 42
	codePanic           int32 = 99
	// codeDefault is for an error without a code; every error here has one.
	codeDefault = codeInvalidArgument
)

// paramError is why a (pointer, length) parameter was refused.
func paramError(null bool, n uint64) error {
	if null {
		return boundary.Errorf(codeInvalidArgument, "null pointer with length %d", n)
	}
	return boundary.Errorf(codeInvalidArgument, "length %d is too large", n)
}

func greeting(name string) string { return "Hello, " + name + "!" }

// repeat is s repeated n times, "" for n <= 0.
func repeat(s string, n int32) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, int(n))
}

// rangeI32 is start, start+1, ... (wrapping), count elements; none for count <= 0.
func rangeI32(start, count int32) []int32 {
	if count <= 0 {
		return nil
	}
	xs := make([]int32, count)
	for i := range xs {
		xs[i] = start + int32(i)
	}
	return xs
}

// divide truncates; MinInt32 / -1 would wrap, which the contract calls an overflow.
func divide(a, b int32) (int32, error) {
	switch {
	case b == 0:
		return 0, boundary.NewError(codeInvalidArgument, "division by zero")
	case a == math.MinInt32 && b == -1:
		return 0, boundary.NewError(codeUnknown, "overflow")
	}
	return a / b, nil
}

var entries = map[string]string{"alpha": "first", "beta": "second"}

func lookup(key string) (string, error) {
	if v, ok := entries[key]; ok {
		return v, nil
	}
	return "", boundary.Errorf(codeNotFound, "no entry for '%s'", key)
}

func checkStart(start int64) error {
	if start < 0 {
		return boundary.NewError(codeInvalidArgument, "negative start")
	}
	return nil
}

func checkCount(n int32) error {
	if n < 0 {
		return boundary.NewError(codeInvalidArgument, "negative count")
	}
	return nil
}

func checkedGreeting(name string) (string, error) {
	if name == "" {
		return "", boundary.NewError(codeNotFound, "empty name")
	}
	return greeting(name), nil
}

// checkSign is gotest_go_check: the message names the value.
func checkSign(x int32) error {
	if x < 0 {
		return fmt.Errorf("negative: %d", x)
	}
	return nil
}

// checkNonZero is gotest_go_check_code and gotest_oe_check (which never sees x == 0 fail).
func checkNonZero(x int32) error {
	switch {
	case x < 0:
		return boundary.NewError(codeInvalidArgument, "negative")
	case x == 0:
		return boundary.NewError(codeNotFound, "zero")
	}
	return nil
}

func checkNonNegative(x int32) error {
	if x < 0 {
		return boundary.NewError(codeInvalidArgument, "negative")
	}
	return nil
}

// boom panics inside the guard of every *_panic export.
func boom(x int32) {
	panic(fmt.Sprintf("boom %d", x))
}
