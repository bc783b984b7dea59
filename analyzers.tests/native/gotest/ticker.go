package main

// #include "callbacks.h"
import "C"

import (
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// "Callbacks and async", retained callbacks: Go keeps the callback after the call that hands
// it over and says when it is done with it by calling release(user_data) exactly once (and
// gotest_release_twice, deliberately, twice). This matches the Rust library.

// tickersRunning counts the tickers started and not yet released.
var tickersRunning atomic.Int64

// runTicker calls tick(n) for n = 1..ticks, sleeping interval between calls, then release,
// exactly once; tickersRunning drops right before release.
func runTicker(ticks int32, interval time.Duration, tick func(n int32), release func()) {
	for n := int32(1); n <= ticks; n++ {
		if n > 1 {
			time.Sleep(interval)
		}
		tick(n)
	}
	tickersRunning.Add(-1)
	release()
}

// gotest_ticker_start returns at once; a goroutine locked to its (Go-created) OS thread ticks,
// then releases. A negative interval is 0; null callbacks are skipped.
//
//export gotest_ticker_start
func gotest_ticker_start(ticks, intervalMs C.int32_t, tick C.gotest_tick_fn, userData unsafe.Pointer, release C.gotest_release_fn) {
	tickersRunning.Add(1)
	go func() {
		runtime.LockOSThread() // for good: the thread ends with the goroutine (see onThreads)
		runTicker(int32(ticks), time.Duration(max(intervalMs, 0))*time.Millisecond, func(n int32) {
			if tick != nil {
				C.gotest_invoke_tick(tick, userData, C.int32_t(n))
			}
		}, func() {
			if release != nil {
				C.gotest_invoke_release(release, userData)
			}
		})
	}()
}

//export gotest_tickers_running
func gotest_tickers_running() C.int64_t { return C.int64_t(tickersRunning.Load()) }

// gotest_release_twice is DELIBERATELY BUGGY, synchronously on the calling thread: cb(1),
// release, release again, then cb(2) after the release (a stale call). Null callbacks are
// skipped.
//
//export gotest_release_twice
func gotest_release_twice(cb C.gotest_tick_fn, userData unsafe.Pointer, release C.gotest_release_fn) {
	if cb != nil {
		C.gotest_invoke_tick(cb, userData, 1)
	}
	if release != nil {
		C.gotest_invoke_release(release, userData)
		C.gotest_invoke_release(release, userData)
	}
	if cb != nil {
		C.gotest_invoke_tick(cb, userData, 2)
	}
}
