package main

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"unsafe"
)

// The ownership shapes: buffer free functions of three arities, strings and Counters through
// out parameters, null/sentinel returns, per-Counter messages, non-zero success codes, closes
// that return a status, empty-span probes and signed lengths. Tests that read the thread's last
// error lock their OS thread.

func lockThread(t *testing.T) {
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
}

// wantLastError checks (and takes) the thread's last error.
func wantLastError(t *testing.T, what, want string) {
	t.Helper()
	if msg, ok := lastError(); !ok || msg != want {
		t.Errorf("%s: last error (%q, %v), want %q", what, msg, ok, want)
	}
}

type shapeStats struct{ live, bad int64 }

func shapeSnapshot() shapeStats {
	return shapeStats{int64(gotest_live_shape_buffers()), int64(gotest_bad_frees())}
}

func assertShapes(t *testing.T, before, want shapeStats) {
	t.Helper()
	now := shapeSnapshot()
	if got := (shapeStats{now.live - before.live, now.bad - before.bad}); got != want {
		t.Fatalf("moved (live, bad frees) = %+v, want %+v", got, want)
	}
}

func read[T any](p *T, n csize) []T { return slices.Clone(unsafe.Slice(p, int(n))) }

func TestShapeRegistry(t *testing.T) {
	var r shapeRegistry
	var released []unsafe.Pointer
	release := func(p unsafe.Pointer) { released = append(released, p) }
	a, b := unsafe.Pointer(new([16]byte)), unsafe.Pointer(new([16]byte))
	r.add(nil, shapeEntry{kindBytesP, 0, 0})
	r.add(a, shapeEntry{kindBytesPlc, 3, 10})
	r.add(b, shapeEntry{kindBytesP, 4, 4})
	if r.count() != 2 {
		t.Fatalf("count %d, want 2", r.count())
	}
	plc := func(n, c uintptr) freeClaim { return freeClaim{kindBytesPlc, n, c, true, true} }
	for _, bad := range []struct {
		p     unsafe.Pointer
		claim freeClaim
	}{
		{a, plc(3, 3)},
		{a, plc(10, 10)},
		{a, freeClaim{kind: kindBytesPl, len: 3, hasLen: true}},
		{a, freeClaim{kind: kindBytesP}},
		{unsafe.Add(a, 1), plc(3, 10)},
		{nil, freeClaim{kind: kindBytesPl, len: 1, hasLen: true}},
	} {
		r.free(bad.p, bad.claim, release)
	}
	r.free(nil, freeClaim{kind: kindBytesPlc, hasLen: true, hasCap: true}, release)
	if r.count() != 2 || r.badFrees() != 6 || len(released) != 0 {
		t.Fatalf("count %d, bad %d, released %v: want 2, 6, none", r.count(), r.badFrees(), released)
	}
	r.free(a, plc(3, 10), release)
	r.free(b, freeClaim{kind: kindBytesP}, release)
	r.free(b, freeClaim{kind: kindBytesP}, release)
	if r.count() != 0 || r.badFrees() != 7 || !slices.Equal(released, []unsafe.Pointer{a, b}) {
		t.Fatalf("count %d, bad %d, released %v", r.count(), r.badFrees(), released)
	}
}

func TestShapeBuffersThroughOutParameters(t *testing.T) {
	before := shapeSnapshot()
	var p *cuint8
	var n, c csize
	if got := gotest_bytes_out_p(300, &p, &n); got != 0 || n != 300 || !slices.Equal(read(p, n)[255:258], []cuint8{255, 0, 1}) {
		t.Fatalf("bytes_out_p(300) = %d, len %d", got, n)
	}
	gotest_bytes_free_p(p)
	if got := gotest_bytes_out_pl(5, &p, &n); got != 0 || !slices.Equal(read(p, n), []cuint8{0, 1, 2, 3, 4}) {
		t.Fatalf("bytes_out_pl(5) = %d", got)
	}
	gotest_bytes_free_pl(p, n)
	if got := gotest_bytes_out_plc(5, &p, &n, &c); got != 0 || n != 5 || c != 5+extraCap {
		t.Fatalf("bytes_out_plc(5) = %d, len %d, cap %d", got, n, c)
	}
	assertShapes(t, before, shapeStats{1, 0})
	gotest_bytes_free_plc(p, n, c)
	var q *cuint32
	if got := gotest_u32s_out_pl(4, &q, &n); got != 0 || !slices.Equal(read(q, n), []cuint32{0, 3, 6, 9}) {
		t.Fatalf("u32s_out_pl(4) = %d", got)
	}
	gotest_u32s_free_pl(q, n)
	assertShapes(t, before, shapeStats{0, 0})
}

