package main

import (
	"math"
	"runtime"
	"testing"
	"unsafe"

	"boundaryanalyzers.dev/boundary"
)

// The three error shapes, through the exports. Shape 1 keeps the message per OS thread, so
// its tests lock theirs.

// lastError takes the thread's last error through the export and frees it; null gives "", false.
func lastError() (string, bool) {
	p := gotest_last_error()
	if p == nil {
		return "", false
	}
	return take(p), true
}

func TestShape1(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := ownerStats()
	out := cint32(-1)
	cases := []struct {
		name string
		call func() cint32
		code cint32
		msg  string
	}{
		{"checked_div(1, 0)", func() cint32 { return gotest_checked_div(1, 0, &out) }, 2, "division by zero"},
		{"checked_div(MinInt32, -1)", func() cint32 { return gotest_checked_div(math.MinInt32, -1, &out) }, 42, "overflow"},
		{"fail_io", gotest_fail_io, 3, "disk on fire"},
		{"status_panic(7)", func() cint32 { return gotest_status_panic(7, &out) }, 99, "panic: boom 7"},
		{"checked_counter(-1)", func() cint32 { return gotest_checked_counter(-1, new(cuintptr)) }, 2, "negative start"},
		{"checked_range(-1)", func() cint32 { return gotest_checked_range(-1, new(buffer)) }, 2, "negative count"},
	}
	for _, c := range cases {
		if got := c.call(); got != c.code {
			t.Errorf("%s = %d, want %d", c.name, got, c.code)
		}
		if msg, ok := lastError(); !ok || msg != c.msg {
			t.Errorf("%s: last_error = (%q, %v), want %q", c.name, msg, ok, c.msg)
		}
		if msg, ok := lastError(); ok {
			t.Errorf("%s: second last_error = %q, want null: taking clears", c.name, msg)
		}
	}
	if out != -1 {
		t.Errorf("a failure wrote *out = %d", out)
	}
	// Only the most recent failure's message is kept, and a success does not clear it.
	gotest_fail_io()
	gotest_checked_div(1, 0, &out)
	gotest_checked_div(4, 2, &out)
	if msg, _ := lastError(); msg != "division by zero" {
		t.Errorf("last_error after fail, fail, success = %q, want the second failure's", msg)
	}
	gotest_fail_io()
	if got := gotest_fail_silent(); got != 1 {
		t.Errorf("fail_silent = %d", got)
	}
	if msg, ok := lastError(); ok {
		t.Errorf("last_error after fail_silent = %q, want null", msg)
	}
	assertOwners(t, before, owners{})
}

func TestShape1Success(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, counters := ownerStats(), snapshot()
	var q cint32
	if got := gotest_checked_div(-7, 2, &q); got != 0 || q != -3 {
		t.Errorf("checked_div(-7, 2) = %d, out %d", got, q)
	}
	for key, want := range map[string]string{"alpha": "first", "beta": "second"} {
		var s *cchar
		p, n := bytesOf(key)
		if got := gotest_lookup(p, csize(n), &s); got != 0 || s == nil {
			t.Fatalf("lookup(%s) = %d, %v", key, got, s)
		}
		if got := take(s); got != want {
			t.Errorf("lookup(%s) = %q, want %q", key, got, want)
		}
	}
	var s *cchar
	p, n := bytesOf("gamma")
	if got := gotest_lookup(p, csize(n), &s); got != 1 || s != nil {
		t.Errorf("lookup(gamma) = %d, %v", got, s)
	}
	if msg, _ := lastError(); msg != "no entry for 'gamma'" {
		t.Errorf("lookup(gamma) message = %q", msg)
	}
	if got := gotest_lookup(nil, 3, &s); got != 2 || s != nil {
		t.Errorf("lookup(null, 3) = %d, %v", got, s)
	}
	if msg, _ := lastError(); msg != "null pointer with length 3" {
		t.Errorf("lookup(null, 3) message = %q", msg)
	}
	var h cuintptr
	if got := gotest_checked_counter(5, &h); got != 0 || gotest_counter_get(h) != 5 {
		t.Errorf("checked_counter(5) = %d, value %d", got, gotest_counter_get(h))
	}
	gotest_counter_free(h)
	var b buffer
	if got := gotest_checked_range(3, &b); got != 0 || !equal(elements[int32](b), []int32{0, 1, 2}) {
		t.Errorf("checked_range(3) = %d, %v", got, elements[int32](b))
	}
	gotest_buffer_free(b.ptr)
	if got := gotest_checked_range(0, &b); got != 0 || b.ptr != nil || b.len != 0 {
		t.Errorf("checked_range(0) = %d, {%v, %d}", got, b.ptr, b.len)
	}
	assertOwners(t, before, owners{})
	assertMoved(t, counters, stats{0, 1, 0, 0})
}

