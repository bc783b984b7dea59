package boundary

import (
	"runtime/cgo"
	"sync/atomic"
)

// An atomic rather than a mutex: C# calls in from many OS threads at once, and the count
// is only a diagnostic, so nothing else needs to be consistent with it.
var live atomic.Int64

// NewHandle stores v and returns the handle to give to the caller, who owns it until it is
// passed to Release or Take. The handle is never 0, so 0 can mean "no object" on the C side.
func NewHandle(v any) uintptr {
	h := uintptr(cgo.NewHandle(v))
	live.Add(1)
	return h
}

// Value returns the value behind a live handle, borrowing it: the handle stays live.
// A zero, deleted or never issued handle, or a value that is not a T, gives (zero, false).
func Value[T any](h uintptr) (v T, ok bool) {
	if h == 0 {
		return v, false
	}
	stored, found := load(h)
	if !found {
		return v, false
	}
	v, ok = stored.(T)
	return v, ok
}

// Release deletes a live handle and reports whether it was live. It is safe to call with any
// number: releasing twice, releasing 0 or releasing a foreign number just returns false.
//
// cgo.Handle numbers are never reused, so a stale handle can never release a newer object,
// and of two concurrent releases of one handle exactly one returns true.
func Release(h uintptr) bool {
	if h == 0 || !remove(h) {
		return false
	}
	live.Add(-1)
	return true
}

// Take consumes a handle: it returns the value and releases the handle in one step.
// A handle whose value is not a T is left alone and gives (zero, false), so a library never
// releases an object of a kind it did not create. Of two concurrent Takes of one handle,
// exactly one succeeds.
func Take[T any](h uintptr) (v T, ok bool) {
	v, ok = Value[T](h)
	if !ok || !Release(h) {
		var zero T
		return zero, false
	}
	return v, true
}

// LiveHandles counts the handles created by NewHandle and not yet released. Each c-shared
// library links its own copy of this package, so the count is per library.
func LiveHandles() int64 {
	return live.Load()
}

// load and remove wrap the cgo.Handle methods, which panic on a handle that is not live;
// the recovered panic becomes a false result. Nothing else in them can panic.
func load(h uintptr) (v any, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = nil, false
		}
	}()
	return cgo.Handle(h).Value(), true
}

func remove(h uintptr) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	cgo.Handle(h).Delete()
	return true
}
