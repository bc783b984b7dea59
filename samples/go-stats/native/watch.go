package main

import (
	"math"
	"sync"
)

// New maxima: an accumulator calls its watchers with each sample greater than every sample
// before it (the first sample included; a NaN never is one, and after a NaN sample the
// maximum is NaN, as the summary says, so none is). The C# side subscribes through
// stats_on_new_max (callbacks_exports.go). Plain Go, so it can be unit tested.

type watcher struct {
	id uint64
	f  func(max float64)
}

// raises says whether x would be a new maximum. Called with the lock held.
func (a *accumulator) raises(x float64) bool {
	return !math.IsNaN(x) && (a.moments.n == 0 || x > a.moments.max)
}

// change runs f under the lock (f changes the accumulator and returns the new maxima it set,
// in order), then calls every watcher with each of them: after the lock is released, so a
// watcher may call the accumulator again, and on the goroutine that made the change. Changes
// on several threads at once may therefore report their maxima in either order.
func (a *accumulator) change(f func() (maxima []float64)) {
	a.mu.Lock()
	maxima := f()
	var ws []watcher
	if len(maxima) > 0 {
		ws = append(ws, a.watchers...)
	}
	a.mu.Unlock()
	for _, m := range maxima {
		for _, w := range ws {
			w.f(m)
		}
	}
}

// watchMax makes every later change call f with each new maximum (see change) until unwatch
// is called. A call that already took its copy of the watchers may still call f after
// unwatch returns: the export's boundary.Retained is what refuses such late calls.
func (a *accumulator) watchMax(f func(max float64)) (unwatch func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.nextWatch++
	id := a.nextWatch
	a.watchers = append(a.watchers, watcher{id, f})
	return func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for i, w := range a.watchers {
			if w.id == id {
				a.watchers = append(a.watchers[:i:i], a.watchers[i+1:]...)
				return
			}
		}
	}
}

// subscriptions are the live stats_on_new_max registrations by number, each with the function
// that ends it. Numbered here rather than as cgo handles (boundary.NewHandle), so that
// stats_live keeps counting accumulators only.
var subscriptions struct {
	mu   sync.Mutex
	next uintptr
	end  map[uintptr]func()
}

// subscribe registers end and returns its number: never 0, never reused.
func subscribe(end func()) uintptr {
	subscriptions.mu.Lock()
	defer subscriptions.mu.Unlock()
	if subscriptions.end == nil {
		subscriptions.end = make(map[uintptr]func())
	}
	subscriptions.next++
	subscriptions.end[subscriptions.next] = end
	return subscriptions.next
}

// unsubscribe removes subscription s and calls its end function (outside the registry's lock),
// once; false for 0, an unknown number or one already removed.
func unsubscribe(s uintptr) bool {
	subscriptions.mu.Lock()
	end, ok := subscriptions.end[s]
	delete(subscriptions.end, s)
	subscriptions.mu.Unlock()
	if ok {
		end()
	}
	return ok
}

// liveSubscriptions counts subscriptions not yet ended.
func liveSubscriptions() int {
	subscriptions.mu.Lock()
	defer subscriptions.mu.Unlock()
	return len(subscriptions.end)
}
