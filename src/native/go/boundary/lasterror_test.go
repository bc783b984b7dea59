package boundary

import (
	"errors"
	"runtime"
	"sync"
	"testing"
)

// Status and TakeLastError key the message by OS thread, so each test stays on one.

func takeString(t *testing.T) (string, bool) {
	t.Helper()
	p := TakeLastError()
	if p == nil {
		return "", false
	}
	defer FreeCString(p)
	return GoStringNUL(p), true
}

func TestStatusStoresAndTakeClears(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if got := Status(func() error { return NewError(3, "disk on fire") }, 1, 99); got != 3 {
		t.Fatalf("Status = %d, want 3", got)
	}
	if msg, ok := takeString(t); !ok || msg != "disk on fire" {
		t.Fatalf("TakeLastError = (%q, %v)", msg, ok)
	}
	if msg, ok := takeString(t); ok {
		t.Fatalf("second TakeLastError = %q, want nil: taking clears", msg)
	}
}

func TestStatusCodes(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if got := Status(func() error { return errors.New("plain") }, 1, 99); got != 1 {
		t.Errorf("plain error status = %d, want the default 1", got)
	}
	if got := Status(func() error { panic("boom 7") }, 1, 99); got != 99 {
		t.Errorf("panic status = %d, want 99", got)
	}
	if msg, _ := takeString(t); msg != "panic: boom 7" {
		t.Errorf("panic message = %q", msg)
	}
}

func TestSuccessKeepsAndSilentFailureClears(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	Status(func() error { return NewError(2, "first") }, 1, 99)
	if got := Status(func() error { return nil }, 1, 99); got != 0 {
		t.Fatalf("success status = %d", got)
	}
	if msg, _ := takeString(t); msg != "first" {
		t.Fatalf("after a success the message is %q, want the last failure's", msg)
	}
	Status(func() error { return NewError(2, "second") }, 1, 99)
	if got := Status(func() error { return NewError(1, "") }, 1, 99); got != 1 {
		t.Fatalf("silent failure status = %d", got)
	}
	if msg, ok := takeString(t); ok {
		t.Fatalf("after a silent failure TakeLastError = %q, want nil", msg)
	}
}

func TestStatusOut(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	out := int32(-1)
	if got := StatusOut(&out, func() (int32, error) { return 0, NewError(2, "division by zero") }, 1, 99); got != 2 || out != -1 {
		t.Fatalf("failure: status %d, out %d; out must not be written", got, out)
	}
	takeString(t)
	if got := StatusOut(&out, func() (int32, error) { return 7, nil }, 1, 99); got != 0 || out != 7 {
		t.Fatalf("success: status %d, out %d", got, out)
	}
	ran := false
	if got := StatusOut[int32](nil, func() (int32, error) { ran = true; return 1, nil }, 1, 99); got != 1 || ran {
		t.Fatalf("nil out: status %d, ran %v", got, ran)
	}
	if msg, _ := takeString(t); msg != "nil out pointer" {
		t.Fatalf("nil out message = %q", msg)
	}
}

func TestMessagesArePerThread(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for j := 0; j < 200; j++ {
				want := Errorf(int32(i+1), "thread %d call %d", i, j)
				Status(func() error { return want }, 1, 99)
				runtime.Gosched()
				p := TakeLastError()
				if got := GoStringNUL(p); got != want.Error() {
					errs <- got + " != " + want.Error()
					FreeCString(p)
					return
				}
				FreeCString(p)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestThreadMessages(t *testing.T) {
	var m threadMessages
	if _, ok := m.take(1); ok {
		t.Fatal("take from an empty store")
	}
	m.set(1, "a")
	m.set(2, "b")
	m.set(1, "c")
	if msg, ok := m.take(1); !ok || msg != "c" {
		t.Fatalf("take(1) = (%q, %v)", msg, ok)
	}
	m.set(2, "")
	if _, ok := m.take(2); ok {
		t.Fatal("set(\"\") must clear")
	}
	if len(m.msgs) != 0 {
		t.Fatalf("entries left behind: %v", m.msgs)
	}
}
