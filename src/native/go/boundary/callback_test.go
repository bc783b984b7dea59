package boundary

import (
	"math"
	"sync"
	"testing"
	"time"

	"boundaryanalyzers.dev/boundary/internal/ctest"
)

// newRec returns a recorder freed when the test ends.
func newRec(t *testing.T) ctest.Rec {
	t.Helper()
	r := ctest.New()
	t.Cleanup(r.Free)
	return r
}

// waitCalls waits (up to 30 s) until r has recorded n calls.
func waitCalls(t *testing.T, r ctest.Rec, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for r.Calls() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls after 30 s, want %d", r.Calls(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

type myInt32 int32 // a named type, as cgo's C.int32_t is

func TestCallEveryKind(t *testing.T) {
	r := newRec(t)
	u := r.User()
	check := func(name string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: wrong value recorded (i %d, u %d, d %v, p %p)", name, r.I(), r.U(), r.D(), r.P())
		}
	}
	Call(ctest.I8, u, int8(-5))
	check("int8", r.I() == -5)
	Call(ctest.I16, u, int16(-300))
	check("int16", r.I() == -300)
	Call(ctest.I32, u, myInt32(math.MinInt32))
	check("named int32", r.I() == math.MinInt32)
	Call(ctest.I64, u, int64(math.MaxInt64))
	check("int64", r.I() == math.MaxInt64)
	Call(ctest.U8, u, uint8(255))
	check("uint8", r.U() == 255)
	Call(ctest.U16, u, uint16(65535))
	check("uint16", r.U() == 65535)
	Call(ctest.U32, u, uint32(math.MaxUint32))
	check("uint32", r.U() == math.MaxUint32)
	Call(ctest.U64, u, uint64(math.MaxUint64))
	check("uint64", r.U() == math.MaxUint64)
	Call(ctest.Uptr, u, ^uintptr(0))
	check("uintptr", uintptr(r.U()) == ^uintptr(0))
	Call(ctest.F32, u, float32(1.5))
	check("float32", r.D() == 1.5)
	Call(ctest.F64, u, math.Pi)
	check("float64", r.D() == math.Pi)
	Call(ctest.Ptr, u, u)
	check("unsafe.Pointer", r.P() == u)
	if !CallVoid(ctest.Void, u) {
		t.Error("CallVoid returned false")
	}
	if got := r.Calls(); got != 13 {
		t.Errorf("calls = %d, want 13", got)
	}
}

func TestNilCallbacksAreRefused(t *testing.T) {
	r := newRec(t)
	if CallVoid(nil, r.User()) || Call(nil, r.User(), int32(1)) || CallString(nil, r.User(), "x") ||
		CallBytes(nil, r.User(), []byte{1}) {
		t.Error("a nil callback was reported as called")
	}
	if r.Calls() != 0 {
		t.Error("something was called")
	}
}

func TestCallStringLendsACopy(t *testing.T) {
	r := newRec(t)
	var seen string
	r.Hook(func() { seen = GoStringNUL(r.P()) }) // read during the call: it is freed after
	if !CallString(ctest.Ptr, r.User(), "h\u00e9llo\x00!") {
		t.Fatal("CallString returned false")
	}
	if seen != "h\u00e9llo\uFFFD!" {
		t.Errorf("callback saw %q", seen)
	}
}

func TestCallBytesLendsTheSlice(t *testing.T) {
	r := newRec(t)
	CallBytes(ctest.Span, r.User(), []byte{1, 2, 3})
	if b := r.Bytes(); r.N() != 3 || b[0] != 1 || b[2] != 3 || b[3] != 0 {
		t.Errorf("span (n %d) %v", r.N(), b)
	}
	CallBytes(ctest.Span, r.User(), []byte{})
	if r.N() != 0 || r.Extra() != nil {
		t.Errorf("empty span = (%p, %d), want (NULL, 0)", r.Extra(), r.N())
	}
}

func TestCallsFromManyGoroutines(t *testing.T) {
	const goroutines, calls = 16, 500
	r := newRec(t)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				Call(ctest.I64, r.User(), int64(i))
			}
		}()
	}
	wg.Wait()
	if got := r.Calls(); got != goroutines*calls {
		t.Errorf("calls = %d, want %d", got, goroutines*calls)
	}
}