func TestShapeBuffersByValue(t *testing.T) {
	before := shapeSnapshot()
	b := gotest_bytes_ret_p(3)
	if !slices.Equal(read(b.ptr, b.len), []cuint8{0, 1, 2}) {
		t.Fatal("bytes_ret_p(3)")
	}
	gotest_bytes_free_p(b.ptr)
	b = gotest_bytes_ret_pl(2)
	gotest_bytes_free_pl(b.ptr, b.len)
	bc := gotest_bytes_ret_plc(1)
	if bc.len != 1 || bc.cap != 1+extraCap {
		t.Fatalf("bytes_ret_plc(1) = {%v, %d, %d}", bc.ptr, bc.len, bc.cap)
	}
	gotest_bytes_free_plc(bc.ptr, bc.len, bc.cap)
	for _, n := range []cuint32{0, maxN + 1, hostileN, 0xFFFFFFFF} {
		if b := gotest_bytes_ret_p(n); b != (shapeBytes{}) {
			t.Errorf("bytes_ret_p(%d) = %+v", n, b)
		}
		if b := gotest_bytes_ret_pl(n); b != (shapeBytes{}) {
			t.Errorf("bytes_ret_pl(%d) = %+v", n, b)
		}
		if b := gotest_bytes_ret_plc(n); b != (shapeBytesCap{}) {
			t.Errorf("bytes_ret_plc(%d) = %+v", n, b)
		}
	}
	assertShapes(t, before, shapeStats{0, 0})
}

func TestEveryMismatchedShapeFreeIsCountedAndLeavesTheBufferLive(t *testing.T) {
	before := shapeSnapshot()
	pl, plc, p := gotest_bytes_ret_pl(8), gotest_bytes_ret_plc(8), gotest_bytes_ret_p(8)
	var q *cuint32
	var qlen csize
	gotest_u32s_out_pl(8, &q, &qlen)
	assertShapes(t, before, shapeStats{4, 0})

	gotest_bytes_free_pl(pl.ptr, 7)                                           // wrong length
	gotest_bytes_free_plc(plc.ptr, plc.len, plc.len)                          // len for cap
	gotest_bytes_free_plc(plc.ptr, plc.cap, plc.cap)                          // cap for len
	gotest_bytes_free_p(pl.ptr)                                               // wrong function
	gotest_bytes_free_pl(p.ptr, p.len)                                        // wrong function, right length
	gotest_u32s_free_pl(q, qlen*4)                                            // bytes, not elements
	gotest_bytes_free_pl((*cuint8)(unsafe.Pointer(q)), qlen)                  // a u32 buffer through the byte free
	gotest_bytes_free_pl((*cuint8)(unsafe.Add(unsafe.Pointer(pl.ptr), 1)), 7) // inside an allocation
	gotest_bytes_free_pl(nil, 3)                                              // null with a length
	assertShapes(t, before, shapeStats{4, 9})

	gotest_bytes_free_p(nil) // the empty buffer: no-ops
	gotest_bytes_free_pl(nil, 0)
	gotest_bytes_free_plc(nil, 0, 0)
	gotest_u32s_free_pl(nil, 0)
	assertShapes(t, before, shapeStats{4, 9})

	gotest_bytes_free_pl(pl.ptr, pl.len)
	gotest_bytes_free_plc(plc.ptr, plc.len, plc.cap)
	gotest_bytes_free_p(p.ptr)
	gotest_u32s_free_pl(q, qlen)
	assertShapes(t, before, shapeStats{0, 9})
	gotest_bytes_free_pl(pl.ptr, pl.len) // twice
	gotest_bytes_free_p(p.ptr)
	assertShapes(t, before, shapeStats{0, 11})
}

