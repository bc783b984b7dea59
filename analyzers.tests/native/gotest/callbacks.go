package main

// #include "callbacks.h"
import "C"

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// "Callbacks and async", borrowed callbacks: Go calls the caller's function pointer (first
// parameter void* user_data) only during the call that hands it over, on the calling thread or
// on goroutines it waits for before returning. A null callback is never called. Also the two
// signal-stack probes the Go stress tests compare. The logic is plain Go over Go functions, so
// it can be tested without cgo; the exports adapt the C callbacks. This matches the Rust library.

// sumMap is the wrapping int64 sum of mapFn(item) over items, in order.
func sumMap(items []int32, mapFn func(int32) int32) int64 {
	var sum int64
	for _, item := range items {
		sum += int64(mapFn(item))
	}
	return sum
}

// countIf is how many v in [from, to) satisfy pred (saturating at MaxInt32).
func countIf(from, to int32, pred func(int32) bool) int32 {
	var hits int64
	for v := int64(from); v < int64(to); v++ {
		if pred(int32(v)) {
			hits++
		}
	}
	return int32(min(hits, 1<<31-1))
}

// callUntil calls cb(i) for i = 0..n-1, stopping right after the first negative result, and
// returns the number of calls.
func callUntil(n int32, cb func(int32) int32) int32 {
	var calls int32
	for i := int32(0); i < n; i++ {
		calls++
		if cb(i) < 0 {
			break
		}
	}
	return calls
}

// eachWord calls visit for each word of text: maximal runs of bytes other than the ASCII space
// (0x20), in order, each a subslice of text.
func eachWord(text []byte, visit func(word []byte)) {
	for _, word := range bytes.Split(text, []byte{' '}) {
		if len(word) > 0 {
			visit(word)
		}
	}
}

// onThreads starts threads goroutines, where goroutine t calls cb(t, i) for i = 0..perThread-1,
// and returns once all of them have finished.
//
// Every goroutine of this library that calls the caller back (here, and the tickers,
// publishers and async completions) first locks itself to its OS thread, for good: the thread
// is one Go created (a goroutine never runs on a thread that entered from C), the goroutine
// stays on it between its calls into C (so a last error it sets is the one its done reads),
// and since the lock is never released, Go ends the thread when the goroutine returns. Like a
// Rust std::thread, each such thread serves one goroutine only, and a thread the caller's code
// ran on never goes back to Go's pool.
func onThreads(threads, perThread int32, cb func(t, i int32)) {
	var wg sync.WaitGroup
	for t := int32(0); t < threads; t++ {
		wg.Add(1)
		go func(t int32) {
			defer wg.Done()
			runtime.LockOSThread() // for good: the thread ends with the goroutine (see above)
			for i := int32(0); i < perThread; i++ {
				cb(t, i)
			}
		}(t)
	}
	wg.Wait()
}

//export gotest_sum_map
func gotest_sum_map(items *C.int32_t, n C.size_t, mapFn C.gotest_map_fn, userData unsafe.Pointer) C.int64_t {
	if mapFn == nil {
		return 0
	}
	return C.int64_t(sumMap(span[int32](items, n), func(item int32) int32 {
		return int32(C.gotest_invoke_map(mapFn, userData, C.int32_t(item)))
	}))
}

//export gotest_count_if
func gotest_count_if(from, to C.int32_t, pred C.gotest_pred_fn, userData unsafe.Pointer) C.int32_t {
	if pred == nil {
		return 0
	}
	return C.int32_t(countIf(int32(from), int32(to), func(v int32) bool {
		return C.gotest_invoke_pred(pred, userData, C.int32_t(v)) != 0
	}))
}

//export gotest_call_until
func gotest_call_until(n C.int32_t, cb C.gotest_until_fn, userData unsafe.Pointer) C.int32_t {
	if cb == nil {
		return 0
	}
	return C.int32_t(callUntil(int32(n), func(i int32) int32 {
		return int32(C.gotest_invoke_until(cb, userData, C.int32_t(i)))
	}))
}

// gotest_for_each_word passes each word as a pointer into the caller's text.
//
//export gotest_for_each_word
func gotest_for_each_word(text *C.uint8_t, n C.size_t, visit C.gotest_word_fn, userData unsafe.Pointer) {
	if visit == nil {
		return
	}
	eachWord(span[byte](text, n), func(word []byte) {
		C.gotest_invoke_word(visit, userData, (*C.uint8_t)(unsafe.Pointer(&word[0])), C.size_t(len(word)))
	})
}

// gotest_for_each_word_cstr passes each word as a new NUL-terminated copy, freed as soon as
// visit returns. A null text has no words.
//
//export gotest_for_each_word_cstr
func gotest_for_each_word_cstr(text *C.char, visit C.gotest_cword_fn, userData unsafe.Pointer) {
	if visit == nil || text == nil {
		return
	}
	eachWord([]byte(C.GoString(text)), func(word []byte) {
		copied := C.CString(string(word))
		defer C.free(unsafe.Pointer(copied))
		C.gotest_invoke_cword(visit, userData, copied)
	})
}

//export gotest_call_on_threads
func gotest_call_on_threads(threads, perThread C.int32_t, cb C.gotest_thread_fn, userData unsafe.Pointer) {
	if cb == nil {
		return
	}
	onThreads(int32(threads), int32(perThread), func(t, i int32) {
		C.gotest_invoke_thread(cb, userData, C.int32_t(t), C.int32_t(i))
	})
}

// gotest_counter_visit lends the same Counter to every call. It is checked before each call:
// if it is not live (nor the global one), that counts a bad use and no further call is made.
//
//export gotest_counter_visit
func gotest_counter_visit(h C.uintptr_t, times C.int32_t, visit C.gotest_visit_fn, userData unsafe.Pointer) {
	if visit == nil {
		return
	}
	for i := int32(0); i < int32(times); i++ {
		if _, ok := borrow(uintptr(h)); !ok {
			return
		}
		C.gotest_invoke_visit(visit, userData, h, C.int32_t(i))
	}
}

// gotest_altstack_sp is the base of the calling thread's alternate signal stack, 0 when it is
// disabled. Called from a thread Go did not create and that has no signal stack, it reports
// the one Go installed for that thread when the thread first called into Go.
//
//export gotest_altstack_sp
func gotest_altstack_sp() C.uintptr_t {
	var size C.size_t
	return C.gotest_altstack(&size)
}

//export gotest_altstack_size
func gotest_altstack_size() C.uintptr_t {
	var size C.size_t
	C.gotest_altstack(&size)
	return C.uintptr_t(size)
}

// gotest_join_names joins name(user_data, i) for i = 0..n-1 with ","; a null name is "<null>".
// Each name is borrowed from the caller and copied at once. The result is an owned string.
//
//export gotest_join_names
func gotest_join_names(n C.int32_t, name C.gotest_name_fn, userData unsafe.Pointer) *C.char {
	if name == nil {
		return ownedString("")
	}
	parts := make([]string, 0, max(int(n), 0))
	for i := C.int32_t(0); i < n; i++ {
		p := C.gotest_invoke_name(name, userData, i)
		if p == nil {
			parts = append(parts, "<null>")
		} else {
			parts = append(parts, C.GoString(p))
		}
	}
	return ownedString(strings.Join(parts, ","))
}
