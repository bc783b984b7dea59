package boundary

import (
	"sync"
	"testing"
	"time"
	"unsafe"

	"boundaryanalyzers.dev/boundary/internal/ctest"
)

// callI64 is an Invoke body calling an int64 callback with v.
func callI64(v int64) func(fn, user unsafe.Pointer) {
	return func(fn, user unsafe.Pointer) { Call(fn, user, v) }
}

func TestNewRetainedRefusesNilAndReleasesAtOnce(t *testing.T) {
	r := newRec(t)
	if rc, ok := NewRetained(nil, r.User(), ctest.Release); ok || rc != nil {
		t.Fatal("a nil callback was accepted")
	}
	if r.Releases() != 1 {
		t.Errorf("releases = %d, want 1", r.Releases())
	}
	if _, ok := NewRetained(nil, r.User(), nil); ok {
		t.Fatal("a nil callback was accepted")
	}
	var nilRetained *Retained
	if nilRetained.Invoke(callI64(1)) || nilRetained.Release() {
		t.Error("a nil *Retained must refuse")
	}
}

func TestRetainedIsReleasedExactlyOnce(t *testing.T) {
	r := newRec(t)
	rc, ok := NewRetained(ctest.I64, r.User(), ctest.Release)
	if !ok || !rc.Invoke(callI64(5)) || r.I() != 5 {
		t.Fatal("Invoke did not call")
	}
	if r.Releases() != 0 {
		t.Fatal("released early")
	}
	if !rc.Release() || rc.Release() {
		t.Error("Release must return true exactly once")
	}
	if r.Releases() != 1 {
		t.Errorf("releases = %d", r.Releases())
	}
	if rc.Invoke(callI64(6)) || r.Calls() != 1 {
		t.Error("a call after Release")
	}
	// A nil release is nothing to call.
	rc, _ = NewRetained(ctest.I64, r.User(), nil)
	rc.Invoke(callI64(1))
	rc.Release()
}

func TestRetainedCalledFromManyGoroutinesThenReleased(t *testing.T) {
	const goroutines, calls = 8, 500
	r := newRec(t)
	rc, _ := NewRetained(ctest.I64, r.User(), ctest.Release)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				rc.Invoke(callI64(int64(i)))
			}
		}()
	}
	wg.Wait()
	rc.Release()
	if r.Calls() != goroutines*calls || r.Releases() != 1 || r.Late() != 0 {
		t.Errorf("calls %d, releases %d, late %d", r.Calls(), r.Releases(), r.Late())
	}
}

func TestReleaseWaitsForCallsInFlight(t *testing.T) {
	r := newRec(t)
	rc, _ := NewRetained(ctest.I64, r.User(), ctest.Release)
	inCall, unblock := make(chan struct{}), make(chan struct{})
	r.Hook(func() {
		close(inCall)
		<-unblock
	})
	go rc.Invoke(callI64(1))
	<-inCall
	released := make(chan bool)
	go func() { released <- rc.Release() }()
	select {
	case <-released:
		t.Fatal("Release returned while a call was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	if r.Releases() != 0 {
		t.Fatal("released during a call")
	}
	close(unblock)
	if !<-released {
		t.Error("the first Release returned false")
	}
	if r.Releases() != 1 || r.Late() != 0 {
		t.Errorf("releases %d, late %d", r.Releases(), r.Late())
	}
}

func TestReleaseFromInsideTheCallbackDoesNotWait(t *testing.T) {
	r := newRec(t)
	rc, _ := NewRetained(ctest.I64, r.User(), ctest.Release)
	var first bool
	var releasesDuringCall int64 = -1
	r.Hook(func() {
		first = rc.Release() // the C# handler unsubscribing itself: must not deadlock
		releasesDuringCall = r.Releases()
	})
	if !rc.Invoke(callI64(1)) {
		t.Fatal("Invoke refused")
	}
	if !first || releasesDuringCall != 0 {
		t.Errorf("Release inside the call: first %v, releases during the call %d", first, releasesDuringCall)
	}
	if r.Releases() != 1 || r.Late() != 0 {
		t.Errorf("after the call: releases %d, late %d", r.Releases(), r.Late())
	}
}

func TestConcurrentReleaseAndInvoke(t *testing.T) {
	for round := 0; round < 100; round++ {
		r := ctest.New()
		rc, _ := NewRetained(ctest.I64, r.User(), ctest.Release)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for rc.Invoke(callI64(1)) {
				}
			}()
		}
		time.Sleep(time.Duration(round%5) * 100 * time.Microsecond)
		rc.Release()
		calls := r.Calls()
		wg.Wait()
		if r.Releases() != 1 || r.Late() != 0 || r.Calls() != calls {
			t.Fatalf("round %d: releases %d, late %d, calls %d then %d", round, r.Releases(), r.Late(), calls, r.Calls())
		}
		r.Free()
	}
}

