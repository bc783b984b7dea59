package main

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// The registry behind the "Buffer free shapes": every buffer handed out is recorded with its
// length, its capacity and the free function it belongs to, so a free that does not match all
// of them (unknown pointer, freed twice, wrong length, wrong capacity, wrong free function) is
// counted and never reaches C free. The buffer then stays live, so a later correct free still
// succeeds. In plain Go, so it can be tested without cgo.

// shapeKind is the free function a buffer belongs to.
type shapeKind int

const (
	kindBytesP   shapeKind = iota + 1 // gotest_bytes_free_p(ptr)
	kindBytesPl                       // gotest_bytes_free_pl(ptr, len)
	kindBytesPlc                      // gotest_bytes_free_plc(ptr, len, cap)
	kindU32sPl                        // gotest_u32s_free_pl(ptr, len in elements)
)

// shapeEntry is what the registry knows about a live buffer; len and cap are in elements.
type shapeEntry struct {
	kind     shapeKind
	len, cap uintptr
}

// freeClaim is what a free function says about the buffer it frees. A free function that does
// not take the length (or the capacity) claims nothing about it.
type freeClaim struct {
	kind           shapeKind
	len, cap       uintptr
	hasLen, hasCap bool
}

func (c freeClaim) matches(e shapeEntry) bool {
	return c.kind == e.kind && (!c.hasLen || c.len == e.len) && (!c.hasCap || c.cap == e.cap)
}

// empty reports whether the claim is about the empty buffer (null, 0[, 0]).
func (c freeClaim) empty() bool { return c.len == 0 && c.cap == 0 }

type shapeRegistry struct {
	mu   sync.Mutex
	live map[uintptr]shapeEntry
	bad  atomic.Int64
}

// add records p as handed out; nil (the empty buffer) is not recorded.
func (r *shapeRegistry) add(p unsafe.Pointer, e shapeEntry) {
	if p == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.live == nil {
		r.live = make(map[uintptr]shapeEntry)
	}
	r.live[uintptr(p)] = e
}

// free releases p with release if it is live and the claim matches it, and forgets it. The
// empty buffer (nil with a zero length and capacity) is a no-op; anything else counts a bad
// free and is otherwise ignored. p is forgotten before it is released, so of two concurrent
// frees of one pointer exactly one releases it.
func (r *shapeRegistry) free(p unsafe.Pointer, claim freeClaim, release func(unsafe.Pointer)) {
	if p == nil && claim.empty() {
		return
	}
	r.mu.Lock()
	e, ok := r.live[uintptr(p)]
	ok = ok && claim.matches(e)
	if ok {
		delete(r.live, uintptr(p))
	}
	r.mu.Unlock()
	if !ok {
		r.bad.Add(1)
		return
	}
	release(p)
}

func (r *shapeRegistry) count() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int64(len(r.live))
}

func (r *shapeRegistry) badFrees() int64 { return r.bad.Load() }

var shapeBuffers shapeRegistry
