package boundary

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"boundaryanalyzers.dev/boundary/internal/ctest"
)

// waitPending waits (up to 30 s) for PendingOperations to come back to want.
func waitPending(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for PendingOperations() != want {
		if time.Now().After(deadline) {
			t.Fatalf("PendingOperations = %d, want %d", PendingOperations(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

// statusDone completes in the status shape on r (int32 result, error code 1, panic code 99).
func statusDone(r ctest.Rec) func(int32, error) {
	return func(v int32, err error) { CompleteStatus(ctest.CodeI32, r.User(), v, err, 1, 99) }
}

func TestAsyncCompletesOnceWithTheResult(t *testing.T) {
	before := PendingOperations()
	r := newRec(t)
	Async(r.User(), func(context.Context) (int32, error) { return 42, nil }, statusDone(r))
	waitCalls(t, r, 1)
	if r.Code() != 0 || r.I() != 42 {
		t.Errorf("done(%d, %d), want (0, 42)", r.Code(), r.I())
	}
	waitPending(t, before)
	time.Sleep(10 * time.Millisecond)
	if r.Calls() != 1 {
		t.Errorf("calls = %d", r.Calls())
	}
}

func TestAsyncPanicCompletesOnce(t *testing.T) {
	before := PendingOperations()
	r := newRec(t)
	read := lastErrorInDone(r)
	Async(r.User(), func(context.Context) (int32, error) { panic("boom 7") }, statusDone(r))
	waitCalls(t, r, 1)
	if msg, _ := read(); r.Code() != 99 || msg != "panic: boom 7" {
		t.Errorf("done(%d) with last error %q, want (99, \"panic: boom 7\")", r.Code(), msg)
	}
	waitPending(t, before)
	time.Sleep(10 * time.Millisecond)
	if r.Calls() != 1 {
		t.Errorf("calls = %d", r.Calls())
	}
}

func TestAsyncGoexitCompletesOnce(t *testing.T) {
	r := newRec(t)
	Async(r.User(), func(context.Context) (int32, error) {
		runtime.Goexit()
		return 1, nil
	}, func(v int32, err error) { CompleteResult(ctest.I32Ptr, r.User(), v, err) })
	waitCalls(t, r, 1)
	if got := takeCString(r.Extra()); got != "panic: operation exited without completing" {
		t.Errorf("message %q", got)
	}
}

func TestASecondCompleteIsRefused(t *testing.T) {
	before := PendingOperations()
	r := newRec(t)
	ctx, c := Begin(r.User(), statusDone(r))
	if PendingOperations() != before+1 || c.Completed() {
		t.Fatal("Begin did not count a pending operation")
	}
	if !c.Complete(1, nil) || c.Complete(2, nil) || c.Complete(3, errors.New("late")) {
		t.Error("Complete must succeed exactly once")
	}
	if c.Run(ctx, func(context.Context) (int32, error) { panic("not run") }) {
		t.Error("Run after completion")
	}
	if !c.Completed() || r.Calls() != 1 || r.I() != 1 {
		t.Errorf("calls %d, value %d", r.Calls(), r.I())
	}
	if ctx.Err() == nil {
		t.Error("the context outlived its operation")
	}
	if PendingOperations() != before {
		t.Error("pending count")
	}
}

func TestConcurrentCompletesCallDoneOnce(t *testing.T) {
	for round := 0; round < 200; round++ {
		r := ctest.New()
		_, c := Begin(r.User(), statusDone(r))
		var wins atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func(g int32) {
				defer wg.Done()
				<-start
				if c.Complete(g, nil) {
					wins.Add(1)
				}
			}(int32(g))
		}
		close(start)
		wg.Wait()
		if wins.Load() != 1 || r.Calls() != 1 {
			t.Fatalf("round %d: %d wins, %d calls", round, wins.Load(), r.Calls())
		}
		r.Free()
	}
}

func TestAPanickingCompleteFunctionIsContained(t *testing.T) {
	before := PendingOperations()
	_, c := Begin(nil, func(int32, error) { panic("in complete") })
	if !c.Complete(1, nil) || c.Complete(2, nil) {
		t.Error("Complete must succeed exactly once")
	}
	_, c = Begin[int32](nil, nil)
	if !c.Complete(1, nil) {
		t.Error("a nil complete function")
	}
	var nilCompletion *Completion[int]
	if nilCompletion.Complete(1, nil) || nilCompletion.Completed() {
		t.Error("nil *Completion")
	}
	if PendingOperations() != before {
		t.Error("pending count")
	}
}

func TestCancelBeforeTheWorkStarts(t *testing.T) {
	r := newRec(t)
	ctx, c := Begin(r.User(), func(v int32, err error) { CompleteResult(ctest.I32Ptr, r.User(), v, err) })
	if !Cancel(r.User()) || !Cancel(r.User()) {
		t.Fatal("Cancel of a pending operation returned false")
	}
	c.Run(ctx, func(ctx context.Context) (int32, error) { return 5, ctx.Err() })
	if got := takeCString(r.Extra()); r.Calls() != 1 || r.I() != 0 || got != "context canceled" {
		t.Errorf("done(%d, %q)", r.I(), got)
	}
}

func TestCancelDuringTheWorkIsPrompt(t *testing.T) {
	r := newRec(t)
	started := make(chan struct{})
	begin := time.Now()
	Async(r.User(), func(ctx context.Context) (int32, error) {
		close(started)
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(60 * time.Second):
			return 1, nil
		}
	}, statusDone(r))
	<-started
	if !Cancel(r.User()) {
		t.Fatal("Cancel returned false")
	}
	waitCalls(t, r, 1)
	if r.Code() != 1 || time.Since(begin) > 30*time.Second {
		t.Errorf("done(%d) after %v", r.Code(), time.Since(begin))
	}
}

func TestCancelAfterCompletionAndOfUnknownIsANoOp(t *testing.T) {
	r := newRec(t)
	Async(r.User(), func(context.Context) (int32, error) { return 3, nil }, statusDone(r))
	waitCalls(t, r, 1)
	if Cancel(r.User()) {
		t.Error("Cancel after completion returned true")
	}
	unknown := newRec(t)
	if Cancel(unknown.User()) || Cancel(nil) {
		t.Error("Cancel of an unknown or nil user_data returned true")
	}
	if r.Calls() != 1 || r.I() != 3 {
		t.Errorf("calls %d, value %d", r.Calls(), r.I())
	}
}

func TestCancelFromInsideDoneFindsNothing(t *testing.T) {
	r := newRec(t)
	var found atomic.Bool
	found.Store(true)
	r.Hook(func() { found.Store(Cancel(r.User())) })
	Async(r.User(), func(context.Context) (int32, error) { return 1, nil }, statusDone(r))
	waitCalls(t, r, 1)
	if found.Load() {
		t.Error("the operation was still registered while done ran")
	}
}

func TestOperationsSharingAUserDataAreCancelledTogether(t *testing.T) {
	before := PendingOperations()
	r := newRec(t)
	ctx1, c1 := Begin[int32](r.User(), nil)
	ctx2, c2 := Begin[int32](r.User(), nil)
	if !Cancel(r.User()) || ctx1.Err() == nil || ctx2.Err() == nil {
		t.Fatal("both must be cancelled")
	}
	c1.Complete(0, nil)
	ctx3, c3 := Begin[int32](r.User(), nil)
	if !Cancel(r.User()) || ctx3.Err() == nil {
		t.Fatal("the third must be found after the first completed")
	}
	c2.Complete(0, nil)
	c3.Complete(0, nil)
	if Cancel(r.User()) || PendingOperations() != before {
		t.Error("everything completed")
	}
	_, c := Begin[int32](nil, nil)
	if Cancel(nil) {
		t.Error("a nil user_data is never registered")
	}
	c.Complete(0, nil)
}

func TestConcurrentCancelAndCompletion(t *testing.T) {
	before := PendingOperations()
	const ops = 8
	for round := 0; round < 150; round++ {
		recs := make([]ctest.Rec, ops)
		users := make([]unsafe.Pointer, ops)
		for i := range recs {
			recs[i] = ctest.New()
			users[i] = recs[i].User()
		}
		stop := make(chan struct{})
		var cancellers sync.WaitGroup
		for g := 0; g < 2; g++ {
			cancellers.Add(1)
			go func() {
				defer cancellers.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					for _, u := range users {
						Cancel(u)
					}
				}
			}()
		}
		for i := range recs {
			spins := (round*7 + i*13) % 50
			i := i
			Async(users[i], func(ctx context.Context) (int32, error) {
				for s := 0; s < spins; s++ {
					if err := ctx.Err(); err != nil {
						return 0, err
					}
					runtime.Gosched()
				}
				return int32(i), nil
			}, statusDone(recs[i]))
		}
		for _, r := range recs {
			waitCalls(t, r, 1)
		}
		close(stop)
		cancellers.Wait()
		for i, r := range recs {
			if r.Calls() != 1 || !(r.Code() == 0 && r.I() == int64(i) || r.Code() == 1 && r.I() == 0) {
				t.Fatalf("round %d op %d: calls %d, done(%d, %d)", round, i, r.Calls(), r.Code(), r.I())
			}
		}
		waitPending(t, before)
		for _, r := range recs {
			r.Free()
		}
	}
}
