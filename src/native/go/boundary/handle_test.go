package boundary

import (
	"sync"
	"sync/atomic"
	"testing"
)

type box struct{ n int }

// never is a handle number no test issues: cgo.Handle numbers count up from 1.
const never = ^uintptr(0) >> 1

func TestNewHandleValueRelease(t *testing.T) {
	before := LiveHandles()
	b := &box{n: 42}
	h := NewHandle(b)
	if h == 0 {
		t.Fatal("NewHandle returned 0, which callers treat as no object")
	}
	if got := LiveHandles(); got != before+1 {
		t.Fatalf("LiveHandles = %d after NewHandle, want %d", got, before+1)
	}
	got, ok := Value[*box](h)
	if !ok || got != b {
		t.Fatalf("Value = (%v, %v), want (%v, true)", got, ok, b)
	}
	if !Release(h) {
		t.Fatal("Release of a live handle returned false")
	}
	if got := LiveHandles(); got != before {
		t.Fatalf("LiveHandles = %d after Release, want %d", got, before)
	}
}

func TestDoubleReleaseReturnsFalse(t *testing.T) {
	before := LiveHandles()
	h := NewHandle(&box{})
	if !Release(h) {
		t.Fatal("first Release returned false")
	}
	if Release(h) {
		t.Fatal("second Release returned true")
	}
	if got := LiveHandles(); got != before {
		t.Fatalf("LiveHandles = %d, want %d: a failed release must not move the count", got, before)
	}
}

func TestInvalidHandlesNeverPanic(t *testing.T) {
	for _, h := range []uintptr{0, never, ^uintptr(0)} {
		if v, ok := Value[*box](h); ok || v != nil {
			t.Errorf("Value(%#x) = (%v, %v), want (nil, false)", h, v, ok)
		}
		if Release(h) {
			t.Errorf("Release(%#x) = true, want false", h)
		}
		if v, ok := Take[*box](h); ok || v != nil {
			t.Errorf("Take(%#x) = (%v, %v), want (nil, false)", h, v, ok)
		}
	}
}

func TestValueAfterReleaseIsInvalid(t *testing.T) {
	h := NewHandle(&box{})
	Release(h)
	if _, ok := Value[*box](h); ok {
		t.Fatal("Value of a released handle returned true")
	}
}

func TestWrongTypeGivesZeroAndKeepsTheHandle(t *testing.T) {
	h := NewHandle("a string, not a *box")
	defer Release(h)
	if v, ok := Value[*box](h); ok || v != nil {
		t.Fatalf("Value[*box] of a string = (%v, %v), want (nil, false)", v, ok)
	}
	if n, ok := Value[int](h); ok || n != 0 {
		t.Fatalf("Value[int] of a string = (%v, %v), want (0, false)", n, ok)
	}
	if v, ok := Take[*box](h); ok || v != nil {
		t.Fatalf("Take[*box] of a string = (%v, %v), want (nil, false)", v, ok)
	}
	if s, ok := Value[string](h); !ok || s != "a string, not a *box" {
		t.Fatalf("a wrong-type Take released the handle: Value[string] = (%q, %v)", s, ok)
	}
}

func TestTakeConsumes(t *testing.T) {
	before := LiveHandles()
	b := &box{n: 7}
	h := NewHandle(b)
	got, ok := Take[*box](h)
	if !ok || got != b {
		t.Fatalf("Take = (%v, %v), want (%v, true)", got, ok, b)
	}
	if _, ok := Take[*box](h); ok {
		t.Fatal("second Take succeeded")
	}
	if Release(h) {
		t.Fatal("Release after Take succeeded")
	}
	if got := LiveHandles(); got != before {
		t.Fatalf("LiveHandles = %d, want %d", got, before)
	}
}

func TestConcurrentTakesHaveOneWinner(t *testing.T) {
	const racers = 8
	for round := 0; round < 200; round++ {
		h := NewHandle(&box{n: round})
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < racers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, ok := Take[*box](h); ok {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		if got := wins.Load(); got != 1 {
			t.Fatalf("round %d: %d Takes succeeded, want exactly 1", round, got)
		}
	}
}
