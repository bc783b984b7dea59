package main

/*
#include <stdint.h>

typedef void (*gotest_work_done)(void* user_data, int64_t value);

// Go cannot call a C function pointer itself; this shim does.
static void gotest_call_done(gotest_work_done done, void* user_data, int64_t value) {
	done(user_data, value);
}
*/
import "C"

import (
	"unsafe"
)

// "Stress": the shapes the Go signal stress suite (analyzers.tests/GoStress) needs beyond gotest_noop.

// gotest_spawn_work starts count goroutines and returns at once. Each does a little work and completes it by calling
// done(user_data, i*i) from its goroutine — on a thread Go created and .NET has never seen. The caller keeps done
// and user_data valid until every completion arrived.
//
//export gotest_spawn_work
func gotest_spawn_work(done C.gotest_work_done, userData unsafe.Pointer, count C.int64_t) {
	for i := int64(0); i < int64(count); i++ {
		go func(v int64) {
			sum := int64(0)
			for k := int64(0); k < 1000; k++ {
				sum += k ^ v
			}
			_ = sum
			C.gotest_call_done(done, userData, C.int64_t(v*v))
		}(i)
	}
}