func TestShapeBuffersEmptyTooLargeHostileAndNullOuts(t *testing.T) {
	lockThread(t)
	before := shapeSnapshot()
	junk := (*cuint8)(unsafe.Pointer(new(byte)))
	p, n, c := junk, csize(9), csize(9)
	if got := gotest_bytes_out_plc(0, &p, &n, &c); got != 0 || p != nil || n != 0 || c != 0 {
		t.Errorf("bytes_out_plc(0) = %d, {%v, %d, %d}: want the empty buffer", got, p, n, c)
	}
	for _, big := range []cuint32{0xFFFFFFFF, maxN + 1} {
		p, n = junk, 9
		if got := gotest_bytes_out_pl(big, &p, &n); got != 2 || p != nil || n != 0 {
			t.Errorf("bytes_out_pl(%d) = %d, {%v, %d}", big, got, p, n)
		}
		wantLastError(t, "too large", "n too large")
	}
	if got := gotest_bytes_out_plc(hostileN, &p, &n, &c); got != 2 || !slices.Equal(read(p, n), []cuint8{0, 1, 2, 3}) || c != 4+extraCap {
		t.Errorf("bytes_out_plc(hostile) = %d, len %d, cap %d", got, n, c)
	}
	wantLastError(t, "hostile", "n too large (a buffer was written anyway)")
	assertShapes(t, before, shapeStats{1, 0})
	gotest_bytes_free_plc(p, n, c)
	var q *cuint32
	if got := gotest_u32s_out_pl(hostileN, &q, &n); got != 2 || !slices.Equal(read(q, n), []cuint32{0, 3, 6, 9}) {
		t.Errorf("u32s_out_pl(hostile) = %d", got)
	}
	gotest_u32s_free_pl(q, n)

	calls := map[string]func() cint32{
		"bytes_out_p(3, null, &n)":       func() cint32 { return gotest_bytes_out_p(3, nil, &n) },
		"bytes_out_pl(3, &p, null)":      func() cint32 { return gotest_bytes_out_pl(3, &p, nil) },
		"bytes_out_plc(3, &p, &n, null)": func() cint32 { return gotest_bytes_out_plc(3, &p, &n, nil) },
		"u32s_out_pl(hostile, null, &n)": func() cint32 { return gotest_u32s_out_pl(hostileN, nil, &n) },
	}
	for name, call := range calls {
		if got := call(); got != 2 {
			t.Errorf("%s = %d", name, got)
		}
		wantLastError(t, name, "null out pointer")
	}
	assertShapes(t, before, shapeStats{0, 0})
}

func TestConcurrentFreesOfOneShapeBufferFreeItOnce(t *testing.T) {
	before := shapeSnapshot()
	for round := 0; round < 50; round++ {
		b := gotest_bytes_ret_plc(16)
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				gotest_bytes_free_plc(b.ptr, b.len, b.cap)
			}()
		}
		wg.Wait()
	}
	assertShapes(t, before, shapeStats{0, 150})
}

func TestStringsThroughOutParameters(t *testing.T) {
	lockThread(t)
	before := ownerStats()
	var s *cchar
	if got := gotest_string_out(42, &s); got != 0 || take(s) != "item-42" {
		t.Errorf("string_out(42) = %d", got)
	}
	s = (*cchar)(unsafe.Pointer(new(byte)))
	if got := gotest_string_out(0xFFFFFFFF, &s); got != 2 || s != nil {
		t.Errorf("string_out(max) = %d, %v", got, s)
	}
	wantLastError(t, "string_out(max)", "n too large")
	if got := gotest_string_out(1, nil); got != 2 {
		t.Errorf("string_out(1, null) = %d", got)
	}
	wantLastError(t, "string_out(1, null)", "null out pointer")
	if got := gotest_static_string_out(&s); got != 0 || goStr(s) != "static text" {
		t.Errorf("static_string_out = %d", got)
	}
	gotest_string_free(s) // borrowed: a bad free
	if got := gotest_maybe_string_out(1, &s); got != 0 || take(s) != "present" {
		t.Errorf("maybe_string_out(1) = %d", got)
	}
	if got := gotest_maybe_string_out(0, &s); got != 0 || s != nil {
		t.Errorf("maybe_string_out(0) = %d, %v", got, s)
	}
	for name, got := range map[string]cint32{
		"static_string_out(null)":   gotest_static_string_out(nil),
		"maybe_string_out(0, null)": gotest_maybe_string_out(0, nil),
	} {
		if got != 2 {
			t.Errorf("%s = %d", name, got)
		}
	}
	lastError()
	assertOwners(t, before, owners{badStrings: 1})
}

