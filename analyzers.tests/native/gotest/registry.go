package main

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// The Counter registry: which Counter handles are live, and what went wrong so far.
//
// cgo.Handle numbers are never reused, so unlike a registry of raw pointers this one can tell
// every stale handle from a live one: a double free, a use after free or a foreign number is
// counted instead of touching any object.

// counter is the object behind a Counter handle. Atomic because the C# tests add to one
// Counter, and to the global one, from many OS threads at once.
type counter struct {
	value atomic.Int64
	// The message of the Counter's most recent checked call (counter_status.go), in C memory
	// because gotest_counter_errmsg lends it to C; nil when that call succeeded or there was
	// none. Owned by the Counter and freed when it is released.
	mu       sync.Mutex
	msg      unsafe.Pointer
	released bool
}

func (c *counter) get() int64 { return c.value.Load() }

// add wraps on overflow and returns the value this add produced, even under concurrent adds.
func (c *counter) add(delta int64) int64 { return c.value.Add(delta) }

// badHandle is what every operation on a handle that is neither live nor global returns.
const badHandle = -1 << 63

// Statistics read by the tests. Each is an independent atomic: nothing is published through
// them, and C# reads them only between calls.
var (
	liveCounters  atomic.Int64
	releasedTotal atomic.Int64
	badReleases   atomic.Int64
	badUses       atomic.Int64
)

// globalCounter is the process-wide Counter, owned by the library and created once at load.
// It is a real handle, so borrowing it goes through the same lookup as any Counter, but it is
// never counted live and consume refuses it by number before anything is deleted.
var globalCounter = boundary.NewHandle(new(counter))

// newCounter creates a Counter owned by the caller.
func newCounter(start int64) uintptr {
	c := new(counter)
	c.value.Store(start)
	liveCounters.Add(1)
	return boundary.NewHandle(c)
}

// borrow returns the Counter behind a live or the global handle; anything else counts a bad
// use. A Counter released by another thread mid-call stays valid memory (the garbage collector
// keeps it), so a racing borrow can never corrupt anything.
func borrow(h uintptr) (*counter, bool) {
	c, ok := boundary.Value[*counter](h)
	if !ok {
		badUses.Add(1)
	}
	return c, ok
}

// consume takes ownership of the Counter behind a live handle and releases the handle;
// anything else (0, already released, global, foreign) counts a bad release and is ignored.
func consume(h uintptr) (*counter, bool) {
	if h == globalCounter {
		badReleases.Add(1)
		return nil, false
	}
	c, ok := boundary.Take[*counter](h)
	if !ok {
		badReleases.Add(1)
		return nil, false
	}
	liveCounters.Add(-1)
	releasedTotal.Add(1)
	c.dropMessage()
	return c, true
}

// merge consumes from first, whatever happens to into: the caller gave it away, and keeping it
// would leak it. So into == from releases the Counter and then counts into as a bad use, and a
// bad from counts a bad release and leaves into unchanged. This matches the Rust library.
func merge(into, from uintptr) int64 {
	src, fromOK := consume(from)
	dst, intoOK := borrow(into)
	if !fromOK || !intoOK {
		return badHandle
	}
	return dst.add(src.get())
}
