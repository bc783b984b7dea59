package main

// #include "callbacks.h"
import "C"

import (
	"runtime"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// "Callbacks and async", an event bus: a callback retained from gotest_bus_subscribe until the
// Subscription handle it returns is freed. After gotest_subscription_free returns, that
// callback is never called again, even by a publish running on another thread: freeing waits
// for deliveries in flight on other threads. A callback may itself subscribe, free
// Subscriptions (its own included), publish or free the bus: the delivery lock is reentrant
// on the OS thread that holds it, and every subscriber is checked again right before its call.
//
// Bus and Subscription handles are numbered by runtime/cgo (so a number never collides with a
// Counter's or any other handle's, and is never reused) and looked up in typed tables, so a
// stale, foreign or wrong-kind handle is counted and never touches anything. A Subscription
// keeps its bus state alive (a Go pointer), so freeing it after its bus is safe; a freed bus
// delivers nothing more. This matches the Rust library.

// reentrantLock is held by one OS thread at a time (identified by the caller: pthread_self),
// which may take it again; others wait.
type reentrantLock struct {
	mu       sync.Mutex
	released *sync.Cond
	owner    uintptr
	depth    int
}

func (l *reentrantLock) lock(self uintptr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released == nil {
		l.released = sync.NewCond(&l.mu)
	}
	for l.depth > 0 && l.owner != self {
		l.released.Wait()
	}
	l.owner = self
	l.depth++
}

func (l *reentrantLock) unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.depth--
	if l.depth == 0 {
		l.owner = 0
		l.released.Broadcast()
	}
}

type subscriber struct {
	id      uint64
	deliver func(value int32)
}

// busState is what a bus handle, its Subscriptions and its publisher goroutines share.
type busState struct {
	// Held for the whole of a delivery, and by whatever stops deliveries (a Subscription or
	// bus free), which therefore waits for deliveries in flight on other threads.
	delivery reentrantLock
	// Guards subs and closed; held only briefly, never during a callback.
	mu     sync.Mutex
	subs   []subscriber
	closed bool
	nextID uint64
}

func (b *busState) subscribe(deliver func(int32)) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	b.subs = append(b.subs, subscriber{b.nextID, deliver})
	return b.nextID
}

// unsubscribe removes the subscriber; once it returns, deliver is never called again.
func (b *busState) unsubscribe(self uintptr, id uint64) {
	b.delivery.lock(self)
	defer b.delivery.unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, s := range b.subs {
		if s.id == id {
			b.subs = append(b.subs[:i:i], b.subs[i+1:]...)
			return
		}
	}
}

// close stops every delivery; once it returns, no subscriber is called again.
func (b *busState) close(self uintptr) {
	b.delivery.lock(self)
	defer b.delivery.unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
}

func (b *busState) isClosed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

func (b *busState) count() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return int64(len(b.subs))
}

// current returns the subscriber with this id if it is still subscribed and the bus open.
func (b *busState) current(id uint64) (subscriber, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		for _, s := range b.subs {
			if s.id == id {
				return s, true
			}
		}
	}
	return subscriber{}, false
}

// publish calls every current subscriber once, in subscription order, on the calling thread,
// and returns how many were called. Subscribers added meanwhile are not called; removed ones
// are skipped.
func (b *busState) publish(self uintptr, value int32) int32 {
	b.delivery.lock(self)
	defer b.delivery.unlock()
	b.mu.Lock()
	ids := make([]uint64, 0, len(b.subs))
	if !b.closed {
		for _, s := range b.subs {
			ids = append(ids, s.id)
		}
	}
	b.mu.Unlock()
	var called int32
	for _, id := range ids {
		if s, ok := b.current(id); ok {
			s.deliver(value)
			called++
		}
	}
	return called
}

// handleTable is the live handles of one kind: numbers from runtime/cgo, values held here.
type handleTable[T any] struct {
	mu   sync.Mutex
	live map[uintptr]T
}

func (t *handleTable[T]) add(v T) uintptr {
	h := uintptr(cgo.NewHandle(v))
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.live == nil {
		t.live = make(map[uintptr]T)
	}
	t.live[h] = v
	return h
}

func (t *handleTable[T]) get(h uintptr) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.live[h]
	return v, ok
}

// take removes a live handle and returns its value; of two concurrent takes one succeeds.
func (t *handleTable[T]) take(h uintptr) (T, bool) {
	t.mu.Lock()
	v, ok := t.live[h]
	delete(t.live, h)
	t.mu.Unlock()
	if ok {
		cgo.Handle(h).Delete()
	}
	return v, ok
}

func (t *handleTable[T]) count() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return int64(len(t.live))
}

type subscription struct {
	bus *busState
	id  uint64
}

var (
	buses         handleTable[*busState]
	subscriptions handleTable[*subscription]
	// Statistics read by the tests.
	badSubscriptionFrees atomic.Int64
	badBusUses           atomic.Int64
	publishersRunning    atomic.Int64
)

// busOf returns the state behind a live bus handle; anything else counts a bad bus use.
func busOf(h uintptr) (*busState, bool) {
	b, ok := buses.get(h)
	if !ok {
		badBusUses.Add(1)
	}
	return b, ok
}

