package main

// #include <stddef.h>
// #include "boundary.h"
// #include "shapes.h"
import "C"

// Go names for C types the exports take, because test files cannot import "C".
type (
	cchar    = C.char
	cuint8   = C.uint8_t
	cint32   = C.int32_t
	cint64   = C.int64_t
	cdouble  = C.double
	cuintptr = C.uintptr_t
	csize    = C.size_t
	buffer   = C.boundary_buffer
	errorRec = C.boundary_error
)

// ... and those of the ownership shapes.
type (
	cuint32       = C.uint32_t
	cuint64       = C.uint64_t
	shapeBytes    = C.shape_bytes
	shapeBytesCap = C.shape_bytes_cap
)
