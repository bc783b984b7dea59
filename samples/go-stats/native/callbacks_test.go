package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"boundaryanalyzers.dev/boundary"
	"boundaryanalyzers.dev/samples/stats/internal/ctest"
)

func TestEachAndCountIfWalkACopy(t *testing.T) {
	a := accumulatorOf([]float64{3, 1, 2})
	var seen []float64
	if n := a.each(func(x float64) {
		seen = append(seen, x)
		a.add(x * 10) // back into the same accumulator, from inside the walk: no deadlock
	}); n != 3 || !slices.Equal(seen, []float64{3, 1, 2}) {
		t.Fatalf("each = %d over %v, want 3 over [3 1 2]", n, seen)
	}
	if got := a.count(); got != 6 {
		t.Errorf("count after adding from the visitor = %d, want 6", got)
	}
	if got := a.countIf(func(x float64) bool { return x >= 3 }); got != 4 {
		t.Errorf("countIf(>= 3) = %d, want 4 (3, 30, 10, 20)", got)
	}
	if got := new(accumulator).each(func(float64) { t.Error("called for an empty accumulator") }); got != 0 {
		t.Errorf("empty each = %d", got)
	}
}

func TestBootstrapIsReproducibleAndChecksItsArguments(t *testing.T) {
	ctx := context.Background()
	all := append(slices.Clone(serverA), serverB...)
	se, err := bootstrap(ctx, all, 50, 2000)
	if err != nil || !(se > 0 && se < 10) {
		t.Fatalf("bootstrap p50 = (%v, %v), want a spread of a few ms", se, err)
	}
	if again, _ := bootstrap(ctx, all, 50, 2000); again != se {
		t.Errorf("same samples, different estimate: %v then %v (the seed is fixed)", se, again)
	}
	if same, _ := bootstrap(ctx, []float64{5, 5, 5}, 95, 100); same != 0 {
		t.Errorf("identical samples have a spread of %v, want 0", same)
	}
	for _, c := range []struct {
		samples   []float64
		p         float64
		resamples int32
		want      string
	}{
		{all, 101, 10, "percentile 101 is outside [0, 100]"},
		{all, math.NaN(), 10, "percentile NaN is outside [0, 100]"},
		{nil, 50, 10, "no values"},
		{all, 50, 0, "resamples must be at least 1"},
	} {
		if got, err := bootstrap(ctx, c.samples, c.p, c.resamples); got != 0 || err == nil || err.Error() != c.want {
			t.Errorf("bootstrap(p=%v, %d resamples) = (%v, %v), want %q", c.p, c.resamples, got, err, c.want)
		}
	}
}

func TestBootstrapStopsWhenItsContextIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := bootstrap(ctx, serverA, 50, math.MaxInt32); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// The exports, called directly from Go with C callbacks (internal/ctest).

func TestEachAndCountIfExports(t *testing.T) {
	h := stats_new()
	defer stats_free(h)
	stats_add_all(h, (*cdouble)(&serverB[0]), csize(len(serverB)))
	rec := ctest.New()
	defer rec.Free()
	if n := stats_each(h, ctest.Record, rec.User()); n != 6 || !slices.Equal(rec.Values(), serverB) {
		t.Fatalf("stats_each = %d calls with %v, want 6 with %v", n, rec.Values(), serverB)
	}
	above := ctest.New()
	defer above.Free()
	above.SetThreshold(10)
	if n := stats_count_if(h, ctest.Above, above.User()); n != 2 || above.Calls() != 6 {
		t.Errorf("stats_count_if(> 10) = %d after %d calls, want 2 (15.5, 120.4) after 6", n, above.Calls())
	}
	if stats_each(h, nil, nil) != 0 || stats_count_if(h, nil, nil) != 0 || stats_each(0, ctest.Record, rec.User()) != 0 {
		t.Error("a null callback or a bad handle was not refused")
	}
}

// waitDone waits for a DoneGo recorder's one call and returns (r0, message), freeing the message.
func waitDone(t *testing.T, rec ctest.Rec) (float64, string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); rec.Calls() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("done was never called")
		}
	}
	v, msg := rec.Result()
	defer stats_string_free((*cchar)(msg))
	return v, boundary.GoStringNUL(msg)
}

