package main

import "math"

// moments are the running count, mean, spread and range of a stream of numbers. They are
// updated with Welford's online algorithm rather than from sums of squares, which lose all
// precision when the variance is small next to the mean (latencies around 1e6 ns, say).
type moments struct {
	n        uint64
	mean     float64
	m2       float64 // sum of squared deviations from the mean
	min, max float64
}

func (m *moments) add(x float64) {
	if m.n == 0 {
		m.min, m.max = x, x
	} else {
		m.min, m.max = min(m.min, x), max(m.max, x)
	}
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// merge combines two streams' moments with Chan et al.'s pairwise formula, so absorbing an
// accumulator costs O(1) for the moments instead of replaying its samples.
func (m *moments) merge(o moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = o
		return
	}
	n := m.n + o.n
	d := o.mean - m.mean
	na, nb, nf := float64(m.n), float64(o.n), float64(n)
	m.mean += d * nb / nf
	m.m2 += o.m2 + d*d*na*nb/nf
	m.min, m.max = min(m.min, o.min), max(m.max, o.max)
	m.n = n
}

// summary is the C Summary struct in Go types.
type summary struct {
	count                  uint64
	min, max, mean, stddev float64
}

// summary reports false for an empty stream, which has no mean or range. The standard
// deviation is the population one: the samples are the whole stream, not a draw from it.
func (m *moments) summary() (summary, bool) {
	if m.n == 0 {
		return summary{}, false
	}
	return summary{
		count:  m.n,
		min:    m.min,
		max:    m.max,
		mean:   m.mean,
		stddev: math.Sqrt(m.m2 / float64(m.n)),
	}, true
}
