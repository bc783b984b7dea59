package main

import (
	"math"
	"testing"
)

func TestPercentileMatchesNumpyLinear(t *testing.T) {
	cases := []struct {
		sorted []float64
		p      float64
		want   float64
	}{
		{[]float64{1, 2, 3, 4, 7, 10}, 50, 3.5},
		{[]float64{15, 20, 35, 40, 50}, 40, 29},
		{[]float64{15, 20, 35, 40, 50}, 5, 16},
		{[]float64{15, 20, 35, 40, 50}, 0, 15},
		{[]float64{15, 20, 35, 40, 50}, 100, 50},
		{[]float64{15, 20, 35, 40, 50}, 75, 40},
		{[]float64{42}, 0, 42},
		{[]float64{42}, 99.9, 42},
	}
	for _, c := range cases {
		if got := percentile(c.sorted, c.p); !near(got, c.want) {
			t.Errorf("percentile(%v, %v) = %v, want %v", c.sorted, c.p, got, c.want)
		}
	}
}

func TestPercentileIsNaNWhenUndefined(t *testing.T) {
	some := []float64{1, 2, 3}
	for _, c := range []struct {
		sorted []float64
		p      float64
	}{
		{nil, 50}, {some, -0.1}, {some, 100.1}, {some, math.NaN()}, {some, math.Inf(1)},
	} {
		if got := percentile(c.sorted, c.p); !math.IsNaN(got) {
			t.Errorf("percentile(%v, %v) = %v, want NaN", c.sorted, c.p, got)
		}
	}
}