func TestBootstrapAsyncExportCompletesOnceAndCancels(t *testing.T) {
	h := stats_new()
	stats_add_all(h, (*cdouble)(&serverA[0]), csize(len(serverA)))
	want, _ := bootstrap(context.Background(), serverA, 95, 500)

	ok := ctest.New()
	defer ok.Free()
	stats_bootstrap_async(h, 95, 500, ctest.DoneGo, ok.User())
	stats_free(h) // the operation has its own copy of the samples
	if v, msg := waitDone(t, ok); v != want || msg != "" {
		t.Errorf("done(%v, %q), want done(%v, NULL)", v, msg, want)
	}

	bad := ctest.New()
	defer bad.Free()
	stats_bootstrap_async(h, 95, 500, ctest.DoneGo, bad.User()) // released by now
	if v, msg := waitDone(t, bad); v != 0 || msg != "not a live stats handle" {
		t.Errorf("bad handle: done(%v, %q)", v, msg)
	}

	long := ctest.New()
	defer long.Free()
	h = stats_new()
	defer stats_free(h)
	stats_add_all(h, (*cdouble)(&serverA[0]), csize(len(serverA)))
	stats_bootstrap_async(h, 95, math.MaxInt32, ctest.DoneGo, long.User()) // hours of work
	stats_cancel(long.User())
	if v, msg := waitDone(t, long); v != 0 || msg != "context canceled" {
		t.Errorf("cancelled: done(%v, %q)", v, msg)
	}
	if long.Calls() != 1 || ok.Calls() != 1 || bad.Calls() != 1 {
		t.Errorf("done calls %d, %d, %d: want exactly one each", ok.Calls(), bad.Calls(), long.Calls())
	}
	stats_cancel(long.User()) // finished: nothing happens
	stats_cancel(nil)
	stats_bootstrap_async(h, 95, 500, nil, nil) // a null done starts nothing
	if n := stats_pending(); n != 0 {
		t.Errorf("%d operations still pending", n)
	}
}

func TestWatchMaxReportsEachNewMaximumUntilUnwatched(t *testing.T) {
	a := new(accumulator)
	var got []float64
	unwatch := a.watchMax(func(m float64) { got = append(got, m) })
	again := a.watchMax(func(m float64) {
		a.add(m - 1) // back into the same accumulator from inside a notification: no deadlock
	})
	a.add(3)
	a.add(1)
	a.add(5)
	a.add(5) // equal: not a new maximum
	a.addAll([]float64{4, 7, 6, 9})
	a.absorb(accumulatorOf([]float64{2, 12}))
	a.absorb(accumulatorOf([]float64{11}))
	a.absorb(new(accumulator))
	unwatch()
	again()
	a.add(100)
	if want := []float64{3, 5, 7, 9, 12}; !slices.Equal(got, want) {
		t.Fatalf("new maxima %v, want %v", got, want)
	}
	if a.count() != 17 {
		t.Errorf("count = %d, want the 12 added plus 5 by the second watcher", a.count())
	}
}

func TestNewMaxSubscriptionExports(t *testing.T) {
	h := stats_new()
	defer stats_free(h)
	live := stats_live()
	rec := ctest.New()
	defer rec.Free()
	s := stats_on_new_max(h, ctest.Record, rec.User())
	if s == 0 || liveSubscriptions() != 1 || stats_live() != live {
		t.Fatalf("subscription %d, %d live, stats_live %d: want one subscription that is no accumulator", s, liveSubscriptions(), stats_live())
	}
	stats_add(h, 2)
	stats_add(h, 1)
	xs := []float64{3, 8, 5}
	stats_add_all(h, (*cdouble)(&xs[0]), csize(len(xs)))
	stats_unsubscribe(s)
	stats_add(h, 10)
	stats_unsubscribe(s) // ended already: ignored
	if want := []float64{2, 3, 8}; !slices.Equal(rec.Values(), want) {
		t.Errorf("callback got %v, want %v and nothing after stats_unsubscribe", rec.Values(), want)
	}
	if stats_on_new_max(0, ctest.Record, rec.User()) != 0 || stats_on_new_max(h, nil, nil) != 0 || liveSubscriptions() != 0 {
		t.Errorf("a bad handle or a null callback subscribed (%d live)", liveSubscriptions())
	}
}
