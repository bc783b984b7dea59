package main

/*
#include <stddef.h>
#include <stdint.h>

typedef void (*gotest_callback)(void* user_data, int64_t value);

// Go cannot call a C function pointer itself; this shim does.
static void gotest_call(gotest_callback callback, void* user_data, int64_t value) {
	callback(user_data, value);
}
*/
import "C"

import (
	"sync"
	"unsafe"
)

// "Retained values": native code keeps a byte range and a callback after the call that handed
// them over, and uses them in later calls. The caller vouches that both outlive that use (what
// BND2004 checks at C# call sites). The pointers are C memory and C function pointers, so Go's
// pointer rules allow keeping them.

var retained struct {
	sync.Mutex
	data     *C.uint8_t
	length   C.size_t
	callback C.gotest_callback
	userData unsafe.Pointer
}

//export gotest_retain_bytes
func gotest_retain_bytes(data *C.uint8_t, length C.size_t) {
	retained.Lock()
	defer retained.Unlock()
	retained.data, retained.length = data, length
}

//export gotest_retained_sum
func gotest_retained_sum() C.int64_t {
	retained.Lock()
	data, length := retained.data, retained.length
	retained.Unlock()
	if data == nil {
		return -1
	}
	var sum int64
	for _, b := range unsafe.Slice((*byte)(unsafe.Pointer(data)), int(length)) {
		sum += int64(b)
	}
	return C.int64_t(sum)
}

//export gotest_retain_callback
func gotest_retain_callback(callback C.gotest_callback, userData unsafe.Pointer) {
	retained.Lock()
	defer retained.Unlock()
	retained.callback, retained.userData = callback, userData
}

//export gotest_fire
func gotest_fire(value C.int64_t) C.int64_t {
	retained.Lock()
	callback, userData := retained.callback, retained.userData
	retained.Unlock() // the callback may call back into this library
	if callback == nil {
		return 0
	}
	C.gotest_call(callback, userData, value)
	return 1
}

//export gotest_release_retained
func gotest_release_retained() {
	retained.Lock()
	defer retained.Unlock()
	retained.data, retained.length, retained.callback, retained.userData = nil, 0, nil, nil
}
