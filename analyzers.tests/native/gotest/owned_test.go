package main

import (
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

func TestOwnedRegistry(t *testing.T) {
	var r owned
	var released []unsafe.Pointer
	release := func(p unsafe.Pointer) { released = append(released, p) }
	a, b := new(int64), new(int64)
	pa, pb := unsafe.Pointer(a), unsafe.Pointer(b)
	if r.add(nil) != nil || r.count() != 0 {
		t.Fatal("nil was registered")
	}
	if r.add(pa) != pa || r.add(pb) != pb || r.count() != 2 {
		t.Fatalf("count after two adds = %d", r.count())
	}
	r.free(nil, release)
	r.free(pa, release)
	r.free(pa, release)
	r.free(unsafe.Add(pb, 1), release)
	if r.count() != 1 || r.badFrees() != 2 || len(released) != 1 || released[0] != pa {
		t.Fatalf("count %d, bad %d, released %v: want 1, 2, [a]", r.count(), r.badFrees(), released)
	}
	r.free(pb, release)
	if r.count() != 0 || len(released) != 2 {
		t.Fatalf("count %d, released %v", r.count(), released)
	}
}

func TestOwnedConcurrentFreesReleaseOnce(t *testing.T) {
	var r owned
	for round := 0; round < 100; round++ {
		p := unsafe.Pointer(new(int64))
		r.add(p)
		var releases atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.free(p, func(unsafe.Pointer) { releases.Add(1) })
			}()
		}
		wg.Wait()
		if releases.Load() != 1 {
			t.Fatalf("round %d: %d releases", round, releases.Load())
		}
	}
	if r.badFrees() != 700 || r.count() != 0 {
		t.Fatalf("bad frees %d, live %d; want 700, 0", r.badFrees(), r.count())
	}
}
