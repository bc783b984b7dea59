package main

// #include <stdint.h>
import "C"

// "Handles": the gotest_counter_* exports, thin conversions over the registry, which never
// panics, so any number at all is a safe argument.

//export gotest_counter_new
func gotest_counter_new(start C.int64_t) C.uintptr_t {
	return C.uintptr_t(newCounter(int64(start)))
}

//export gotest_counter_add
func gotest_counter_add(h C.uintptr_t, delta C.int64_t) C.int64_t {
	c, ok := borrow(uintptr(h))
	if !ok {
		return badHandle
	}
	return C.int64_t(c.add(int64(delta)))
}

//export gotest_counter_get
func gotest_counter_get(h C.uintptr_t) C.int64_t {
	c, ok := borrow(uintptr(h))
	if !ok {
		return badHandle
	}
	return C.int64_t(c.get())
}

//export gotest_counter_free
func gotest_counter_free(h C.uintptr_t) {
	consume(uintptr(h))
}

//export gotest_counter_into_value
func gotest_counter_into_value(h C.uintptr_t) C.int64_t {
	c, ok := consume(uintptr(h))
	if !ok {
		return badHandle
	}
	return C.int64_t(c.get())
}

//export gotest_counter_merge
func gotest_counter_merge(into, from C.uintptr_t) C.int64_t {
	return C.int64_t(merge(uintptr(into), uintptr(from)))
}

// gotest_counter_global is borrowed by the caller: the same handle every time, never to be
// released.
//
//export gotest_counter_global
func gotest_counter_global() C.uintptr_t {
	return C.uintptr_t(globalCounter)
}

//export gotest_live_counters
func gotest_live_counters() C.int64_t { return C.int64_t(liveCounters.Load()) }

//export gotest_released_total
func gotest_released_total() C.int64_t { return C.int64_t(releasedTotal.Load()) }

//export gotest_bad_releases
func gotest_bad_releases() C.int64_t { return C.int64_t(badReleases.Load()) }

//export gotest_bad_uses
func gotest_bad_uses() C.int64_t { return C.int64_t(badUses.Load()) }
