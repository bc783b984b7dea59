package main

import (
	"math"
	"sync"
	"testing"
)

// The registry is process-wide; these tests do not call t.Parallel, so each compares the
// statistics before and after itself.

type stats struct{ live, released, badReleases, badUses int64 }

func snapshot() stats {
	return stats{
		live:        int64(gotest_live_counters()),
		released:    int64(gotest_released_total()),
		badReleases: int64(gotest_bad_releases()),
		badUses:     int64(gotest_bad_uses()),
	}
}

// assertMoved checks how far each statistic moved since before.
func assertMoved(t *testing.T, before stats, want stats) {
	t.Helper()
	now := snapshot()
	got := stats{
		now.live - before.live,
		now.released - before.released,
		now.badReleases - before.badReleases,
		now.badUses - before.badUses,
	}
	if got != want {
		t.Fatalf("moved (live, released, bad releases, bad uses) = %+v, want %+v", got, want)
	}
}

func TestNewAddGetFree(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(10)
	assertMoved(t, before, stats{1, 0, 0, 0})
	if got := gotest_counter_add(c, 5); got != 15 {
		t.Errorf("add 5 = %d, want 15", got)
	}
	if got := gotest_counter_add(c, -20); got != -5 {
		t.Errorf("add -20 = %d, want -5", got)
	}
	if got := gotest_counter_get(c); got != -5 {
		t.Errorf("get = %d, want -5", got)
	}
	gotest_counter_free(c)
	assertMoved(t, before, stats{0, 1, 0, 0})
}

func TestDoubleFreeAndUseAfterFreeAreCounted(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(1)
	gotest_counter_free(c)
	gotest_counter_free(c)
	if got := gotest_counter_get(c); got != math.MinInt64 {
		t.Errorf("get after free = %d, want MinInt64", got)
	}
	if got := gotest_counter_add(c, 1); got != math.MinInt64 {
		t.Errorf("add after free = %d, want MinInt64", got)
	}
	if got := gotest_counter_into_value(c); got != math.MinInt64 {
		t.Errorf("into_value after free = %d, want MinInt64", got)
	}
	assertMoved(t, before, stats{0, 1, 2, 2})
}

func TestZeroAndForeignHandlesAreNeverTouched(t *testing.T) {
	before := snapshot()
	const foreign = math.MaxInt32 // never issued: cgo.Handle numbers count up from 1
	gotest_counter_free(0)
	gotest_counter_free(foreign)
	if got := gotest_counter_get(foreign); got != math.MinInt64 {
		t.Errorf("get(foreign) = %d, want MinInt64", got)
	}
	if got := gotest_counter_get(0); got != math.MinInt64 {
		t.Errorf("get(0) = %d, want MinInt64", got)
	}
	assertMoved(t, before, stats{0, 0, 2, 2})
}

func TestIntoValueConsumes(t *testing.T) {
	before := snapshot()
	if got := gotest_counter_into_value(gotest_counter_new(7)); got != 7 {
		t.Errorf("into_value = %d, want 7", got)
	}
	assertMoved(t, before, stats{0, 1, 0, 0})
}

func TestMergeBorrowsIntoAndConsumesFrom(t *testing.T) {
	before := snapshot()
	into, from := gotest_counter_new(100), gotest_counter_new(23)
	if got := gotest_counter_merge(into, from); got != 123 {
		t.Fatalf("merge = %d, want 123", got)
	}
	assertMoved(t, before, stats{1, 1, 0, 0})
	if got := gotest_counter_merge(into, from); got != math.MinInt64 {
		t.Errorf("merge of an already consumed from = %d, want MinInt64", got)
	}
	if got := gotest_counter_get(into); got != 123 {
		t.Errorf("into after a bad merge = %d, want 123", got)
	}
	gotest_counter_free(into)
	assertMoved(t, before, stats{0, 2, 1, 0})
}

func TestMergeIntoABadHandleStillConsumesFrom(t *testing.T) {
	before := snapshot()
	if got := gotest_counter_merge(0, gotest_counter_new(1)); got != math.MinInt64 {
		t.Errorf("merge into 0 = %d, want MinInt64", got)
	}
	assertMoved(t, before, stats{0, 1, 0, 1})
	same := gotest_counter_new(2)
	if got := gotest_counter_merge(same, same); got != math.MinInt64 {
		t.Errorf("merge into itself = %d, want MinInt64", got)
	}
	assertMoved(t, before, stats{0, 2, 0, 2})
}

func TestGlobalIsSharedUsableAndNeverFreed(t *testing.T) {
	before := snapshot()
	g := gotest_counter_global()
	if g == 0 || g != gotest_counter_global() {
		t.Fatalf("global = %d then %d, want one nonzero handle", g, gotest_counter_global())
	}
	start := gotest_counter_get(g)
	if got := gotest_counter_add(g, 3); got != start+3 {
		t.Errorf("add 3 to global = %d, want %d", got, start+3)
	}
	gotest_counter_free(g)
	if got := gotest_counter_into_value(g); got != math.MinInt64 {
		t.Errorf("into_value(global) = %d, want MinInt64", got)
	}
	if got := gotest_counter_get(g); got != start+3 {
		t.Errorf("global after free = %d, want %d: it must survive", got, start+3)
	}
	if got := gotest_counter_merge(g, gotest_counter_new(4)); got != start+7 {
		t.Errorf("merge into global = %d, want %d", got, start+7)
	}
	assertMoved(t, before, stats{0, 1, 2, 0})
}

func TestConcurrentAddsAreNotLost(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(0)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				gotest_counter_add(c, 1)
				gotest_counter_free(gotest_counter_new(1))
			}
		}()
	}
	wg.Wait()
	if got := gotest_counter_into_value(c); got != 8000 {
		t.Fatalf("value after 8000 concurrent adds = %d", got)
	}
	assertMoved(t, before, stats{0, 8001, 0, 0})
}
