package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The registry of pending async operations ("Callbacks and async"), in plain Go so it can be
// tested without cgo. Every operation is registered under its user_data (several may share
// one) from its start to its first completion. Whoever removes an entry — the operation's own
// completion or a cancel — decides how it completes, so it completes exactly once.

// The status of a cancelled operation (with the last error "cancelled"), and the result of a
// wait that timed out (status 0).
const (
	statusCancelled int32 = 6
	waitTimedOut    int32 = 42
)

type asyncEntry struct {
	id uint64
	// onCancel is what a cancel does after claiming the entry: wake the operation, or complete
	// it right there. nil: the operation cannot be cancelled, and a cancel leaves it alone.
	onCancel func()
}

type asyncRegistry struct {
	mu     sync.Mutex
	ops    map[uintptr][]asyncEntry
	nextID uint64
	// Statistics read by the tests.
	pending        atomic.Int64 // started and not yet completed (the first completion counts)
	unknownCancels atomic.Int64 // cancels of a key with no pending operation
}

// asyncOp is a started operation, registered under its key until claimed.
type asyncOp struct {
	r   *asyncRegistry
	key uintptr
	id  uint64
}

// start registers an operation under key; onCancel nil means it cannot be cancelled.
func (r *asyncRegistry) start(key uintptr, onCancel func()) asyncOp {
	r.pending.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ops == nil {
		r.ops = make(map[uintptr][]asyncEntry)
	}
	r.nextID++
	r.ops[key] = append(r.ops[key], asyncEntry{r.nextID, onCancel})
	return asyncOp{r, key, r.nextID}
}

// claim unregisters the operation; false if a cancel claimed it first.
func (op asyncOp) claim() bool {
	r := op.r
	r.mu.Lock()
	defer r.mu.Unlock()
	entries := r.ops[op.key]
	for i, e := range entries {
		if e.id == op.id {
			entries = append(entries[:i:i], entries[i+1:]...)
			if len(entries) == 0 {
				delete(r.ops, op.key)
			} else {
				r.ops[op.key] = entries
			}
			return true
		}
	}
	return false
}

// completing says the first completion of an operation is about to be delivered. Called right
// before done, so a caller that awaits the completion then sees 0 pending.
func (r *asyncRegistry) completing() { r.pending.Add(-1) }

// cancel claims every cancellable operation registered under key and runs its onCancel, outside
// the lock (it may call back into the library). Operations that cannot be cancelled are left
// alone; a key with no pending operation (unknown, or finished) counts an unknown cancel. It
// never waits for an operation.
func (r *asyncRegistry) cancel(key uintptr) {
	r.mu.Lock()
	entries, found := r.ops[key]
	var claimed []func()
	var keep []asyncEntry
	for _, e := range entries {
		if e.onCancel != nil {
			claimed = append(claimed, e.onCancel)
		} else {
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		delete(r.ops, key)
	} else {
		r.ops[key] = keep
	}
	r.mu.Unlock()
	if !found {
		r.unknownCancels.Add(1)
		return
	}
	for _, onCancel := range claimed {
		onCancel()
	}
}

// runAsync runs work synchronously when delayMs < 0, else on a new goroutine after sleeping
// delayMs (none for 0). The goroutine is locked to its OS thread, one Go created, so the last
// error work sets and the done it calls are on the same thread.
func runAsync(delayMs int32, work func()) {
	if delayMs < 0 {
		work()
		return
	}
	go func() {
		runtime.LockOSThread() // for good: the thread ends with the goroutine (see onThreads)
		if delayMs > 0 {
			time.Sleep(time.Duration(delayMs) * time.Millisecond)
		}
		work()
	}()
}

// startOp starts an operation under key that cannot be cancelled, and runs complete after the
// delay (runAsync). complete computes the completion values, calls finish, then calls done.
func (r *asyncRegistry) startOp(key uintptr, delayMs int32, complete func(finish func())) {
	op := r.start(key, nil)
	runAsync(delayMs, func() {
		complete(func() {
			op.claim()
			r.completing()
		})
	})
}

// startWait registers a wait under key and returns; a goroutine locked to its OS thread waits
// until the key is cancelled or timeout passes (negative: no timeout), unregisters it, and
// calls complete(cancelled) once.
func (r *asyncRegistry) startWait(key uintptr, timeout time.Duration, complete func(cancelled bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	op := r.start(key, cancel)
	go func() {
		runtime.LockOSThread() // for good: the thread ends with the goroutine (see onThreads)
		defer cancel()
		var expired <-chan time.Time
		if timeout >= 0 {
			t := time.NewTimer(timeout)
			defer t.Stop()
			expired = t.C
		}
		cancelled := true
		select {
		case <-ctx.Done():
		case <-expired:
			// Still registered: this goroutine claims it. Otherwise a cancel claimed it.
			cancelled = !op.claim()
		}
		r.completing()
		complete(cancelled)
	}()
}

// guardStatus runs work; a panic becomes status codePanic with the message
// "panic: <value>" (fmt.Sprint), which the caller sets as the last error.
func guardStatus(work func() int32) (status, result int32, msg string) {
	defer func() {
		if v := recover(); v != nil {
			status, result, msg = codePanic, 0, "panic: "+fmt.Sprint(v)
		}
	}()
	return 0, work(), ""
}

var (
	asyncOps     asyncRegistry
	strayThreads atomic.Int64 // goroutines of gotest_add_async_twice yet to return from their stray done
)
