package main

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// owned is a registry of the C allocations the library has handed out and not yet seen
// freed: owned strings, owned buffers and error records each have one. Unlike cgo.Handle
// numbers, C addresses are reused after free, so a stale pointer that happens to equal a newer
// live allocation cannot be told apart from it; every other bad free (double free, foreign or
// borrowed pointer, a pointer into the middle of an allocation) is counted and never reaches
// C free.
type owned struct {
	mu   sync.Mutex
	live map[uintptr]struct{}
	bad  atomic.Int64
}

// add records p as handed out and returns it, so an export can register on the way out in
// one expression. nil is not recorded: there is nothing to free.
func (r *owned) add(p unsafe.Pointer) unsafe.Pointer {
	if p == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.live == nil {
		r.live = make(map[uintptr]struct{})
	}
	r.live[uintptr(p)] = struct{}{}
	return p
}

// free releases p with release if it is live and forgets it; nil is a no-op; anything else
// counts a bad free and is otherwise ignored. p is forgotten before it is released, so of two
// concurrent frees of one pointer exactly one releases it, and an allocation reusing the
// address can be registered as soon as the memory is free.
func (r *owned) free(p unsafe.Pointer, release func(unsafe.Pointer)) {
	if p == nil {
		return
	}
	r.mu.Lock()
	_, ok := r.live[uintptr(p)]
	delete(r.live, uintptr(p))
	r.mu.Unlock()
	if !ok {
		r.bad.Add(1)
		return
	}
	release(p)
}

// count is the number of live allocations.
func (r *owned) count() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int64(len(r.live))
}

// badFrees is the number of frees of a pointer that was not live.
func (r *owned) badFrees() int64 { return r.bad.Load() }

var (
	ownedStrings owned // owned char*, error messages of shapes 1 and 2 included
	ownedBuffers owned // owned boundary_buffer pointers
	ownedErrors  owned // boundary_error records (each owns its message, not in ownedStrings)
)
