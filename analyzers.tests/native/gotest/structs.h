// The structs of docs/design/native-test-abi.md, in natural C layout and padding.
// A header rather than a cgo preamble because several Go files use them, and cgo copies the
// preamble of every file with exports into one generated header, where a second definition of
// the same struct would not compile.
#ifndef GOTEST_STRUCTS_H
#define GOTEST_STRUCTS_H

#include <stdint.h>

typedef struct { double x, y, z; } Vec3;
typedef struct { uint8_t tag; int32_t value; int16_t small; int64_t big; uint8_t flag; } Mixed;
typedef struct { Vec3 a; Vec3 b; uint32_t id; } Segment;

#endif
