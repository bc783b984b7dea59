package main

// #include <stdint.h>
//
// // stats_count_if's predicate, uint8_t (*)(void* user_data, double x). boundary.Call covers
// // callbacks that return nothing; one that returns a value takes a trampoline of the
// // library's own, and C code may only be defined in the preamble of a file without //export.
// typedef uint8_t (*stats_pred_fn)(void*, double);
// static uint8_t stats_call_pred(void* fn, void* user, double x) { return ((stats_pred_fn)fn)(user, x); }
import "C"

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"unsafe"
)

// The logic behind the exports that call C# back (callbacks_exports.go): borrowed callbacks
// over the samples, and a bootstrap that runs as an async operation. Plain Go over Go
// functions and a context, so it can be unit tested.

// each calls visit with every sample, in the accumulator's current order (insertion order
// until a percentile query sorts them), and returns the number of calls. It walks a copy taken
// first, without holding the lock: visit may call the library again, even add to this same
// accumulator (what it adds is not visited).
func (a *accumulator) each(visit func(x float64)) uint64 {
	_, samples := a.snapshot()
	for _, x := range samples {
		visit(x)
	}
	return uint64(len(samples))
}

// countIf counts the samples for which pred is true, asking about each one in the order and
// over the copy each uses.
func (a *accumulator) countIf(pred func(x float64) bool) uint64 {
	_, samples := a.snapshot()
	var n uint64
	for _, x := range samples {
		if pred(x) {
			n++
		}
	}
	return n
}

// bootstrapSeed makes every bootstrap reproducible: the same samples give the same estimate.
const bootstrapSeed = 2024

var errNoResamples = errors.New("resamples must be at least 1")

// bootstrap estimates the standard error of the p-th percentile of samples: the standard
// deviation of that percentile over resamples random resamples (drawn with replacement, each
// the size of samples, from a fixed seed). ctx is checked before each resample, so a cancel is
// noticed within one resample's work; it then returns ctx.Err(). Errors as checkedPercentile's,
// then errNoResamples.
func bootstrap(ctx context.Context, samples []float64, p float64, resamples int32) (float64, error) {
	switch {
	case !(p >= 0 && p <= 100):
		return 0, fmt.Errorf("percentile %g is outside [0, 100]", p)
	case len(samples) == 0:
		return 0, errNoValues
	case resamples < 1:
		return 0, errNoResamples
	}
	rng := rand.New(rand.NewSource(bootstrapSeed))
	draw := make([]float64, len(samples))
	var estimates moments
	for i := int32(0); i < resamples; i++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		for j := range draw {
			draw[j] = samples[rng.Intn(len(samples))]
		}
		sort.Float64s(draw)
		estimates.add(percentile(draw, p))
	}
	s, _ := estimates.summary()
	return s.stddev, nil
}

// callPred calls a stats_count_if predicate (fn not nil) through the trampoline.
func callPred(fn, user unsafe.Pointer, x float64) bool {
	return C.stats_call_pred(fn, user, C.double(x)) != 0
}
