package main

import "unicode/utf8"

// The string logic in plain Go, so it can be tested without cgo (which _test.go files cannot use).

const (
	fnvOffset uint64 = 0xcbf29ce484222325
	fnvPrime  uint64 = 0x100000001b3
)

func fnv1a64(b []byte) uint64 {
	hash := fnvOffset
	for _, c := range b {
		hash = (hash ^ uint64(c)) * fnvPrime
	}
	return hash
}

// scalarCount is the number of Unicode scalar values in b, or -1 if b is not valid UTF-8.
func scalarCount(b []byte) int64 {
	if !utf8.Valid(b) {
		return -1
	}
	return int64(utf8.RuneCount(b))
}
