package main

import (
	"math"
	"testing"
)

func momentsOf(xs []float64) moments {
	var m moments
	for _, x := range xs {
		m.add(x)
	}
	return m
}

func TestSummaryOfTheSampleData(t *testing.T) {
	m := momentsOf(serverA)
	s, ok := m.summary()
	if !ok {
		t.Fatal("summary of 8 samples reported empty")
	}
	if s.count != 8 || s.min != 9.8 || s.max != 95.0 || !near(s.mean, serverAMean) || !near(s.stddev, serverAStdDev) {
		t.Fatalf("summary = %+v, want count 8, min 9.8, max 95, mean %v, stddev %v", s, serverAMean, serverAStdDev)
	}
}

func TestEmptyHasNoSummary(t *testing.T) {
	var m moments
	if s, ok := m.summary(); ok {
		t.Fatalf("empty summary = %+v, true; want false", s)
	}
}

func TestOneSampleHasNoSpread(t *testing.T) {
	m := momentsOf([]float64{-3})
	s, _ := m.summary()
	if s != (summary{count: 1, min: -3, max: -3, mean: -3, stddev: 0}) {
		t.Fatalf("summary of one sample = %+v", s)
	}
}

// Sums of squares would give a variance of 0 or garbage here; Welford keeps it.
func TestSmallSpreadOnALargeOffset(t *testing.T) {
	m := momentsOf([]float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16})
	s, _ := m.summary()
	if !near(s.mean, 1e9+10) || !near(s.stddev, math.Sqrt(22.5)) {
		t.Fatalf("mean %v stddev %v, want %v and %v", s.mean, s.stddev, 1e9+10, math.Sqrt(22.5))
	}
}

func TestMergeEqualsOneStream(t *testing.T) {
	a, b := momentsOf(serverA), momentsOf(serverB)
	a.merge(b)
	s, _ := a.summary()
	if s.count != 14 || s.min != 7.9 || s.max != 120.4 || !near(s.mean, bothMean) || !near(s.stddev, bothStdDev) {
		t.Fatalf("merged summary = %+v, want count 14, min 7.9, max 120.4, mean %v, stddev %v", s, bothMean, bothStdDev)
	}
}

func TestMergeWithEmpty(t *testing.T) {
	full := momentsOf(serverA)
	var empty moments
	empty.merge(full)
	if empty != full {
		t.Errorf("empty.merge(full) = %+v, want %+v", empty, full)
	}
	before := full
	full.merge(moments{})
	if full != before {
		t.Errorf("full.merge(empty) = %+v, want it unchanged %+v", full, before)
	}
}
