package main

// #include <stdint.h>
import "C"

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// Status codes whose message is read from the handle, not the thread (sqlite3_errmsg(db)), and
// success codes other than 0 (SQLITE_ROW / SQLITE_DONE). Each Counter owns the message of its
// most recent checked call; gotest_counter_errmsg lends it out. None of these touches the
// thread's last error.

const (
	statusBadHandle C.int32_t = 2 // a handle neither live nor global (counted as a bad use)
	statusOverflow  C.int32_t = 4
	statusBadLimit  C.int32_t = 5
	statusRow       C.int32_t = 100
	statusDone      C.int32_t = 101
)

// Borrowed messages: allocated once at load, never freed.
var (
	notAnError   = boundary.CString("not an error")
	badHandleMsg = boundary.CString("bad handle")
)

// liveMessages counts the Counter messages in C memory, so a test can prove that releasing a
// Counter frees its message.
var liveMessages atomic.Int64

// setMessage replaces the Counter's message ("" for success). The old one is freed, which is
// why a pointer from gotest_counter_errmsg is only valid until the next call on the Counter.
// A Counter released meanwhile (by a racing call) keeps no message, so none can leak.
func (c *counter) setMessage(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.freeMessageLocked()
	if msg != "" && !c.released {
		c.msg = boundary.CString(msg)
		liveMessages.Add(1)
	}
}

// dropMessage frees the message of a Counter being released, for good.
func (c *counter) dropMessage() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.freeMessageLocked()
	c.released = true
}

func (c *counter) freeMessageLocked() {
	if c.msg != nil {
		boundary.FreeCString(c.msg)
		c.msg = nil
		liveMessages.Add(-1)
	}
}

func (c *counter) messagePtr() *C.char {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.msg == nil {
		return (*C.char)(notAnError)
	}
	return (*C.char)(c.msg)
}

// checkedAdd adds unless the sum overflows: (new value, true), or (value unchanged, false).
func (c *counter) checkedAdd(delta int64) (int64, bool) {
	for {
		old := c.value.Load()
		sum := old + delta
		if (delta > 0 && sum < old) || (delta < 0 && sum > old) {
			return old, false
		}
		if c.value.CompareAndSwap(old, sum) {
			return sum, true
		}
	}
}

// gotest_counter_checked_add is 0, or statusOverflow with the Counter's message
// "overflow adding <delta> to <value>" and the value unchanged. Success clears the message.
//
//export gotest_counter_checked_add
func gotest_counter_checked_add(h C.uintptr_t, delta C.int64_t) C.int32_t {
	c, ok := borrow(uintptr(h))
	if !ok {
		return statusBadHandle
	}
	if value, ok := c.checkedAdd(int64(delta)); !ok {
		c.setMessage(fmt.Sprintf("overflow adding %d to %d", int64(delta), value))
		return statusOverflow
	}
	c.setMessage("")
	return 0
}

// gotest_counter_errmsg lends out the Counter's message: "not an error" when its last checked
// call succeeded or there was none; the static "bad handle" for a bad handle.
//
//export gotest_counter_errmsg
func gotest_counter_errmsg(h C.uintptr_t) *C.char {
	c, ok := borrow(uintptr(h))
	if !ok {
		return (*C.char)(badHandleMsg)
	}
	return c.messagePtr()
}

// gotest_counter_step adds 1, then returns statusRow while the value is below limit and
// statusDone once it reaches it. limit <= 0 adds nothing: statusBadLimit, with the Counter's
// message "limit must be positive".
//
//export gotest_counter_step
func gotest_counter_step(h C.uintptr_t, limit C.int64_t) C.int32_t {
	c, ok := borrow(uintptr(h))
	if !ok {
		return statusBadHandle
	}
	if limit <= 0 {
		c.setMessage("limit must be positive")
		return statusBadLimit
	}
	c.setMessage("")
	if c.add(1) < int64(limit) {
		return statusRow
	}
	return statusDone
}

// goStringAt reads a borrowed message, for the tests (which cannot use C.GoString).
func goStringAt(p *C.char) string { return boundary.GoStringNUL(unsafe.Pointer(p)) }
