package main

// #include <stdint.h>
import "C"

import "boundaryanalyzers.dev/boundary"

// cgo's C types are local to this package, so the helper's Go-typed API is adapted here once.

// bool8 reads a contract bool8: any nonzero byte is true.
func bool8(b C.uint8_t) bool {
	return boundary.Bool(uint8(b))
}

// fromBool writes a contract bool8, exactly 0 or 1.
func fromBool(b bool) C.uint8_t {
	return C.uint8_t(boundary.Byte(b))
}