func threadSelf() uintptr { return uintptr(C.gotest_thread_self()) }

// subscribeTo is gotest_bus_subscribe with the callback as a Go function: a new Subscription
// handle, or 0 for a bad bus (counted).
func subscribeTo(h uintptr, deliver func(int32)) uintptr {
	b, ok := busOf(h)
	if !ok {
		return 0
	}
	return subscriptions.add(&subscription{b, b.subscribe(deliver)})
}

// freeSubscription is gotest_subscription_free for the calling thread self.
func freeSubscription(self, h uintptr) {
	s, ok := subscriptions.take(h)
	if !ok {
		badSubscriptionFrees.Add(1)
		return
	}
	s.bus.unsubscribe(self, s.id)
}

// freeBus is gotest_bus_free for the calling thread self.
func freeBus(self, h uintptr) {
	b, ok := buses.take(h)
	if !ok {
		badBusUses.Add(1)
		return
	}
	b.close(self)
}

//export gotest_bus_new
func gotest_bus_new() C.uintptr_t { return C.uintptr_t(buses.add(new(busState))) }

// gotest_bus_free frees a live bus: once it returns, the bus calls no subscriber again (a
// delivery in flight on another thread is waited for). Its Subscriptions stay live until
// freed. Anything else (0, freed, foreign) counts a bad bus use.
//
//export gotest_bus_free
func gotest_bus_free(h C.uintptr_t) { freeBus(threadSelf(), uintptr(h)) }

//export gotest_live_buses
func gotest_live_buses() C.int64_t { return C.int64_t(buses.count()) }

// gotest_bus_subscribe returns a new Subscription (owned by the caller) that calls
// on_event(user_data, value) for every publish until it is freed; 0 for a bad bus (counted)
// or a null callback.
//
//export gotest_bus_subscribe
func gotest_bus_subscribe(h C.uintptr_t, onEvent C.gotest_tick_fn, userData unsafe.Pointer) C.uintptr_t {
	if onEvent == nil {
		busOf(uintptr(h)) // a bad bus is still counted
		return 0
	}
	return C.uintptr_t(subscribeTo(uintptr(h), func(value int32) {
		C.gotest_invoke_tick(onEvent, userData, C.int32_t(value))
	}))
}

// gotest_subscription_free unregisters and frees a live Subscription; once it returns its
// callback is never called again. Anything else (0, freed, foreign) counts a bad subscription
// free.
//
//export gotest_subscription_free
func gotest_subscription_free(h C.uintptr_t) { freeSubscription(threadSelf(), uintptr(h)) }

//export gotest_live_subscriptions
func gotest_live_subscriptions() C.int64_t { return C.int64_t(subscriptions.count()) }

//export gotest_bad_subscription_frees
func gotest_bad_subscription_frees() C.int64_t { return C.int64_t(badSubscriptionFrees.Load()) }

// gotest_bad_bus_uses counts uses and frees of a handle that was not a live bus.
//
//export gotest_bad_bus_uses
func gotest_bad_bus_uses() C.int64_t { return C.int64_t(badBusUses.Load()) }

// gotest_bus_publish calls every current subscriber on the calling thread and returns how many
// were called; -1 for a bad bus (counted).
//
//export gotest_bus_publish
func gotest_bus_publish(h C.uintptr_t, value C.int32_t) C.int32_t {
	b, ok := busOf(uintptr(h))
	if !ok {
		return -1
	}
	return C.int32_t(b.publish(threadSelf(), int32(value)))
}

// publishOnThread returns at once; a goroutine locked to its OS thread (so the thread that
// holds the delivery lock stays the same) publishes value count times, 1 ms apart, stopping
// early if the bus is freed. A bad bus (counted) starts nothing.
func publishOnThread(h uintptr, value, count int32) {
	b, ok := busOf(h)
	if !ok {
		return
	}
	publishersRunning.Add(1)
	go func() {
		defer publishersRunning.Add(-1)
		runtime.LockOSThread() // for good: the thread ends with the goroutine (see onThreads)
		self := threadSelf()
		for k := int32(0); k < count; k++ {
			if k > 0 {
				time.Sleep(time.Millisecond)
			}
			if b.isClosed() {
				return
			}
			b.publish(self, value)
		}
	}()
}

//export gotest_bus_publish_on_thread
func gotest_bus_publish_on_thread(h C.uintptr_t, value, count C.int32_t) {
	publishOnThread(uintptr(h), int32(value), int32(count))
}

//export gotest_bus_publishers_running
func gotest_bus_publishers_running() C.int64_t { return C.int64_t(publishersRunning.Load()) }

// gotest_bus_subscriber_count is the number of live Subscriptions of the bus; -1 for a bad bus
// (counted).
//
//export gotest_bus_subscriber_count
func gotest_bus_subscriber_count(h C.uintptr_t) C.int64_t {
	b, ok := busOf(uintptr(h))
	if !ok {
		return -1
	}
	return C.int64_t(b.count())
}
