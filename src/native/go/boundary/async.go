package boundary

import (
	"context"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Async operations and cancellation. An async export returns at once and calls its done
// callback exactly once, later, from any thread:
//
//	//export geo_distance_async
//	func geo_distance_async(x, y C.double, done, user unsafe.Pointer) {
//		boundary.Async(user, func(ctx context.Context) (C.double, error) {
//			return distance(ctx, x, y) // returns ctx.Err() once cancelled
//		}, func(d C.double, err error) {
//			boundary.CompleteStatus(done, user, d, err, 1, 99)
//		})
//	}
//
// Each operation gets a context.Context, registered under its user_data from Begin until it
// completes; the library's cancel export, void geo_cancel(void* user_data), cancels it:
//
//	//export geo_cancel
//	func geo_cancel(user unsafe.Pointer) { boundary.Cancel(user) }
//
// Cancel may come from any thread at any time until done has returned, even while done runs:
// it finds the context under a mutex, cancels it and returns, never waiting for the work; for
// an unknown or finished user_data it does nothing. The work sees ctx.Done() and completes as
// usual, typically with ctx.Err() (context.Canceled, "context canceled"). Several operations
// pending under one user_data are cancelled together; a nil user_data is not registered (such
// an operation cannot be cancelled). Once done has returned the caller may reuse user_data for
// a new operation, which a late Cancel would then reach; the C# side keeps its GCHandle (the
// user_data) alive until done has returned, which rules that out for it.

// Completion calls its complete function exactly once. Make one with Begin (or let Async do
// it).
type Completion[T any] struct {
	completed atomic.Bool
	complete  func(T, error)
	op        *operation
}

// operation is one pending operation's registration.
type operation struct {
	key    uintptr // 0: not registered
	cancel context.CancelFunc
}

// registry holds the pending operations by user_data; the slices almost always have one entry.
var registry struct {
	mu  sync.Mutex
	ops map[uintptr][]*operation
}

var pending atomic.Int64

// Begin starts an operation: it registers a new context under user (unless nil) and returns
// it with the Completion that calls complete. The Completion unregisters and cancels the
// context right before calling complete, so a Cancel from then on is a no-op. For work run by
// the library's own goroutines or event loop; Async is Begin plus a goroutine.
func Begin[T any](user unsafe.Pointer, complete func(T, error)) (context.Context, *Completion[T]) {
	ctx, cancel := context.WithCancel(context.Background())
	op := &operation{key: uintptr(user), cancel: cancel}
	pending.Add(1)
	if op.key != 0 {
		registry.mu.Lock()
		if registry.ops == nil {
			registry.ops = make(map[uintptr][]*operation)
		}
		registry.ops[op.key] = append(registry.ops[op.key], op)
		registry.mu.Unlock()
	}
	return ctx, &Completion[T]{complete: complete, op: op}
}

// finish unregisters op (only op, not the others under its key), cancels its context and
// uncounts it. Called once.
func (op *operation) finish() {
	if op.key != 0 {
		registry.mu.Lock()
		ops := registry.ops[op.key]
		for i, o := range ops {
			if o == op {
				ops = append(ops[:i:i], ops[i+1:]...)
				break
			}
		}
		if len(ops) == 0 {
			delete(registry.ops, op.key)
		} else {
			registry.ops[op.key] = ops
		}
		registry.mu.Unlock()
	}
	op.cancel()
	pending.Add(-1)
}

// Complete calls the complete function with (v, err) the first time and returns true; every
// later call returns false and does nothing, from any goroutine. A panic in the complete
// function is recovered and dropped: it may or may not have called done, so it is never
// called again.
func (c *Completion[T]) Complete(v T, err error) bool {
	if c == nil || !c.completed.CompareAndSwap(false, true) {
		return false
	}
	c.op.finish()
	if c.complete != nil {
		func() {
			defer func() { _ = recover() }()
			c.complete(v, err)
		}()
	}
	return true
}

// Completed reports whether Complete has been called.
func (c *Completion[T]) Completed() bool {
	return c != nil && c.completed.Load()
}

// Run runs work(ctx) on the calling goroutine and completes with its result. A panic in work
// completes with the zero T and a *PanicError, and so does a work that ends its goroutine
// with runtime.Goexit (t.FailNow, say), with the value "operation exited without completing".
// Does nothing and returns false if already completed, without running work.
func (c *Completion[T]) Run(ctx context.Context, work func(context.Context) (T, error)) bool {
	if c.Completed() {
		return false
	}
	returned := false
	defer func() {
		if returned {
			return
		}
		p := recover()
		if p == nil { // runtime.Goexit: no panic value (a nil panic is a *runtime.PanicNilError)
			p = "operation exited without completing"
		}
		var zero T
		c.Complete(zero, &PanicError{Value: p})
	}()
	v, err := work(ctx)
	returned = true
	return c.Complete(v, err)
}

// Async starts an operation for user (Begin) and runs work on a new goroutine (Run): complete
// is called exactly once with work's result, or with a *PanicError if work panics. complete
// makes the done call, typically with one of the Complete functions, which report a
// *PanicError with their panicCode:
//
//	boundary.Async(user, work, func(v int32, err error) { boundary.CompleteResult(done, user, v, err) })
func Async[T any](user unsafe.Pointer, work func(ctx context.Context) (T, error), complete func(T, error)) {
	ctx, c := Begin(user, complete)
	go c.Run(ctx, work)
}

// Cancel cancels the context of the pending operation started with user (of each one, if
// several share it) and returns true, or returns false for a nil, unknown or finished user. It
// never waits for the operation. It is the whole body of the library's cancel export.
func Cancel(user unsafe.Pointer) bool {
	if user == nil {
		return false
	}
	registry.mu.Lock()
	ops := append([]*operation(nil), registry.ops[uintptr(user)]...)
	registry.mu.Unlock()
	for _, op := range ops {
		op.cancel()
	}
	return len(ops) > 0
}

// PendingOperations counts the operations begun and not yet completed in this library: tests
// use it to prove that every operation completed.
func PendingOperations() int {
	return int(pending.Load())
}
