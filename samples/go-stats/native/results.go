package main

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// The logic behind the exports that return strings, take a span, return a buffer or report an
// error (results_exports.go), in plain Go so it can be unit tested.

// addAll adds every value under one lock, so a concurrent reader sees all or none of them.
// Each new maximum among them is reported to the watchers, in order, once all are added.
func (a *accumulator) addAll(xs []float64) {
	a.change(func() (maxima []float64) {
		for _, x := range xs {
			if a.raises(x) {
				maxima = append(maxima, x)
			}
			a.moments.add(x)
		}
		a.samples = append(a.samples, xs...)
		a.sorted = a.sorted && len(xs) == 0
		return maxima
	})
}

// sortedSamples is a copy of every value added so far, ascending.
func (a *accumulator) sortedSamples() []float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.sorted {
		sort.Float64s(a.samples)
		a.sorted = true
	}
	return slices.Clone(a.samples)
}

// describe is a one-line summary, "n=3 mean=2.000 min=1.000 max=3.000" (three decimals), or
// "n=0" when nothing was added.
func (a *accumulator) describe() string {
	s, ok := a.summary()
	if !ok {
		return "n=0"
	}
	return fmt.Sprintf("n=%d mean=%.3f min=%.3f max=%.3f", s.count, s.mean, s.min, s.max)
}

var errNoValues = errors.New("no values")

// checkedPercentile is percentile with the reason when there is none: p outside [0, 100]
// (NaN included), then an empty accumulator.
func (a *accumulator) checkedPercentile(p float64) (float64, error) {
	if !(p >= 0 && p <= 100) {
		return 0, fmt.Errorf("percentile %g is outside [0, 100]", p)
	}
	if a.count() == 0 {
		return 0, errNoValues
	}
	return a.percentile(p), nil
}
