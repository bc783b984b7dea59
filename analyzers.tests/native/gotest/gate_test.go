package main

import (
	"math"
	"sync"
	"testing"
	"time"
)

// hold starts gotest_counter_hold(c, id) on another goroutine and returns once the call waits at its gate.
func hold(c cuintptr, id int64) <-chan int64 {
	done := make(chan int64, 1)
	go func() { done <- int64(gotest_counter_hold(c, cint64(id))) }()
	for gotest_gate_waiting(cint64(id)) == 0 {
		time.Sleep(time.Millisecond)
	}
	return done
}

func TestAHeldCallReturnsOnlyOnceItsGateOpens(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(5)
	done := hold(c, 9001)
	select {
	case <-done:
		t.Fatal("the held call returned before its gate opened")
	case <-time.After(20 * time.Millisecond):
	}
	gotest_gate_open(9001)
	if got := <-done; got != 5 {
		t.Errorf("held call = %d, want 5", got)
	}
	gotest_counter_free(c)
	assertMoved(t, before, stats{0, 1, 0, 0})
}

func TestAGateOpenedFirstLetsTheCallThrough(t *testing.T) {
	c := gotest_counter_new(1)
	gotest_gate_open(9002)
	if got := gotest_counter_hold(c, 9002); got != 1 {
		t.Errorf("held call = %d, want 1", got)
	}
	gotest_counter_free(c)
}

func TestReleasingAHeldCounterIsABadUseWhenTheCallResumes(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(1)
	done := hold(c, 9003)
	gotest_counter_free(c)
	gotest_gate_open(9003)
	if got := <-done; got != math.MinInt64 {
		t.Errorf("held call = %d, want INT64_MIN", got)
	}
	assertMoved(t, before, stats{0, 1, 0, 1})
}

func TestConcurrentTouchesOfOneCounterAreCountedAndSerialOnesAreNot(t *testing.T) {
	c := gotest_counter_new(0)
	before := gotest_concurrent_uses()
	for i := 0; i < 50; i++ {
		gotest_counter_touch(c, 1)
	}
	if got := gotest_concurrent_uses(); got != before {
		t.Fatalf("serial touches counted %d concurrent uses", got-before)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 200; k++ {
				gotest_counter_touch(c, 1)
			}
		}()
	}
	wg.Wait()
	if gotest_concurrent_uses() == before {
		t.Error("four goroutines touching one Counter never collided")
	}
	if got := gotest_counter_get(c); got != 850 {
		t.Errorf("value = %d, want 850", got)
	}
	gotest_counter_free(c)
}

func TestCallBackWithoutACallbackReturnsTheValue(t *testing.T) {
	c := gotest_counter_new(42)
	if got := gotest_counter_call_back(c, nil, nil); got != 42 {
		t.Errorf("call back = %d, want 42", got)
	}
	gotest_counter_free(c)
}
