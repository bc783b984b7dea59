package main

import "math"

// percentile returns the p-th percentile (p in [0, 100]) of ascending samples, interpolating
// linearly between the two closest ranks. That is numpy's default ("linear") method, so a
// result can be checked against numpy.percentile. NaN for no samples or p outside [0, 100].
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 || !(p >= 0 && p <= 100) { // the negated form also rejects a NaN p
		return math.NaN()
	}
	rank := p / 100 * float64(len(sorted)-1)
	lo, hi := int(math.Floor(rank)), int(math.Ceil(rank))
	return sorted[lo] + (rank-float64(lo))*(sorted[hi]-sorted[lo])
}
