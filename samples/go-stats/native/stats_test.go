package main

import "math"

// The request latencies of ../StatsSample/Program.cs, and what Python's statistics module
// (exact, fraction-based) and numpy.percentile say about them.
var (
	serverA = []float64{12.5, 14.1, 9.8, 30.2, 11.0, 13.3, 95.0, 10.4}
	serverB = []float64{8.2, 7.9, 15.5, 9.1, 120.4, 8.8}
)

const (
	serverAMean   = 24.5375
	serverAStdDev = 27.334682067841946
	bothMean      = 26.157142857142855
	bothStdDev    = 34.06061223939536
	bothP50       = 11.75
	bothP95       = 103.89
)

// near compares within a relative 1e-12: a running algorithm rounds differently from an exact
// one, but never by more than a few units in the last place on data like this.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}
