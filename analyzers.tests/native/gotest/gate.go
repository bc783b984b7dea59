package main

/*
#include <stdint.h>

typedef void (*gotest_gate_callback)(void* user_data, int64_t value);

// Go cannot call a C function pointer itself; this shim does.
static void gotest_gate_call(gotest_gate_callback callback, void* user_data, int64_t value) {
	callback(user_data, value);
}
*/
import "C"

import (
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// "Handle concurrency": the gotest_gate_* and gotest_counter_{hold,touch,call_back} exports.
//
// A test holds a borrowing call open inside Go (gotest_counter_hold blocks until the test opens
// its gate) to prove that a Dispose or a move waits for it, and detects concurrent use of one
// Counter (gotest_counter_touch is a slow mutating call that counts every time it finds another
// touch of the same Counter in flight) to prove that a handle declared not thread-safe is used by
// one call at a time. Both go through the registry, so a Counter released while one of these
// calls still uses it shows up as a bad use. This matches the Rust library.

// touchBusy is how long one touch keeps its Counter busy: long enough that unserialized touches
// from a few threads collide almost every time, short enough for thousands of touches per test.
const touchBusy = 20 * time.Microsecond

type gate struct{ entered, open bool }

// gates by the test's id: whether a held call has entered, and whether the test let it go.
var gates = struct {
	sync.Mutex
	cond *sync.Cond
	byID map[int64]*gate
}{byID: map[int64]*gate{}}

func init() { gates.cond = sync.NewCond(&gates.Mutex) }

// gateOf returns the gate with this id, creating it; gates must be locked.
func gateOf(id int64) *gate {
	g, ok := gates.byID[id]
	if !ok {
		g = &gate{}
		gates.byID[id] = g
	}
	return g
}

// inFlight counts the touches in flight per handle. Kept beside the registry, not in the
// counter, so the counter stays what every other export sees.
var (
	inFlight       sync.Map // uintptr → *atomic.Int64
	concurrentUses atomic.Int64
)

// gotest_counter_hold borrows h, tells the test it has entered (gotest_gate_waiting(id)), blocks
// until the test calls gotest_gate_open(id), then uses h again and returns its value. If h was
// released while the call was held, that use is a bad use and the result INT64_MIN.
//
//export gotest_counter_hold
func gotest_counter_hold(h C.uintptr_t, id C.int64_t) C.int64_t {
	if _, ok := borrow(uintptr(h)); !ok {
		return badHandle
	}
	gates.Lock()
	gateOf(int64(id)).entered = true
	gates.cond.Broadcast()
	for !gateOf(int64(id)).open {
		gates.cond.Wait()
	}
	gates.Unlock()
	c, ok := borrow(uintptr(h))
	if !ok {
		return badHandle
	}
	return C.int64_t(c.get())
}

// gotest_gate_waiting is 1 once a gotest_counter_hold call with this id has entered, else 0.
//
//export gotest_gate_waiting
func gotest_gate_waiting(id C.int64_t) C.uint8_t {
	gates.Lock()
	defer gates.Unlock()
	if g, ok := gates.byID[int64(id)]; ok && g.entered {
		return 1
	}
	return 0
}

// gotest_gate_open lets the held call with this id return (now, or as soon as it arrives).
//
//export gotest_gate_open
func gotest_gate_open(id C.int64_t) {
	gates.Lock()
	defer gates.Unlock()
	gateOf(int64(id)).open = true
	gates.cond.Broadcast()
}

// gotest_counter_touch is a mutating call that is not safe for concurrent use on one Counter:
// it keeps the Counter busy for a while, then adds delta and returns the new value. Finding
// another touch of the same Counter in flight counts one concurrent use.
//
//export gotest_counter_touch
func gotest_counter_touch(h C.uintptr_t, delta C.int64_t) C.int64_t {
	if _, ok := borrow(uintptr(h)); !ok {
		return badHandle
	}
	n, _ := inFlight.LoadOrStore(uintptr(h), new(atomic.Int64))
	busy := n.(*atomic.Int64)
	if busy.Add(1) != 1 {
		concurrentUses.Add(1)
	}
	for start := time.Now(); time.Since(start) < touchBusy; {
	}
	result := C.int64_t(badHandle)
	if c, ok := borrow(uintptr(h)); ok {
		result = C.int64_t(c.add(int64(delta)))
	}
	busy.Add(-1)
	return result
}

// gotest_concurrent_uses counts the touches that found another touch of the same Counter in
// flight, since load.
//
//export gotest_concurrent_uses
func gotest_concurrent_uses() C.int64_t { return C.int64_t(concurrentUses.Load()) }

// gotest_counter_call_back borrows h and, inside the call, calls callback(userData, value of h);
// then returns h's value as it is after the callback (INT64_MIN and a bad use if h was released
// meanwhile).
//
//export gotest_counter_call_back
func gotest_counter_call_back(h C.uintptr_t, callback C.gotest_gate_callback, userData unsafe.Pointer) C.int64_t {
	c, ok := borrow(uintptr(h))
	if !ok {
		return badHandle
	}
	if callback != nil {
		C.gotest_gate_call(callback, userData, C.int64_t(c.get()))
	}
	if c, ok = borrow(uintptr(h)); !ok {
		return badHandle
	}
	return C.int64_t(c.get())
}
