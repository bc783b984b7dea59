// The by-value buffers of the "Buffer free shapes" in docs/design/native-test-abi.md, in
// natural C layout. A header for the same reason as structs.h: the exports returning them and
// ctypes.go (the names the tests use) live in different files.
#ifndef GOTEST_SHAPES_H
#define GOTEST_SHAPES_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint8_t* ptr; size_t len; } shape_bytes;               /* freed by _p or _pl */
typedef struct { uint8_t* ptr; size_t len; size_t cap; } shape_bytes_cap; /* freed by _plc */

#endif
