package main

import (
	"math"
	"slices"
	"testing"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

func TestDescribe(t *testing.T) {
	if got := new(accumulator).describe(); got != "n=0" {
		t.Errorf("empty describe = %q", got)
	}
	if got := accumulatorOf([]float64{3, 1, 2}).describe(); got != "n=3 mean=2.000 min=1.000 max=3.000" {
		t.Errorf("describe = %q", got)
	}
	if got := accumulatorOf(serverA).describe(); got != "n=8 mean=24.538 min=9.800 max=95.000" {
		t.Errorf("describe(serverA) = %q", got)
	}
}

func TestAddAllEqualsAddingOneByOne(t *testing.T) {
	a := new(accumulator)
	a.add(5)
	a.addAll(serverA)
	a.addAll(nil)
	b := accumulatorOf(append([]float64{5}, serverA...))
	sa, _ := a.summary()
	sb, _ := b.summary()
	if sa != sb || a.percentile(50) != b.percentile(50) {
		t.Fatalf("addAll summary %+v, one by one %+v", sa, sb)
	}
}

func TestSortedSamplesIsASortedCopy(t *testing.T) {
	a := accumulatorOf([]float64{3, -1, 2})
	got := a.sortedSamples()
	if !slices.Equal(got, []float64{-1, 2, 3}) {
		t.Fatalf("sortedSamples = %v", got)
	}
	got[0] = 100
	a.add(0)
	if again := a.sortedSamples(); !slices.Equal(again, []float64{-1, 0, 2, 3}) {
		t.Fatalf("after add(0): %v (the copy must not alias the samples)", again)
	}
	if new(accumulator).sortedSamples() != nil {
		t.Error("empty sortedSamples is not nil")
	}
}

func TestCheckedPercentile(t *testing.T) {
	a := accumulatorOf([]float64{15, 20, 35, 40, 50})
	if got, err := a.checkedPercentile(40); err != nil || !near(got, 29) {
		t.Errorf("p40 = (%v, %v)", got, err)
	}
	for p, want := range map[float64]string{
		120:        "percentile 120 is outside [0, 100]",
		-0.5:       "percentile -0.5 is outside [0, 100]",
		math.NaN(): "percentile NaN is outside [0, 100]",
	} {
		if got, err := a.checkedPercentile(p); got != 0 || err == nil || err.Error() != want {
			t.Errorf("checkedPercentile(%v) = (%v, %v), want %q", p, got, err, want)
		}
	}
	if _, err := new(accumulator).checkedPercentile(50); err == nil || err.Error() != "no values" {
		t.Errorf("empty = %v, want no values", err)
	}
	if _, err := new(accumulator).checkedPercentile(101); err == nil || err.Error() != "percentile 101 is outside [0, 100]" {
		t.Errorf("empty with a bad p = %v: the range is checked first", err)
	}
}

// The exports themselves, called directly from Go.
func TestResultExports(t *testing.T) {
	h := stats_new()
	defer stats_free(h)
	xs := []float64{3, 1, 2}
	stats_add_all(h, (*cdouble)(&xs[0]), 3)
	stats_add_all(h, nil, 0)
	stats_add_all(h, nil, 4)
	if got := stats_count(h); got != 3 {
		t.Fatalf("count after add_all = %d", got)
	}
	d := stats_describe(h)
	if got := boundary.GoStringNUL(unsafe.Pointer(d)); got != "n=3 mean=2.000 min=1.000 max=3.000" {
		t.Errorf("describe = %q", got)
	}
	stats_string_free(d)
	if stats_describe(0) != nil {
		t.Error("describe(0) is not null")
	}
	if got := boundary.GoStringNUL(unsafe.Pointer(stats_version())); got != "stats 0.2.0" || stats_version() != stats_version() {
		t.Errorf("version = %q", got)
	}
	if v, msg := stats_percentile_checked(h, 50); v != 2 || msg != nil {
		t.Errorf("p50 = (%v, %v)", v, msg)
	}
	for _, c := range []struct {
		h    uintptr
		p    float64
		want string
	}{{uintptr(h), 120, "percentile 120 is outside [0, 100]"}, {0, 50, "not a live stats handle"}} {
		v, msg := stats_percentile_checked(chandle(c.h), cdouble(c.p))
		if got := boundary.GoStringNUL(unsafe.Pointer(msg)); v != 0 || got != c.want {
			t.Errorf("percentile_checked(%d, %v) = (%v, %q), want %q", c.h, c.p, v, got, c.want)
		}
		stats_string_free(msg)
	}
	b := stats_sorted(h)
	if got := unsafe.Slice((*float64)(b.ptr), int(b.len)); !slices.Equal(got, []float64{1, 2, 3}) {
		t.Errorf("sorted = %v", got)
	}
	stats_buffer_free(b.ptr)
	if e := stats_sorted(0); e.ptr != nil || e.len != 0 {
		t.Errorf("sorted(0) = {%v, %d}", e.ptr, e.len)
	}
	stats_string_free(nil)
	stats_buffer_free(nil)
}
