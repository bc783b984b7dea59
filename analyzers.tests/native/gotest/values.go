package main

// #include <stdint.h>
import "C"

// "Values": scalars and enums passed and returned by value. Go integer arithmetic wraps on
// overflow by definition, so a plain + is the contract's wrapping add.

//export gotest_add_i8
func gotest_add_i8(a, b C.int8_t) C.int8_t { return a + b }

//export gotest_add_u8
func gotest_add_u8(a, b C.uint8_t) C.uint8_t { return a + b }

//export gotest_add_i16
func gotest_add_i16(a, b C.int16_t) C.int16_t { return a + b }

//export gotest_add_u16
func gotest_add_u16(a, b C.uint16_t) C.uint16_t { return a + b }

//export gotest_add_i32
func gotest_add_i32(a, b C.int32_t) C.int32_t { return a + b }

//export gotest_add_u32
func gotest_add_u32(a, b C.uint32_t) C.uint32_t { return a + b }

//export gotest_add_i64
func gotest_add_i64(a, b C.int64_t) C.int64_t { return a + b }

//export gotest_add_u64
func gotest_add_u64(a, b C.uint64_t) C.uint64_t { return a + b }

//export gotest_add_isize
func gotest_add_isize(a, b C.intptr_t) C.intptr_t { return a + b }

//export gotest_add_usize
func gotest_add_usize(a, b C.uintptr_t) C.uintptr_t { return a + b }

//export gotest_add_f32
func gotest_add_f32(a, b C.float) C.float { return a + b }

//export gotest_add_f64
func gotest_add_f64(a, b C.double) C.double { return a + b }

//export gotest_not
func gotest_not(b C.uint8_t) C.uint8_t { return fromBool(!bool8(b)) }

// gotest_bool_byte echoes the raw byte so tests can see exactly what the stub put on the wire
// for a bool.
//
//export gotest_bool_byte
func gotest_bool_byte(b C.uint8_t) C.uint8_t { return b }

//export gotest_and3
func gotest_and3(a, b, c C.uint8_t) C.uint8_t {
	return fromBool(bool8(a) && bool8(b) && bool8(c))
}

// gotest_next_color maps Red=0, Green=1, Blue=2 to the next color. % truncates in Go as in C
// and Rust, so all three agree even on out-of-range input.
//
//export gotest_next_color
func gotest_next_color(c C.int32_t) C.int32_t { return (c + 1) % 3 }

//export gotest_double_shade
func gotest_double_shade(s C.uint8_t) C.uint8_t { return s * 2 }

// gotest_noop does nothing: the signal-stack stress test needs the cheapest possible C->Go
// call, made from many .NET threads at once.
//
//export gotest_noop
func gotest_noop() {}