func TestCountersThroughOutParameters(t *testing.T) {
	lockThread(t)
	before := snapshot()
	var c, d cuintptr
	if got := gotest_counter_open(5, &c, 0); got != 0 || gotest_counter_get(c) != 5 {
		t.Errorf("counter_open(5, 0) = %d", got)
	}
	gotest_counter_free(c)
	c = 77
	if got := gotest_counter_open(5, &c, 1); got != 3 || c != 0 {
		t.Errorf("counter_open(5, 1) = %d, %d", got, c)
	}
	wantLastError(t, "flags 1", "open refused")
	if got := gotest_counter_open(6, &c, 2); got != 3 || gotest_counter_get(c) != 6 {
		t.Errorf("counter_open(6, 2) = %d", got)
	}
	wantLastError(t, "flags 2", "open failed (the handle must still be freed)")
	assertMoved(t, before, stats{1, 1, 0, 0})
	gotest_counter_free(c)
	if got := gotest_counter_open(6, &c, 7); got != 2 || c != 0 {
		t.Errorf("counter_open(6, 7) = %d, %d", got, c)
	}
	wantLastError(t, "flags 7", "unknown flags 7")
	if got := gotest_counter_open(6, nil, 2); got != 2 {
		t.Errorf("counter_open(6, null, 2) = %d", got)
	}
	wantLastError(t, "null out", "null out pointer")
	if got := gotest_counter_open_pair(&c, 1<<63-1, &d); got != 0 || gotest_counter_get(c) != 1<<63-1 || gotest_counter_get(d) != -1<<63 {
		t.Errorf("counter_open_pair(max) = %d", got)
	}
	gotest_counter_free(c)
	gotest_counter_free(d)
	if gotest_counter_open_pair(&c, 1, nil) != 2 || gotest_counter_open_pair(nil, 1, &d) != 2 {
		t.Error("counter_open_pair with a null out")
	}
	lastError()
	assertMoved(t, before, stats{0, 4, 0, 0})
}

func TestNullAndSentinelReturnsSetTheLastError(t *testing.T) {
	lockThread(t)
	before, strs := snapshot(), ownerStats()
	if h := gotest_counter_new_checked(-3); h != 0 {
		t.Errorf("counter_new_checked(-3) = %d", h)
	}
	wantLastError(t, "counter_new_checked(-3)", "start must not be negative: -3")
	h := gotest_counter_new_checked(0)
	if gotest_counter_get(h) != 0 {
		t.Error("counter_new_checked(0)")
	}
	gotest_counter_free(h)
	if msg, ok := lastError(); ok {
		t.Errorf("success left %q", msg)
	}
	parse := func(s string) cint64 {
		p, n := bytesOf(s)
		return gotest_parse_i64(p, csize(n))
	}
	for s, want := range map[string]cint64{"-42": -42, "+7": 7, "9223372036854775807": 1<<63 - 1, "-9223372036854775807": -1<<63 + 1} {
		if got := parse(s); got != want {
			t.Errorf("parse_i64(%q) = %d", s, got)
		}
	}
	for text, msg := range map[string]string{
		"12x":                  "not a number: 12x",
		"":                     "not a number: ",
		" 1":                   "not a number:  1",
		"1_0":                  "not a number: 1_0",
		"9223372036854775808":  "not a number: 9223372036854775808",
		"-9223372036854775808": "not a number: -9223372036854775808",
		"1\xff":                "not a number: 1\uFFFD",
	} {
		if got := parse(text); got != parseFailed {
			t.Errorf("parse_i64(%q) = %d", text, got)
		}
		wantLastError(t, text, msg)
	}
	if got := gotest_parse_i64(nil, 2); got != parseFailed {
		t.Errorf("parse_i64(null, 2) = %d", got)
	}
	wantLastError(t, "parse_i64(null, 2)", "null pointer with length 2")
	assertMoved(t, before, stats{0, 1, 0, 0})
	assertOwners(t, strs, owners{})
}

