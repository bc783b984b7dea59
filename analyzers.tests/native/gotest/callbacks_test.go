package main

import (
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The logic of the borrowed and retained callbacks, over Go functions (test files cannot use
// cgo, so the exports' C trampolines are exercised by the end-to-end tests).

func TestSumMapMapsInOrder(t *testing.T) {
	var seen []int32
	got := sumMap([]int32{3, -1, 4}, func(x int32) int32 { seen = append(seen, x); return x * x })
	if got != 26 || !reflect.DeepEqual(seen, []int32{3, -1, 4}) {
		t.Fatalf("sumMap = %d over %v, want 26 over [3 -1 4]", got, seen)
	}
	if got := sumMap([]int32{1 << 30, 1 << 30, 1 << 30}, func(x int32) int32 { return x }); got != 3<<30 {
		t.Errorf("sum = %d, want %d (int64, no int32 overflow)", got, int64(3<<30))
	}
	if got := sumMap(nil, func(int32) int32 { t.Fatal("called"); return 0 }); got != 0 {
		t.Errorf("empty sum = %d", got)
	}
}

func TestCountIfAndCallUntil(t *testing.T) {
	even := func(v int32) bool { return v%2 == 0 }
	for _, c := range []struct{ from, to, want int32 }{{0, 10, 5}, {-3, 3, 3}, {5, 5, 0}, {5, 1, 0}} {
		if got := countIf(c.from, c.to, even); got != c.want {
			t.Errorf("countIf(%d, %d) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
	if got := countIf(2147483640, 2147483647, even); got != 4 {
		t.Errorf("countIf near MaxInt32 = %d, want 4", got)
	}
	stopAt := func(stop int32) func(int32) int32 {
		return func(i int32) int32 {
			if i == stop {
				return -1
			}
			return i
		}
	}
	for _, c := range []struct{ n, stop, want int32 }{{10, 3, 4}, {3, 3, 3}, {0, 0, 0}, {-5, 0, 0}, {4, 0, 1}} {
		if got := callUntil(c.n, stopAt(c.stop)); got != c.want {
			t.Errorf("callUntil(%d) stopping at %d = %d calls, want %d", c.n, c.stop, got, c.want)
		}
	}
}

func TestEachWordSplitsOnAsciiSpacesOnly(t *testing.T) {
	text := []byte("  the quick\tbrown  fox ")
	var words []string
	var first *byte
	eachWord(text, func(w []byte) {
		if first == nil {
			first = &w[0]
		}
		words = append(words, string(w))
	})
	if !reflect.DeepEqual(words, []string{"the", "quick\tbrown", "fox"}) {
		t.Fatalf("words = %q", words)
	}
	if first != &text[2] {
		t.Error("a word is not a view into the text")
	}
	eachWord(nil, func([]byte) { t.Error("a word in nothing") })
	eachWord([]byte("   "), func([]byte) { t.Error("a word in spaces") })
}

func TestOnThreadsRunsEachGoroutineOnOneThreadAndWaits(t *testing.T) {
	var mu sync.Mutex
	threadOf := map[int32]map[uintptr]bool{}
	calls := 0
	onThreads(3, 4, func(g, i int32) {
		mu.Lock()
		defer mu.Unlock()
		if threadOf[g] == nil {
			threadOf[g] = map[uintptr]bool{}
		}
		threadOf[g][threadSelf()] = true
		calls++
		runtime.Gosched() // a goroutine that was not locked would be free to move now
	})
	if calls != 12 || len(threadOf) != 3 {
		t.Fatalf("%d calls from %d goroutines before returning, want 12 from 3", calls, len(threadOf))
	}
	for g, threads := range threadOf {
		if len(threads) != 1 {
			t.Errorf("goroutine %d ran on %d threads", g, len(threads))
		}
	}
	onThreads(0, 5, func(int32, int32) { t.Error("no threads, no calls") })
}

func TestATickerTicksThenReleasesOnce(t *testing.T) {
	before := tickersRunning.Load()
	var seen []int32
	tickersRunning.Add(1) // as gotest_ticker_start does before it starts the goroutine
	start := time.Now()
	runTicker(3, 5*time.Millisecond, func(n int32) { seen = append(seen, n) }, func() {
		if tickersRunning.Load() != before {
			t.Error("still counted running when released")
		}
		seen = append(seen, 0)
	})
	if !reflect.DeepEqual(seen, []int32{1, 2, 3, 0}) {
		t.Fatalf("seen = %v, want [1 2 3 0]", seen)
	}
	if elapsed := time.Since(start); elapsed < 10*time.Millisecond {
		t.Errorf("three ticks took %v, want two intervals", elapsed)
	}
}

func TestAltstackProbesAgree(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	sp, size := gotest_altstack_sp(), gotest_altstack_size()
	if sp == 0 || size == 0 {
		t.Fatalf("a Go thread has no signal stack: sp %#x size %d", sp, size)
	}
	if sp2 := gotest_altstack_sp(); sp2 != sp {
		t.Errorf("the same thread's signal stack moved: %#x then %#x", sp, sp2)
	}
}
