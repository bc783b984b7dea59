package main

import (
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The bus through its exports, with Go functions as subscribers (subscribeTo is
// gotest_bus_subscribe without the C trampoline).

type busStats struct{ buses, subs, badSubFrees, badBusUses int64 }

func busSnapshot() busStats {
	return busStats{
		int64(gotest_live_buses()), int64(gotest_live_subscriptions()),
		int64(gotest_bad_subscription_frees()), int64(gotest_bad_bus_uses()),
	}
}

// recorder is a subscriber that records what it saw.
type recorder struct {
	mu   sync.Mutex
	seen []int32
}

func (r *recorder) deliver(v int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, v)
}

func (r *recorder) values() []int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int32(nil), r.seen...)
}

func TestBusPublishReachesCurrentSubscribersOnly(t *testing.T) {
	before := busSnapshot()
	var a, b recorder
	bus := gotest_bus_new()
	sa := subscribeTo(uintptr(bus), a.deliver)
	sb := subscribeTo(uintptr(bus), b.deliver)
	if gotest_bus_subscriber_count(bus) != 2 || gotest_bus_publish(bus, 7) != 2 {
		t.Fatal("two subscribers, two deliveries")
	}
	gotest_subscription_free(cuintptr(sa))
	gotest_subscription_free(cuintptr(sa))
	if got := gotest_bus_publish(bus, 8); got != 1 {
		t.Fatalf("publish after a free reached %d", got)
	}
	if !reflect.DeepEqual(a.values(), []int32{7}) || !reflect.DeepEqual(b.values(), []int32{7, 8}) {
		t.Fatalf("a saw %v, b saw %v", a.values(), b.values())
	}
	gotest_bus_free(bus)
	gotest_subscription_free(cuintptr(sb)) // after its bus: still safe
	if gotest_bus_publish(bus, 9) != -1 {
		t.Error("a freed bus published")
	}
	now := busSnapshot()
	if got := (busStats{now.buses - before.buses, now.subs - before.subs, now.badSubFrees - before.badSubFrees, now.badBusUses - before.badBusUses}); got != (busStats{0, 0, 1, 1}) {
		t.Errorf("moved (buses, subscriptions, bad frees, bad bus uses) = %+v, want {0 0 1 1}", got)
	}
}

func TestASubscriberMayFreeItselfAndOthersDuringADelivery(t *testing.T) {
	runtime.LockOSThread() // the delivery lock knows its holder by OS thread
	defer runtime.UnlockOSThread()
	bus := gotest_bus_new()
	defer gotest_bus_free(bus)
	var b recorder
	var sa, sb uintptr
	var aSaw []int32
	sa = subscribeTo(uintptr(bus), func(v int32) {
		aSaw = append(aSaw, v)
		if v == 1 {
			gotest_subscription_free(cuintptr(sb))
		} else {
			gotest_subscription_free(cuintptr(sa))
		}
	})
	sb = subscribeTo(uintptr(bus), b.deliver)
	if got := gotest_bus_publish(bus, 1); got != 1 {
		t.Fatalf("publish 1 reached %d, want 1 (b freed before its turn)", got)
	}
	if got := gotest_bus_publish(bus, 2); got != 1 || gotest_bus_subscriber_count(bus) != 0 {
		t.Fatalf("publish 2 reached %d, %d left", got, gotest_bus_subscriber_count(bus))
	}
	if !reflect.DeepEqual(aSaw, []int32{1, 2}) || len(b.values()) != 0 {
		t.Fatalf("a saw %v, b saw %v", aSaw, b.values())
	}
}

func TestFreeingWaitsForADeliveryOnAnotherThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	running := gotest_bus_publishers_running()
	bus := gotest_bus_new()
	var slow recorder
	sub := subscribeTo(uintptr(bus), func(v int32) {
		slow.deliver(v)
		time.Sleep(20 * time.Millisecond)
	})
	gotest_bus_publish_on_thread(bus, 5, 1000)
	for len(slow.values()) == 0 {
		time.Sleep(time.Millisecond)
	}
	gotest_subscription_free(cuintptr(sub))
	seen := len(slow.values())
	time.Sleep(50 * time.Millisecond)
	if got := len(slow.values()); got != seen {
		t.Fatalf("called %d times after its Subscription was freed", got-seen)
	}
	gotest_bus_free(bus)
	for gotest_bus_publishers_running() != running {
		time.Sleep(time.Millisecond)
	}
}

func TestReentrantLockWaitsForOtherThreadsOnly(t *testing.T) {
	var l reentrantLock
	l.lock(1)
	l.lock(1) // again on the same thread: no deadlock
	acquired := make(chan struct{})
	go func() {
		l.lock(2)
		close(acquired)
		l.unlock()
	}()
	l.unlock()
	select {
	case <-acquired:
		t.Fatal("another thread took the lock while it was still held once")
	case <-time.After(20 * time.Millisecond):
	}
	l.unlock()
	<-acquired
}

func TestBadBusHandlesAreCountedAndNeverTouched(t *testing.T) {
	before := busSnapshot()
	const foreign = 1<<31 - 1 // never issued: handle numbers count up from 1
	counter := gotest_counter_new(1)
	defer gotest_counter_free(counter)
	gotest_bus_free(foreign)
	gotest_bus_free(0)
	gotest_bus_free(counter) // a live handle of another kind
	if gotest_bus_publish(foreign, 1) != -1 || gotest_bus_subscriber_count(foreign) != -1 {
		t.Error("a bad bus answered")
	}
	if gotest_bus_subscribe(foreign, nil, nil) != 0 || subscribeTo(foreign, func(int32) {}) != 0 {
		t.Error("subscribed to a bad bus")
	}
	gotest_bus_publish_on_thread(foreign, 1, 1)
	gotest_subscription_free(foreign)
	gotest_subscription_free(0)
	now := busSnapshot()
	if got := [2]int64{now.badBusUses - before.badBusUses, now.badSubFrees - before.badSubFrees}; got != [2]int64{8, 2} {
		t.Errorf("moved (bad bus uses, bad subscription frees) = %v, want [8 2]", got)
	}
}
