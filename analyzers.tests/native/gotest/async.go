package main

// #include "callbacks.h"
import "C"

import (
	"runtime"
	"time"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// "Callbacks and async", async operations: void gotest_x_async(<args>, done, user_data)
// returns at once (or completes synchronously where the contract says so) and calls
// done(user_data, <completion values>) exactly once — except the deliberately buggy *_twice
// exports. Failures are reported in the completion values of the export's error shape; a last
// error is set on the completing OS thread right before done is called (the completing
// goroutine is locked to its thread). The completion values are what the synchronous export of
// the same shape returns, computed on the completing thread. A null done starts nothing.
// This matches the Rust library; the registry is async_registry.go.

// gotest_add_async completes with a + b (wrapping): before returning, on the calling thread,
// when delay_ms < 0; else on a goroutine's thread after delay_ms.
//
//export gotest_add_async
func gotest_add_async(a, b, delayMs C.int32_t, done C.gotest_done_i32, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		sum := a + b
		finish()
		C.gotest_invoke_done_i32(done, userData, sum)
	})
}

//export gotest_ping_async
func gotest_ping_async(delayMs C.int32_t, done C.gotest_done_void, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		finish()
		C.gotest_invoke_done_void(done, userData)
	})
}

// gotest_div_async_status completes with gotest_checked_div's status and result (0 on
// failure), the message of a failure in the completing thread's last error.
//
//export gotest_div_async_status
func gotest_div_async_status(a, b, delayMs C.int32_t, done C.gotest_done_status, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		var out C.int32_t
		status := gotest_checked_div(a, b, &out)
		if status != 0 {
			out = 0
		}
		finish()
		C.gotest_invoke_done_status(done, userData, status, out)
	})
}

//export gotest_div_async_go
func gotest_div_async_go(a, b, delayMs C.int32_t, done C.gotest_done_go, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		r0, r1 := gotest_go_div(a, b)
		finish()
		C.gotest_invoke_done_go(done, userData, r0, r1)
	})
}

//export gotest_div_async_code
func gotest_div_async_code(a, b, delayMs C.int32_t, done C.gotest_done_go_code, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		r0, r1, r2 := gotest_go_div_code(a, b)
		finish()
		C.gotest_invoke_done_go_code(done, userData, r0, r1, r2)
	})
}

// gotest_div_async_record completes with gotest_oe_div's result and a new record on failure
// (owned by the callee of done, gotest_error_free), null on success.
//
//export gotest_div_async_record
func gotest_div_async_record(a, b, delayMs C.int32_t, done C.gotest_done_record, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		var err *C.boundary_error
		v := gotest_oe_div(a, b, &err)
		finish()
		C.gotest_invoke_done_record(done, userData, v, err)
	})
}

// copyName copies the name parameter before the call returns, or gives the message of its
// refusal: "empty name" for length 0, else param's ("null pointer with length <n>").
func copyName(s *C.uint8_t, n C.size_t) (string, string) {
	if n == 0 {
		return "", "empty name"
	}
	name, err := param(s, n)
	if err != nil {
		return "", err.Error()
	}
	return name, ""
}

// gotest_greet_async completes with an owned "Hello, <name>!", or null with the completing
// thread's last error "empty name" (shape 4). The name is copied before returning.
//
//export gotest_greet_async
func gotest_greet_async(s *C.uint8_t, n C.size_t, delayMs C.int32_t, done C.gotest_done_string, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	name, refused := copyName(s, n)
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		var g *C.char
		if refused != "" {
			boundary.SetLastError(refused)
		} else {
			g = ownedString(greeting(name))
		}
		finish()
		C.gotest_invoke_done_string(done, userData, g)
	})
}

// gotest_counter_new_async completes with a new live Counter owned by the callee of done, or 0
// with the completing thread's last error "negative start" (shape 4).
//
//export gotest_counter_new_async
func gotest_counter_new_async(start C.int64_t, delayMs C.int32_t, done C.gotest_done_handle, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		var h C.uintptr_t
		if start < 0 {
			boundary.SetLastError("negative start")
		} else {
			h = C.uintptr_t(newCounter(int64(start)))
		}
		finish()
		C.gotest_invoke_done_handle(done, userData, h)
	})
}

// gotest_range_async completes with the owned buffer of gotest_range_i32(start, count), by value.
//
//export gotest_range_async
func gotest_range_async(start, count, delayMs C.int32_t, done C.gotest_done_buffer, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), int32(delayMs), func(finish func()) {
		buf := gotest_range_i32(start, count)
		finish()
		C.gotest_invoke_done_buffer(done, userData, buf)
	})
}

