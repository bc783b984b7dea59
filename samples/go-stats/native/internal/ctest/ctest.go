// Package ctest holds the C callbacks the library's tests pass to its exports: test files
// cannot define C functions (cgo is not allowed in _test.go files). Each callback records what
// it received in a recorder, a C struct passed as user_data. Imported only by tests, so
// libstats.so never links it.
package ctest

// #include <stdint.h>
// #include <stdlib.h>
//
// typedef struct {
// 	int64_t calls;       // atomic; incremented last, after the call is recorded
// 	double values[64];   // the doubles received, in order (the first 64)
// 	double threshold;    // ctest_above answers x > threshold
// 	void* message;       // ctest_done_go's r1
// } ctest_rec;
//
// static void ctest_count(ctest_rec* r) { __atomic_add_fetch(&r->calls, 1, __ATOMIC_SEQ_CST); }
//
// static void ctest_keep(ctest_rec* r, double x) {
// 	int64_t i = __atomic_load_n(&r->calls, __ATOMIC_SEQ_CST);
// 	if (i < 64) r->values[i] = x;
// }
//
// // void (*)(void* user_data, double x)
// void ctest_record(void* u, double x) { ctest_keep(u, x); ctest_count(u); }
//
// // uint8_t (*)(void* user_data, double x)
// uint8_t ctest_above(void* u, double x) {
// 	ctest_rec* r = u;
// 	ctest_keep(r, x);
// 	uint8_t above = x > r->threshold;
// 	ctest_count(r);
// 	return above;
// }
//
// // void (*done)(void* user_data, double r0, char* r1): the Go multi-return completion.
// void ctest_done_go(void* u, double r0, char* r1) {
// 	ctest_rec* r = u;
// 	r->values[0] = r0;
// 	r->message = r1;
// 	ctest_count(r);
// }
//
// static int64_t ctest_calls(ctest_rec* r) { return __atomic_load_n(&r->calls, __ATOMIC_SEQ_CST); }
import "C"

import "unsafe"

// The callbacks as C function pointers.
var (
	Record = unsafe.Pointer(C.ctest_record)  // void (*)(void*, double)
	Above  = unsafe.Pointer(C.ctest_above)   // uint8_t (*)(void*, double)
	DoneGo = unsafe.Pointer(C.ctest_done_go) // void (*)(void*, double, char*)
)

// Rec is a recorder in C memory; its pointer is the user_data.
type Rec struct{ r *C.ctest_rec }

// New allocates a zeroed recorder; Free it once no callback can run any more.
func New() Rec { return Rec{(*C.ctest_rec)(C.calloc(1, C.sizeof_ctest_rec))} }

// Free frees the recorder (not a message it holds).
func (r Rec) Free() { C.free(r.User()) }

// User is the user_data to pass with the callbacks.
func (r Rec) User() unsafe.Pointer { return unsafe.Pointer(r.r) }

// SetThreshold sets what Above compares with.
func (r Rec) SetThreshold(t float64) { r.r.threshold = C.double(t) }

// Calls counts the calls that have finished recording (read atomically).
func (r Rec) Calls() int64 { return int64(C.ctest_calls(r.r)) }

// Values are the doubles received (at most 64); read them after Calls shows the calls ended.
func (r Rec) Values() []float64 {
	n := min(r.Calls(), 64)
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(r.r.values[i])
	}
	return out
}

// Result is what DoneGo received: (r0, r1).
func (r Rec) Result() (float64, unsafe.Pointer) { return float64(r.r.values[0]), r.r.message }