func TestPerCounterMessagesLeaveTheThreadAlone(t *testing.T) {
	lockThread(t)
	before, messages := snapshot(), liveMessages.Load()
	p, n := bytesOf("x")
	gotest_parse_i64(p, csize(n)) // the thread's last error: "not a number: x"
	c, d := gotest_counter_new(1<<63-2), gotest_counter_new(0)
	errmsg := func(h cuintptr) string { return goStringAt(gotest_counter_errmsg(h)) }
	if got := errmsg(c); got != "not an error" {
		t.Errorf("fresh errmsg = %q", got)
	}
	if gotest_counter_checked_add(c, 1) != 0 || gotest_counter_checked_add(c, 2) != statusOverflow || gotest_counter_get(c) != 1<<63-1 {
		t.Error("checked_add to the maximum")
	}
	if got := errmsg(c); got != "overflow adding 2 to 9223372036854775807" {
		t.Errorf("errmsg = %q", got)
	}
	if got := errmsg(d); got != "not an error" {
		t.Errorf("another counter's errmsg = %q", got)
	}
	if gotest_counter_checked_add(d, -1<<63) != 0 || gotest_counter_checked_add(d, -1) != statusOverflow {
		t.Error("checked_add to the minimum")
	}
	if got := errmsg(d); got != "overflow adding -1 to -9223372036854775808" {
		t.Errorf("errmsg = %q", got)
	}
	if gotest_counter_checked_add(c, -1) != 0 || errmsg(c) != "not an error" {
		t.Error("success does not clear the message")
	}
	wantLastError(t, "the thread's", "not a number: x")
	if got := liveMessages.Load() - messages; got != 1 {
		t.Errorf("%d messages live, want d's", got)
	}
	gotest_counter_free(c)
	gotest_counter_free(d)
	if got := liveMessages.Load() - messages; got != 0 {
		t.Errorf("%d messages outlived their Counters", got)
	}
	assertMoved(t, before, stats{0, 2, 0, 0})
}

func TestStepReturnsRowThenDone(t *testing.T) {
	c := gotest_counter_new(0)
	var got []cint32
	for i := 0; i < 4; i++ {
		got = append(got, gotest_counter_step(c, 3))
	}
	if !slices.Equal(got, []cint32{statusRow, statusRow, statusDone, statusDone}) {
		t.Errorf("steps = %v", got)
	}
	if gotest_counter_step(c, 0) != statusBadLimit || gotest_counter_get(c) != 4 {
		t.Error("a refused step")
	}
	if msg := goStringAt(gotest_counter_errmsg(c)); msg != "limit must be positive" {
		t.Errorf("errmsg = %q", msg)
	}
	if gotest_counter_step(c, 10) != statusRow || goStringAt(gotest_counter_errmsg(c)) != "not an error" {
		t.Error("a step after a refused one")
	}
	gotest_counter_free(c)
}

func TestCheckedCallsOnBadHandles(t *testing.T) {
	before := snapshot()
	c := gotest_counter_new(0)
	gotest_counter_free(c)
	if gotest_counter_checked_add(c, 1) != statusBadHandle || gotest_counter_step(0, 1) != statusBadHandle {
		t.Error("a bad handle")
	}
	if msg := goStringAt(gotest_counter_errmsg(c)); msg != "bad handle" {
		t.Errorf("errmsg of a bad handle = %q", msg)
	}
	g := gotest_counter_global()
	if gotest_counter_step(g, -1) != statusBadLimit || goStringAt(gotest_counter_errmsg(g)) != "limit must be positive" {
		t.Error("the global counter's message")
	}
	if gotest_counter_checked_add(g, 0) != 0 {
		t.Error("checked_add(global, 0)")
	}
	assertMoved(t, before, stats{0, 1, 0, 3})
}

func TestCloseAlwaysFreesAndReturnsTheStoredStatus(t *testing.T) {
	live, bad := gotest_live_closables(), gotest_bad_closes()
	ok, failing := gotest_closable_new(0), gotest_closable_new(3)
	if gotest_live_closables() != live+2 {
		t.Fatal("live closables")
	}
	if gotest_closable_close(failing) != 3 || gotest_closable_close(ok) != 0 || gotest_live_closables() != live {
		t.Error("close")
	}
	if gotest_closable_close(ok) != badClose || gotest_closable_close(0) != 0 {
		t.Error("close twice, close 0")
	}
	counter := gotest_counter_new(1)
	if gotest_closable_close(counter) != badClose || gotest_counter_get(counter) != 1 {
		t.Error("closing a Counter")
	}
	gotest_counter_free(counter)
	if gotest_live_closables() != live || gotest_bad_closes() != bad+2 {
		t.Errorf("live %d, bad %d", gotest_live_closables()-live, gotest_bad_closes()-bad)
	}
}