func TestSubscriptions(t *testing.T) {
	handles := LiveHandles()
	var s Subscriptions
	a, b := newRec(t), newRec(t)
	ha := s.Subscribe(ctest.I64, a.User(), ctest.Release)
	hb := s.Subscribe(ctest.I64, b.User(), ctest.Release)
	if ha == 0 || hb == 0 || ha == hb || s.Len() != 2 {
		t.Fatalf("handles %d, %d; len %d", ha, hb, s.Len())
	}
	if n := s.Invoke(callI64(7)); n != 2 || a.I() != 7 || b.I() != 7 {
		t.Errorf("Invoke called %d", n)
	}
	if !s.Unsubscribe(ha) || s.Unsubscribe(ha) || a.Releases() != 1 {
		t.Error("Unsubscribe must release exactly once")
	}
	if n := s.Invoke(callI64(8)); n != 1 || a.I() != 7 || b.I() != 8 {
		t.Errorf("after unsubscribe Invoke called %d", n)
	}
	foreign := NewHandle(&box{})
	if s.Unsubscribe(0) || s.Unsubscribe(foreign) || s.Unsubscribe(never) {
		t.Error("Unsubscribe of a number not from the set")
	}
	if _, ok := Value[*box](foreign); !ok {
		t.Error("a foreign handle was released")
	}
	Release(foreign)
	if h := s.Subscribe(nil, a.User(), ctest.Release); h != 0 || a.Releases() != 2 {
		t.Errorf("nil callback: handle %d, releases %d", h, a.Releases())
	}
	if s.Close() != 1 || s.Len() != 0 || b.Releases() != 1 {
		t.Error("Close must release everything")
	}
	if LiveHandles() != handles {
		t.Errorf("LiveHandles = %d, want %d", LiveHandles(), handles)
	}
}

func TestUnsubscribeFromInsideTheCallback(t *testing.T) {
	var s Subscriptions
	r := newRec(t)
	var h uintptr
	r.Hook(func() { s.Unsubscribe(h) })
	h = s.Subscribe(ctest.I64, r.User(), ctest.Release)
	if n := s.Invoke(callI64(1)); n != 1 {
		t.Fatalf("Invoke called %d", n)
	}
	if s.Len() != 0 || r.Releases() != 1 || s.Invoke(callI64(2)) != 0 || r.Calls() != 1 {
		t.Errorf("len %d, releases %d, calls %d", s.Len(), r.Releases(), r.Calls())
	}
}

func TestUnsubscribeWaitsForACallInFlight(t *testing.T) {
	var s Subscriptions
	r := newRec(t)
	inCall, unblock := make(chan struct{}), make(chan struct{})
	var once sync.Once
	r.Hook(func() {
		once.Do(func() { close(inCall) })
		<-unblock
	})
	h := s.Subscribe(ctest.I64, r.User(), ctest.Release)
	go s.Invoke(callI64(1))
	<-inCall
	done := make(chan struct{})
	go func() {
		s.Unsubscribe(h)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("Unsubscribe returned while the callback ran")
	case <-time.After(50 * time.Millisecond):
	}
	close(unblock)
	<-done
	if r.Releases() != 1 || r.Late() != 0 {
		t.Errorf("releases %d, late %d", r.Releases(), r.Late())
	}
}
