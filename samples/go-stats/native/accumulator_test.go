package main

import (
	"sync"
	"testing"
)

func accumulatorOf(xs []float64) *accumulator {
	a := new(accumulator)
	for _, x := range xs {
		a.add(x)
	}
	return a
}

// The sample's scenario: two servers' latencies, one absorbed into the other.
func TestAbsorbThenSummaryAndPercentiles(t *testing.T) {
	a, b := accumulatorOf(serverA), accumulatorOf(serverB)
	if got := a.absorb(b); got != 14 {
		t.Fatalf("absorb returned count %d, want 14", got)
	}
	s, ok := a.summary()
	if !ok || s.count != 14 || !near(s.mean, bothMean) || !near(s.stddev, bothStdDev) {
		t.Fatalf("summary = %+v, %v", s, ok)
	}
	if got := a.percentile(50); !near(got, bothP50) {
		t.Errorf("p50 = %v, want %v", got, bothP50)
	}
	if got := a.percentile(95); !near(got, bothP95) {
		t.Errorf("p95 = %v, want %v", got, bothP95)
	}
	if got := b.count(); got != 6 {
		t.Errorf("absorb changed its source: count %d, want 6", got)
	}
}

func TestAddAfterPercentileStillCounts(t *testing.T) {
	a := accumulatorOf([]float64{3, 1, 2})
	if got := a.percentile(100); got != 3 {
		t.Fatalf("p100 = %v, want 3", got)
	}
	a.add(0)
	a.add(10)
	if got := a.percentile(0); got != 0 {
		t.Errorf("p0 after adding 0 = %v, want 0", got)
	}
	if got := a.percentile(100); got != 10 {
		t.Errorf("p100 after adding 10 = %v, want 10", got)
	}
}

func TestAbsorbSelfDoublesInsteadOfDeadlocking(t *testing.T) {
	a := accumulatorOf([]float64{1, 2})
	if got := a.absorb(a); got != 4 {
		t.Fatalf("self absorb count = %d, want 4", got)
	}
}

func TestConcurrentAddsAndOppositeAbsorbs(t *testing.T) {
	a, b := new(accumulator), new(accumulator)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				a.add(float64(j))
				b.add(float64(j))
				a.percentile(50)
			}
			// Opposite lock orders on two threads would deadlock a lock-both implementation.
			if i%2 == 0 {
				new(accumulator).absorb(a)
			} else {
				new(accumulator).absorb(b)
				b.absorb(a)
				a.absorb(b)
			}
		}(i)
	}
	wg.Wait()
	if a.count() < 4000 || b.count() < 4000 {
		t.Fatalf("counts %d and %d, want at least the 4000 direct adds each", a.count(), b.count())
	}
}

func TestAddsFromManyGoroutinesAreNotLost(t *testing.T) {
	a := new(accumulator)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 1; j <= 1000; j++ {
				a.add(float64(j))
			}
		}()
	}
	wg.Wait()
	s, _ := a.summary()
	if s.count != 8000 || s.min != 1 || s.max != 1000 || !near(s.mean, 500.5) {
		t.Fatalf("summary = %+v, want count 8000, min 1, max 1000, mean 500.5", s)
	}
}
