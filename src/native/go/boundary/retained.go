package boundary

import (
	"runtime"
	"sync"
	"unsafe"
)

// Retained callbacks. A callback the library keeps after the call returns (a subscription, a
// log sink) comes with a third C parameter, void (*release)(void* user_data), which the library
// calls exactly once when it will never call the callback again, after the last call has
// returned. Retained holds the three and enforces that: Invoke refuses to start a call once
// Release has begun, and the release function runs when the last call in flight returns.
//
// Calls in flight are tracked per OS thread (during a call into C the goroutine stays on its
// thread, and a callback that calls back into Go comes back on that same thread), so that
// Release can tell a call from inside the callback itself (the C# handler unsubscribing), which
// it must not wait for, from calls on other threads, which it waits for.

// Retained is a retained callback (fn, user, release). Its methods are safe for concurrent
// use; a nil *Retained refuses every call.
type Retained struct {
	fn, user, release unsafe.Pointer

	mu       sync.Mutex
	idle     sync.Cond       // broadcast whenever a call returns
	calls    map[uintptr]int // calls in flight, by OS thread
	running  int             // calls in flight in all
	closing  bool            // Release has begun: no new calls
	released bool            // release has been called (or is being called)
}

// NewRetained wraps a retained callback. A nil fn is refused, (nil, false), and release (if
// not nil) is called at once: the caller still expects exactly one release, and no call will
// ever come. A nil release means there is nothing to release.
func NewRetained(fn, user, release unsafe.Pointer) (*Retained, bool) {
	if fn == nil {
		CallVoid(release, user)
		return nil, false
	}
	r := &Retained{fn: fn, user: user, release: release, calls: make(map[uintptr]int)}
	r.idle.L = &r.mu
	return r, true
}

// Invoke runs call(fn, user), during which Release waits (unless called from inside the call),
// and returns true; false, without running call, once Release has begun. call makes the C call,
// with Call or a trampoline of the library's own:
//
//	r.Invoke(func(fn, user unsafe.Pointer) { boundary.Call(fn, user, C.int64_t(now)) })
//
// A panic in call goes on up to Invoke's caller, after the call has been accounted as ended.
func (r *Retained) Invoke(call func(fn, user unsafe.Pointer)) bool {
	if r == nil {
		return false
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := threadID()
	r.mu.Lock()
	if r.closing {
		r.mu.Unlock()
		return false
	}
	r.calls[tid]++
	r.running++
	r.mu.Unlock()
	defer r.leave(tid)
	call(r.fn, r.user)
	return true
}

// leave ends a call on thread tid; the last call to end after Release began calls release.
func (r *Retained) leave(tid uintptr) {
	r.mu.Lock()
	if r.calls[tid]--; r.calls[tid] == 0 {
		delete(r.calls, tid)
	}
	r.running--
	last := r.closing && r.running == 0 && !r.released
	if last {
		r.released = true
	}
	r.idle.Broadcast()
	r.mu.Unlock()
	if last {
		CallVoid(r.release, r.user)
	}
}

// Release stops new calls, waits for the calls in flight on other threads to return, and calls
// release(user), once: true the first time, false after (a later or concurrent Release still
// waits). So when it returns, no call of the callback is running or will start, and release has
// been called, with one exception: called from inside one of the callback's own calls, it
// cannot wait for that call (nor, to rule out two such calls waiting for each other, for the
// others), so it returns at once and release runs when the last call in flight returns.
func (r *Retained) Release() bool {
	if r == nil {
		return false
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := threadID()
	r.mu.Lock()
	first := !r.closing
	r.closing = true
	if r.calls[tid] == 0 {
		for r.running > 0 {
			r.idle.Wait()
		}
	}
	now := r.running == 0 && !r.released
	if now {
		r.released = true
	}
	r.mu.Unlock()
	if now {
		CallVoid(r.release, r.user)
	}
	return first
}

// Subscriptions is a set of retained callbacks, for a library's subscribe / unsubscribe
// exports: Subscribe returns a registration number (a handle, see NewHandle: never 0, never
// reused), Unsubscribe(number) releases it, and Invoke calls every subscriber. The zero value is
// an empty set, safe for concurrent use.
//
//	var ticks boundary.Subscriptions
//
//	//export clock_subscribe
//	func clock_subscribe(fn, user, release unsafe.Pointer) C.uintptr_t {
//		return C.uintptr_t(ticks.Subscribe(fn, user, release))
//	}
//
//	//export clock_unsubscribe
//	func clock_unsubscribe(h C.uintptr_t) { ticks.Unsubscribe(uintptr(h)) }
//
//	func tick(now int64) {
//		ticks.Invoke(func(fn, user unsafe.Pointer) { boundary.Call(fn, user, now) })
//	}
type Subscriptions struct {
	mu   sync.Mutex
	subs []subscription // in subscription order
}

type subscription struct {
	h uintptr
	r *Retained
}

// Subscribe adds a retained callback and returns its registration number; 0 for a nil fn,
// whose release has then been called (see NewRetained).
func (s *Subscriptions) Subscribe(fn, user, release unsafe.Pointer) uintptr {
	r, ok := NewRetained(fn, user, release)
	if !ok {
		return 0
	}
	h := NewHandle(r)
	s.mu.Lock()
	s.subs = append(s.subs, subscription{h, r})
	s.mu.Unlock()
	return h
}

// Unsubscribe removes a subscription and releases it (Retained.Release): when it returns, no
// call of that callback is running or will start (unless it is called from inside that
// callback). False, doing nothing, for 0, a number not from this set, or one already removed.
func (s *Subscriptions) Unsubscribe(h uintptr) bool {
	s.mu.Lock()
	var r *Retained
	for i, sub := range s.subs {
		if sub.h == h {
			r = sub.r
			s.subs = append(s.subs[:i:i], s.subs[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if r == nil {
		return false
	}
	Release(h)
	r.Release()
	return true
}

// Invoke runs call for every subscriber (see Retained.Invoke), in subscription order, outside
// the set's lock (so callbacks may subscribe and unsubscribe), and returns how many it called:
// a subscriber removed meanwhile is skipped.
func (s *Subscriptions) Invoke(call func(fn, user unsafe.Pointer)) int {
	s.mu.Lock()
	subs := append([]subscription(nil), s.subs...)
	s.mu.Unlock()
	n := 0
	for _, sub := range subs {
		if sub.r.Invoke(call) {
			n++
		}
	}
	return n
}

// Len counts the subscriptions.
func (s *Subscriptions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// Close unsubscribes everything (at library shutdown, say) and returns how many there were.
func (s *Subscriptions) Close() int {
	s.mu.Lock()
	subs := s.subs
	s.subs = nil
	s.mu.Unlock()
	for _, sub := range subs {
		Release(sub.h)
		sub.r.Release()
	}
	return len(subs)
}