func TestShape2(t *testing.T) {
	before, counters := ownerStats(), snapshot()
	msg := func(p *cchar) string {
		if p == nil {
			return "<null>"
		}
		return take(p)
	}
	if q, m := gotest_go_div(7, 2); q != 3 || m != nil {
		t.Errorf("go_div(7, 2) = (%d, %v)", q, m)
	}
	if q, m := gotest_go_div(7, 0); q != 0 || msg(m) != "division by zero" {
		t.Errorf("go_div(7, 0) = %d", q)
	}
	if q, m := gotest_go_div(math.MinInt32, -1); q != 0 || msg(m) != "overflow" {
		t.Errorf("go_div(MinInt32, -1) = %d", q)
	}
	if m := gotest_go_check(1); m != nil {
		t.Error("go_check(1) failed")
	}
	if m := msg(gotest_go_check(-5)); m != "negative: -5" {
		t.Errorf("go_check(-5) = %q", m)
	}
	p, n := bytesOf("Bob")
	if g, m := gotest_go_greet(p, csize(n)); m != nil || take(g) != "Hello, Bob!" {
		t.Error("go_greet(Bob)")
	}
	if g, m := gotest_go_greet(nil, 0); g != nil || msg(m) != "empty name" {
		t.Error("go_greet(empty)")
	}
	if g, m := gotest_go_greet(nil, 4); g != nil || msg(m) != "null pointer with length 4" {
		t.Error("go_greet(null, 4)")
	}
	if h, m := gotest_go_counter(9); m != nil || gotest_counter_into_value(h) != 9 {
		t.Error("go_counter(9)")
	}
	if h, m := gotest_go_counter(-9); h != 0 || msg(m) != "negative start" {
		t.Error("go_counter(-9)")
	}
	if v, m := gotest_go_panic(3); v != 0 || msg(m) != "panic: boom 3" {
		t.Error("go_panic(3)")
	}
	type outcome struct {
		v, code cint32
		msg     string
	}
	cases := []struct {
		name      string
		got, want outcome
	}{}
	add := func(name string, v, code cint32, m *cchar, want outcome) {
		cases = append(cases, struct {
			name      string
			got, want outcome
		}{name, outcome{v, code, msg(m)}, want})
	}
	v, c, m := gotest_go_div_code(9, 3)
	add("go_div_code(9, 3)", v, c, m, outcome{3, 0, "<null>"})
	v, c, m = gotest_go_div_code(9, 0)
	add("go_div_code(9, 0)", v, c, m, outcome{0, 2, "division by zero"})
	v, c, m = gotest_go_div_code(math.MinInt32, -1)
	add("go_div_code(MinInt32, -1)", v, c, m, outcome{0, 42, "overflow"})
	c, m = gotest_go_check_code(-1)
	add("go_check_code(-1)", 0, c, m, outcome{0, 2, "negative"})
	c, m = gotest_go_check_code(0)
	add("go_check_code(0)", 0, c, m, outcome{0, 1, "zero"})
	c, m = gotest_go_check_code(1)
	add("go_check_code(1)", 0, c, m, outcome{0, 0, "<null>"})
	v, c, m = gotest_go_panic_code(-2)
	add("go_panic_code(-2)", v, c, m, outcome{0, 99, "panic: boom -2"})
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
	assertOwners(t, before, owners{})
	assertMoved(t, counters, stats{0, 1, 0, 0})
}

// readRecord reads a record and frees it through the export.
func readRecord(e *errorRec) (int32, string) {
	defer gotest_error_free(e)
	return boundary.ReadErrorRecord(unsafe.Pointer(e))
}

func TestShape3(t *testing.T) {
	before := ownerStats()
	var e *errorRec
	if q := gotest_oe_div(9, 3, &e); q != 3 || e != nil {
		t.Errorf("oe_div(9, 3) = %d, %v", q, e)
	}
	cases := []struct {
		name string
		run  func(**errorRec)
		code int32
		msg  string
	}{
		{"oe_div(1, 0)", func(e **errorRec) { check(t, gotest_oe_div(1, 0, e) == 0) }, 2, "division by zero"},
		{"oe_div(MinInt32, -1)", func(e **errorRec) { check(t, gotest_oe_div(math.MinInt32, -1, e) == 0) }, 42, "overflow"},
		{"oe_greet(empty)", func(e **errorRec) { check(t, gotest_oe_greet(nil, 0, e) == nil) }, 1, "empty name"},
		{"oe_greet(null, 2)", func(e **errorRec) { check(t, gotest_oe_greet(nil, 2, e) == nil) }, 2, "null pointer with length 2"},
		{"oe_check(-1)", func(e **errorRec) { gotest_oe_check(-1, e) }, 2, "negative"},
		{"oe_panic(6)", func(e **errorRec) { check(t, gotest_oe_panic(6, e) == 0) }, 99, "panic: boom 6"},
	}
	for _, c := range cases {
		var e *errorRec
		c.run(&e)
		if e == nil {
			t.Errorf("%s left *err null", c.name)
			continue
		}
		if code, msg := readRecord(e); code != c.code || msg != c.msg {
			t.Errorf("%s = {%d, %q}, want {%d, %q}", c.name, code, msg, c.code, c.msg)
		}
	}
	p, n := bytesOf("Cy")
	if g := gotest_oe_greet(p, csize(n), &e); e != nil || take(g) != "Hello, Cy!" {
		t.Error("oe_greet(Cy)")
	}
	gotest_oe_check(0, &e)
	if e != nil {
		t.Error("oe_check(0) failed")
	}
	// The messages are owned by the records: no owned string moved, and a null err is fine.
	gotest_oe_check(-1, nil)
	assertOwners(t, before, owners{})
}

func check(t *testing.T, ok bool) {
	t.Helper()
	if !ok {
		t.Error("a failed call returned a nonzero result")
	}
}

func TestShape3SuccessLeavesErrUntouchedAndBadFreesAreCounted(t *testing.T) {
	before := ownerStats()
	sentinel := new(errorRec)
	e := sentinel
	gotest_oe_div(4, 2, &e)
	if e != sentinel {
		t.Fatal("success touched *err")
	}
	gotest_error_free(nil)
	gotest_error_free(sentinel)
	gotest_oe_div(4, 0, &e)
	gotest_error_free(e)
	gotest_error_free(e)
	assertOwners(t, before, owners{badErrors: 2})
}
