package main

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// The async registry: exactly-once completion, cancellation and the statistics, over Go
// completions (test files cannot use cgo, so the exports' C trampolines are exercised by the
// end-to-end tests). startWait is gotest_wait_async's logic.

// expectNone fails if anything arrives on ch within d.
func expectNone[T any](t *testing.T, ch <-chan T, d time.Duration) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected completion %v", v)
	case <-time.After(d):
	}
}

func TestACancelWakesAWaitOnce(t *testing.T) {
	var r asyncRegistry
	done := make(chan bool, 2)
	r.startWait(1, -1, func(cancelled bool) { done <- cancelled })
	if r.pending.Load() != 1 {
		t.Fatal("not pending")
	}
	expectNone(t, done, 20*time.Millisecond)
	r.cancel(1)
	r.cancel(1) // claimed by the first: an unknown cancel
	if cancelled := <-done; !cancelled {
		t.Fatal("completed as timed out")
	}
	expectNone(t, done, 20*time.Millisecond)
	r.cancel(1) // finished: unknown
	if r.pending.Load() != 0 || r.unknownCancels.Load() != 2 {
		t.Fatalf("pending %d, unknown cancels %d; want 0, 2", r.pending.Load(), r.unknownCancels.Load())
	}
}

func TestAWaitTimesOut(t *testing.T) {
	var r asyncRegistry
	done := make(chan bool, 2)
	r.startWait(2, 5*time.Millisecond, func(cancelled bool) { done <- cancelled })
	if cancelled := <-done; cancelled {
		t.Fatal("completed as cancelled")
	}
	r.cancel(2)
	if r.pending.Load() != 0 || r.unknownCancels.Load() != 1 {
		t.Fatalf("pending %d, unknown cancels %d; want 0, 1", r.pending.Load(), r.unknownCancels.Load())
	}
}

func TestACancelRacingATimeoutCompletesOnce(t *testing.T) {
	var r asyncRegistry
	const n = 200
	var completions, cancelledOnes atomic.Int64
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		key := uintptr(1000 + i)
		r.startWait(key, time.Duration(i%3)*time.Millisecond, func(cancelled bool) {
			completions.Add(1)
			if cancelled {
				cancelledOnes.Add(1)
			}
			wg.Done()
		})
		go r.cancel(key)
	}
	wg.Wait()
	time.Sleep(10 * time.Millisecond)
	if completions.Load() != n || r.pending.Load() != 0 {
		t.Fatalf("%d completions, %d pending; want %d, 0", completions.Load(), r.pending.Load(), n)
	}
	// Each cancel either claimed its wait (which then completed cancelled) or came too late.
	if cancelledOnes.Load()+r.unknownCancels.Load() != n {
		t.Fatalf("%d cancelled + %d unknown cancels != %d", cancelledOnes.Load(), r.unknownCancels.Load(), n)
	}
}

func TestACancelCompletesASyncCancelOperationInsideTheCancel(t *testing.T) {
	var r asyncRegistry
	completions := 0
	r.start(3, func() {
		r.completing()
		completions++
	})
	r.cancel(3)
	if completions != 1 || r.pending.Load() != 0 {
		t.Fatalf("%d completions, %d pending after the cancel returned; want 1, 0", completions, r.pending.Load())
	}
	r.cancel(3)
	if completions != 1 || r.unknownCancels.Load() != 1 {
		t.Fatalf("second cancel: %d completions, %d unknown", completions, r.unknownCancels.Load())
	}
}

func TestACancelLeavesAnOperationThatCannotBeCancelledAlone(t *testing.T) {
	var r asyncRegistry
	done := make(chan int, 2)
	r.startOp(4, 20, func(finish func()) {
		finish()
		done <- 1
	})
	r.cancel(4)
	if r.unknownCancels.Load() != 0 {
		t.Fatal("a pending operation's cancel counted unknown")
	}
	<-done
	expectNone(t, done, 10*time.Millisecond)
	r.cancel(4)
	if r.pending.Load() != 0 || r.unknownCancels.Load() != 1 {
		t.Fatalf("pending %d, unknown cancels %d; want 0, 1", r.pending.Load(), r.unknownCancels.Load())
	}
}

func TestOneCancelCancelsEveryWaitSharingItsUserData(t *testing.T) {
	var r asyncRegistry
	done := make(chan bool, 3)
	r.startWait(5, -1, func(c bool) { done <- c })
	r.startWait(5, -1, func(c bool) { done <- c })
	r.startOp(5, 30, func(finish func()) { finish(); done <- false })
	r.cancel(5)
	if !<-done || !<-done {
		t.Fatal("a wait was not cancelled")
	}
	if <-done {
		t.Fatal("the operation that cannot be cancelled was")
	}
	if r.pending.Load() != 0 || r.unknownCancels.Load() != 0 {
		t.Fatalf("pending %d, unknown cancels %d", r.pending.Load(), r.unknownCancels.Load())
	}
}

func TestRunAsyncDelays(t *testing.T) {
	ran := false
	runAsync(-1, func() { ran = true })
	if !ran {
		t.Fatal("a negative delay did not run before returning")
	}
	done := make(chan time.Duration, 1)
	start := time.Now()
	runAsync(15, func() { done <- time.Since(start) })
	if elapsed := <-done; elapsed < 15*time.Millisecond {
		t.Errorf("ran after %v, want at least 15ms", elapsed)
	}
}

func TestGuardStatusTurnsAPanicIntoCode99(t *testing.T) {
	status, result, msg := guardStatus(func() int32 { boom(7); return 1 })
	if status != 99 || result != 0 || msg != "panic: boom 7" {
		t.Fatalf("guardStatus = %d, %d, %q", status, result, msg)
	}
	if status, result, msg := guardStatus(func() int32 { return 5 }); status != 0 || result != 5 || msg != "" {
		t.Fatalf("guardStatus = %d, %d, %q", status, result, msg)
	}
}

// cancelTestToken is the user_data of TestTheCancelExportFindsTheWaitsOfTheLibrary.
var cancelTestToken byte

func TestTheCancelExportFindsTheWaitsOfTheLibrary(t *testing.T) {
	pending, unknown := gotest_async_pending(), gotest_cancels_unknown()
	// A user_data no other operation has, at an address that never moves: a new(byte) that does not escape lives
	// on the goroutine's stack, which Go moves when it grows, so the registered key and the cancelled one differed.
	token := &cancelTestToken
	done := make(chan bool, 1)
	asyncOps.startWait(uintptr(unsafe.Pointer(token)), -1, func(c bool) { done <- c })
	if gotest_async_pending() != pending+1 {
		t.Fatal("not pending")
	}
	gotest_cancel(unsafe.Pointer(token))
	if !<-done {
		t.Fatal("not cancelled")
	}
	gotest_cancel(unsafe.Pointer(token))
	gotest_cancel(nil)
	if gotest_async_pending() != pending || gotest_cancels_unknown() != unknown+2 {
		t.Fatalf("pending %d, unknown %d; want %d, %d", gotest_async_pending(), gotest_cancels_unknown(), pending, unknown+2)
	}
}

func TestCopyNameRefusesLikeTheSyncExports(t *testing.T) {
	p, n := bytesOf("Ann")
	if name, refused := copyName(p, csize(n)); name != "Ann" || refused != "" {
		t.Errorf("copyName = %q, %q", name, refused)
	}
	if _, refused := copyName(nil, 0); refused != "empty name" {
		t.Errorf("empty: %q", refused)
	}
	if _, refused := copyName(nil, 3); refused != "null pointer with length 3" {
		t.Errorf("null: %q", refused)
	}
}
