// The boundary structs of docs/design/native-test-abi.md ("Returned buffers" and "Errors",
// shape 3), in natural C layout. A header for the same reason as structs.h: several Go files
// with exports use them, and cgo copies every such file's preamble into one generated header.
#ifndef GOTEST_BOUNDARY_H
#define GOTEST_BOUNDARY_H

#include <stddef.h>
#include <stdint.h>

typedef struct { void* ptr; size_t len; } boundary_buffer;   /* len in elements */
typedef struct { int32_t code; char* message; } boundary_error;

#endif