// gotest_wait_async registers the operation, then a goroutine waits until
// gotest_cancel(user_data) (a context.Context cancelled) or timeout_ms (negative: none).
// Cancelled: done(6, 0) with the last error "cancelled"; timed out: done(0, 42).
//
//export gotest_wait_async
func gotest_wait_async(timeoutMs C.int32_t, done C.gotest_done_status, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	timeout := time.Duration(-1)
	if timeoutMs >= 0 {
		timeout = time.Duration(timeoutMs) * time.Millisecond
	}
	asyncOps.startWait(uintptr(userData), timeout, func(cancelled bool) {
		if cancelled {
			boundary.SetLastError("cancelled")
			C.gotest_invoke_done_status(done, userData, C.int32_t(statusCancelled), 0)
			return
		}
		C.gotest_invoke_done_status(done, userData, 0, C.int32_t(waitTimedOut))
	})
}

// gotest_cancel cancels every cancellable pending operation started with user_data (see
// asyncRegistry.cancel); unknown or finished user data counts an unknown cancel. It never
// waits; only a gotest_cancel_sync_async completes inside it.
//
//export gotest_cancel
func gotest_cancel(userData unsafe.Pointer) { asyncOps.cancel(uintptr(userData)) }

//export gotest_cancels_unknown
func gotest_cancels_unknown() C.int64_t { return C.int64_t(asyncOps.unknownCancels.Load()) }

//export gotest_async_pending
func gotest_async_pending() C.int64_t { return C.int64_t(asyncOps.pending.Load()) }

//export gotest_stray_threads_running
func gotest_stray_threads_running() C.int64_t { return C.int64_t(strayThreads.Load()) }

// gotest_cancel_sync_async registers the operation and returns; it completes only when
// cancelled, and then inside gotest_cancel, on the cancelling thread: done(6, 0) with the last
// error "cancelled".
//
//export gotest_cancel_sync_async
func gotest_cancel_sync_async(done C.gotest_done_status, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.start(uintptr(userData), func() {
		boundary.SetLastError("cancelled")
		asyncOps.completing()
		C.gotest_invoke_done_status(done, userData, C.int32_t(statusCancelled), 0)
	})
}

// gotest_add_async_twice is DELIBERATELY BUGGY: done(a + b) before returning, then a goroutine
// calls done(a + b + 1) again 5 ms later (counted by gotest_stray_threads_running until that
// second call returned).
//
//export gotest_add_async_twice
func gotest_add_async_twice(a, b C.int32_t, done C.gotest_done_i32, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	op := asyncOps.start(uintptr(userData), nil)
	op.claim()
	asyncOps.completing()
	C.gotest_invoke_done_i32(done, userData, a+b)
	strayThreads.Add(1)
	go func() {
		defer strayThreads.Add(-1)
		runtime.LockOSThread() // for good: the thread ends with the goroutine (see onThreads)
		time.Sleep(5 * time.Millisecond)
		C.gotest_invoke_done_i32(done, userData, a+b+1)
	}()
}

// gotest_greet_async_twice is DELIBERATELY BUGGY, both before returning: done with an owned
// greeting (registered), then done again with a second new greeting that is NOT registered:
// it leaks by design, and freeing it with gotest_string_free counts a bad string free. A
// refused name greets "".
//
//export gotest_greet_async_twice
func gotest_greet_async_twice(s *C.uint8_t, n C.size_t, done C.gotest_done_string, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	name, _ := copyName(s, n)
	op := asyncOps.start(uintptr(userData), nil)
	first := ownedString(greeting(name))
	op.claim()
	asyncOps.completing()
	C.gotest_invoke_done_string(done, userData, first)
	C.gotest_invoke_done_string(done, userData, C.CString(greeting(name)))
}

// gotest_panic_async: on a goroutine's thread the work panics with "boom <x>" inside the
// guard: done(99, 0) with the last error "panic: boom <x>", exactly once.
//
//export gotest_panic_async
func gotest_panic_async(x C.int32_t, done C.gotest_done_status, userData unsafe.Pointer) {
	if done == nil {
		return
	}
	asyncOps.startOp(uintptr(userData), 0, func(finish func()) {
		status, result, msg := guardStatus(func() int32 {
			boom(int32(x))
			return 0
		})
		if status != 0 {
			boundary.SetLastError(msg)
		}
		finish()
		C.gotest_invoke_done_status(done, userData, C.int32_t(status), C.int32_t(result))
	})
}
