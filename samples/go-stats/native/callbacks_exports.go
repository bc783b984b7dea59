package main

// #include <stddef.h>
// #include <stdint.h>
import "C"

import (
	"context"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// Callbacks and async operations across the C ABI, declared on the C# side in ../StatsSample.
// A callback crosses as a C function pointer whose first parameter is void* user_data, then
// that user_data; these exports take both as unsafe.Pointer and call it through C (Go cannot
// call a C function pointer): boundary.Call for a callback that returns nothing, callPred's
// trampoline (callbacks.go) for one that returns a value. Both are borrowed: called only during
// the export that receives them, except stats_on_new_max's, which is retained until its
// subscription is ended with stats_unsubscribe. An async export returns at once and calls its done callback
// exactly once, later, from a goroutine; stats_cancel(user_data) cancels its context.

// Go names for C types, for the tests, which cannot import "C".
type (
	cchar = C.char
	csize = C.size_t
)

// stats_each calls visit(user, x) for every sample (see accumulator.each) and returns the
// number of calls; 0 for a bad handle or a null visit.
//
//export stats_each
func stats_each(h C.uintptr_t, visit, user unsafe.Pointer) C.uint64_t {
	a, ok := lookup(h)
	if !ok || visit == nil {
		return 0
	}
	return C.uint64_t(a.each(func(x float64) { boundary.Call(visit, user, C.double(x)) }))
}

// stats_count_if counts the samples x for which pred(user, x) is nonzero; 0 for a bad handle
// or a null pred.
//
//export stats_count_if
func stats_count_if(h C.uintptr_t, pred, user unsafe.Pointer) C.uint64_t {
	a, ok := lookup(h)
	if !ok || pred == nil {
		return 0
	}
	return C.uint64_t(a.countIf(func(x float64) bool { return callPred(pred, user, x) }))
}

// stats_on_new_max subscribes on_new_max(user, max) to the new maxima of the accumulator (see
// watch.go): Go calls it on the thread whose stats_add, stats_add_all or stats_absorb set one,
// after the change. It returns the subscription, an owned handle the caller ends with
// stats_unsubscribe; 0 (nothing subscribed) for a bad handle or a null callback.
//
//export stats_on_new_max
func stats_on_new_max(h C.uintptr_t, onNewMax, user unsafe.Pointer) C.uintptr_t {
	a, ok := lookup(h)
	if !ok {
		return 0
	}
	// No release function: the C# side keeps the callback alive until stats_unsubscribe returns.
	r, ok := boundary.NewRetained(onNewMax, user, nil)
	if !ok {
		return 0
	}
	unwatch := a.watchMax(func(max float64) {
		r.Invoke(func(fn, user unsafe.Pointer) { boundary.Call(fn, user, C.double(max)) })
	})
	return C.uintptr_t(subscribe(func() {
		unwatch()
		r.Release() // waits for calls in flight on other threads; no call starts after it
	}))
}

// stats_unsubscribe ends a subscription of stats_on_new_max (its release function on the C#
// side): when it returns, the callback is not running and will never be called again (unless
// it is called from inside that callback, which cannot wait for itself: then no new call
// starts). 0, an unknown or an ended subscription is ignored.
//
//export stats_unsubscribe
func stats_unsubscribe(s C.uintptr_t) { unsubscribe(uintptr(s)) }

// stats_bootstrap_async starts estimating the standard error of the p-th percentile with
// resamples bootstrap resamples (see bootstrap) on a goroutine, and returns at once. It
// completes exactly once in the Go multi-return shape: done(user, stderr, NULL), or
// done(user, 0, message) with an owned message (freed with stats_string_free): a bad p, no
// values, resamples < 1, a bad handle, "context canceled" once stats_cancel(user) was called,
// or "panic: ...". A null done starts nothing.
//
// The handle is only borrowed for this call, so the samples are copied before it returns: the
// accumulator may change or be released while the goroutine runs.
//
//export stats_bootstrap_async
func stats_bootstrap_async(h C.uintptr_t, p C.double, resamples C.int32_t, done, user unsafe.Pointer) {
	if done == nil {
		return
	}
	var samples []float64
	a, ok := lookup(h)
	if ok {
		_, samples = a.snapshot()
	}
	boundary.Async(user, func(ctx context.Context) (C.double, error) {
		if !ok {
			return 0, errBadHandle
		}
		se, err := bootstrap(ctx, samples, float64(p), int32(resamples))
		return C.double(se), err
	}, func(se C.double, err error) {
		boundary.CompleteResult(done, user, se, err)
	})
}

// stats_cancel asks the pending async operation started with user to stop; it never waits,
// and does nothing for an unknown or finished one. The C# side names it in
// [ForeignBoundary(Cancel = "stats_cancel")].
//
//export stats_cancel
func stats_cancel(user unsafe.Pointer) { boundary.Cancel(user) }

// stats_pending counts async operations started and not yet completed, so the sample can show
// that a cancelled one completed too.
//
//export stats_pending
func stats_pending() C.int64_t {
	return C.int64_t(boundary.PendingOperations())
}