func TestSpanProbes(t *testing.T) {
	words := [2]uint64{}
	bytes := [3]byte{1, 1, 1}
	w, b := (*cuint64)(unsafe.Pointer(&words[0])), (*cuint8)(unsafe.Pointer(&bytes[0]))
	odd := unsafe.Add(unsafe.Pointer(&words[0]), 1)
	cases := []struct {
		name      string
		got, want cuint32
	}{
		{"u8(p, 0)", gotest_span_probe_u8(b, 0), 0},
		{"u8(p, 3)", gotest_span_probe_u8(b, 3), probeNonEmpty},
		{"u8(odd, 0)", gotest_span_probe_u8((*cuint8)(odd), 0), 0},
		{"u8(null, 0)", gotest_span_probe_u8(nil, 0), probeNull},
		{"u64(null, 0)", gotest_span_probe_u64(nil, 0), probeNull},
		{"u64(null, 1)", gotest_span_probe_u64(nil, 1), probeNull | probeNonEmpty},
		{"u64(odd, 0)", gotest_span_probe_u64((*cuint64)(odd), 0), probeMisaligned},
		{"u64(odd, 1)", gotest_span_probe_u64((*cuint64)(odd), 1), probeMisaligned | probeNonEmpty},
		{"u64(p, 2)", gotest_span_probe_u64(w, 2), probeNonEmpty},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("span_probe_%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestSignedLengths(t *testing.T) {
	ints := []int64{1, -2, 1<<63 - 1, 2}
	bytes := []byte{0, 7, 0, 9}
	text := []byte("a\u00e9\U0001F600")
	words := [2]uint64{}
	i := (*cint64)(unsafe.Pointer(&ints[0]))
	odd := (*cint64)(unsafe.Add(unsafe.Pointer(&words[0]), 1))
	b, s := (*cuint8)(&bytes[0]), (*cuint8)(&text[0])
	cases := []struct {
		name      string
		got, want int64
	}{
		{"sum(p, 4)", int64(gotest_sum_i64_len64(i, 4)), -1 << 63},
		{"sum(p, 2)", int64(gotest_sum_i64_len64(i, 2)), -1},
		{"sum(p, -1)", int64(gotest_sum_i64_len64(i, -1)), negativeLen},
		{"sum(null, 0)", int64(gotest_sum_i64_len64(nil, 0)), 0},
		{"sum(null, 3)", int64(gotest_sum_i64_len64(nil, 3)), unreadable},
		{"sum(odd, 0)", int64(gotest_sum_i64_len64(odd, 0)), unreadable},
		{"count(p, 4)", int64(gotest_count_u8_len32(b, 4)), 2},
		{"count(p, MinInt32)", int64(gotest_count_u8_len32(b, -1<<31)), negativeLen},
		{"count(null, 0)", int64(gotest_count_u8_len32(nil, 0)), 0},
		{"count(null, 1)", int64(gotest_count_u8_len32(nil, 1)), unreadable},
		{"utf8(p, all)", int64(gotest_utf8_len32(s, cint32(len(text)))), 3},
		{"utf8(p, 2)", int64(gotest_utf8_len32(s, 2)), notUTF8},
		{"utf8(p, -5)", int64(gotest_utf8_len32(s, -5)), negativeLen},
		{"utf8(null, 0)", int64(gotest_utf8_len32(nil, 0)), 0},
		{"utf8(null, 5)", int64(gotest_utf8_len32(nil, 5)), unreadable},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestParseI64AgreesWithTheRustRules(t *testing.T) {
	for text, want := range map[string]int64{"0": 0, "-0": 0, "+12": 12, "007": 7} {
		if got, msg := parseI64(text); got != want || msg != "" {
			t.Errorf("parseI64(%q) = %d, %q", text, got, msg)
		}
	}
	for _, text := range []string{"+", "-", "0x10", "1e3", "1.0", "١"} {
		if got, msg := parseI64(text); got != parseFailed || msg != "not a number: "+text {
			t.Errorf("parseI64(%q) = %d, %q", text, got, msg)
		}
	}
}
