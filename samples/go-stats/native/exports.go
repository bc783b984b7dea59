package main

/*
#include <stdint.h>

typedef struct { uint64_t count; double min; double max; double mean; double stddev; } Summary;
*/
import "C"

import (
	"math"

	"boundaryanalyzers.dev/boundary"
)

// The C ABI of libstats.so, declared on the C# side in ../StatsSample/Stats.cs. Every
// function accepts any handle number at all: a bad one is ignored or answered with a neutral
// value, because a panic here would kill the .NET process.

func lookup(h C.uintptr_t) (*accumulator, bool) {
	return boundary.Value[*accumulator](uintptr(h))
}

// stats_new returns an owned handle: C# releases it with stats_free.
//
//export stats_new
func stats_new() C.uintptr_t {
	return C.uintptr_t(boundary.NewHandle(new(accumulator)))
}

// stats_free takes rather than releases so that it only ever deletes a handle to an
// accumulator, never one that other Go code in the process handed out.
//
//export stats_free
func stats_free(h C.uintptr_t) {
	boundary.Take[*accumulator](uintptr(h))
}

//export stats_add
func stats_add(h C.uintptr_t, x C.double) {
	if a, ok := lookup(h); ok {
		a.add(float64(x))
	}
}

//export stats_count
func stats_count(h C.uintptr_t) C.uint64_t {
	a, ok := lookup(h)
	if !ok {
		return 0
	}
	return C.uint64_t(a.count())
}

// stats_summary writes *out only when it returns 1, so C# sees a definitely assigned out
// parameter exactly when the call reports success.
//
//export stats_summary
func stats_summary(h C.uintptr_t, out *C.Summary) C.uint8_t {
	a, ok := lookup(h)
	if !ok || out == nil {
		return C.uint8_t(boundary.Byte(false))
	}
	s, ok := a.summary()
	if ok {
		*out = C.Summary{
			count:  C.uint64_t(s.count),
			min:    C.double(s.min),
			max:    C.double(s.max),
			mean:   C.double(s.mean),
			stddev: C.double(s.stddev),
		}
	}
	return C.uint8_t(boundary.Byte(ok))
}

//export stats_percentile
func stats_percentile(h C.uintptr_t, p C.double) C.double {
	a, ok := lookup(h)
	if !ok {
		return C.double(math.NaN())
	}
	return C.double(a.percentile(float64(p)))
}

// stats_absorb borrows into and consumes from. from is released first and whatever happens to
// into, because the caller gave it away and keeping it would leak it. A bad into gives 0; a bad
// from merges nothing and gives into's unchanged count.
//
//export stats_absorb
func stats_absorb(into, from C.uintptr_t) C.uint64_t {
	src, fromOK := boundary.Take[*accumulator](uintptr(from))
	dst, intoOK := lookup(into)
	switch {
	case !intoOK:
		return 0
	case !fromOK:
		return C.uint64_t(dst.count())
	}
	return C.uint64_t(dst.absorb(src))
}

// stats_live counts accumulators not yet released, so the sample can show that disposing and
// absorbing release each one exactly once.
//
//export stats_live
func stats_live() C.int64_t {
	return C.int64_t(boundary.LiveHandles())
}
