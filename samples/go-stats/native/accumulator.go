package main

import (
	"slices"
	"sort"
	"sync"
)

// accumulator is the object behind a stats handle. C# adds to one accumulator from many
// threads at once, so every method takes the mutex.
type accumulator struct {
	mu      sync.Mutex
	moments moments
	// samples are kept for percentiles, which no constant-size summary gives exactly.
	samples []float64
	// sorted says samples are ascending: percentile sorts on demand and keeps the order, so a
	// series of percentile queries with no adds in between sorts once.
	sorted bool
	// watchers are called with each new maximum (watch.go), in the order they were added.
	watchers  []watcher
	nextWatch uint64
}

func (a *accumulator) add(x float64) {
	a.change(func() []float64 {
		raised := a.raises(x)
		a.moments.add(x)
		a.samples = append(a.samples, x)
		a.sorted = false
		if raised {
			return []float64{x}
		}
		return nil
	})
}

func (a *accumulator) count() uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.moments.n
}

func (a *accumulator) summary() (summary, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.moments.summary()
}

func (a *accumulator) percentile(p float64) float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.sorted {
		sort.Float64s(a.samples)
		a.sorted = true
	}
	return percentile(a.samples, p)
}

// absorb adds everything from has seen to a and returns a's new count. It copies from under
// from's lock and merges under a's, never holding both, so absorbs in opposite directions on
// two threads cannot deadlock and a.absorb(a) cannot self-deadlock.
func (a *accumulator) absorb(from *accumulator) uint64 {
	m, samples := from.snapshot()
	var n uint64
	a.change(func() []float64 {
		raised := m.n > 0 && a.raises(m.max)
		a.moments.merge(m)
		a.samples = append(a.samples, samples...)
		a.sorted = a.sorted && len(samples) == 0
		n = a.moments.n
		if raised {
			return []float64{m.max}
		}
		return nil
	})
	return n
}

func (a *accumulator) snapshot() (moments, []float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.moments, slices.Clone(a.samples)
}
