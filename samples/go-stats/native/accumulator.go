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
}

func (a *accumulator) add(x float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.moments.add(x)
	a.samples = append(a.samples, x)
	a.sorted = false
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
	a.mu.Lock()
	defer a.mu.Unlock()
	a.moments.merge(m)
	a.samples = append(a.samples, samples...)
	a.sorted = a.sorted && len(samples) == 0
	return a.moments.n
}

func (a *accumulator) snapshot() (moments, []float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.moments, slices.Clone(a.samples)
}
