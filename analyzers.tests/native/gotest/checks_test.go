package main

import (
	"math"
	"slices"
	"testing"

	"boundaryanalyzers.dev/boundary"
)

// failure is the code and message an error crosses the boundary with.
func failure(err error) (int32, string) {
	if err == nil {
		return 0, ""
	}
	return boundary.ErrorCode(err, codeDefault), err.Error()
}

func TestDivide(t *testing.T) {
	cases := []struct {
		a, b, q int32
		code    int32
		msg     string
	}{
		{7, 2, 3, 0, ""},
		{-7, 2, -3, 0, ""},
		{1, 0, 0, 2, "division by zero"},
		{math.MinInt32, -1, 0, 42, "overflow"},
		{math.MinInt32, 1, math.MinInt32, 0, ""},
	}
	for _, c := range cases {
		q, err := divide(c.a, c.b)
		code, msg := failure(err)
		if q != c.q || code != c.code || msg != c.msg {
			t.Errorf("divide(%d, %d) = (%d, %d %q), want (%d, %d %q)", c.a, c.b, q, code, msg, c.q, c.code, c.msg)
		}
	}
}

func TestChecks(t *testing.T) {
	cases := []struct {
		name string
		err  error
		code int32
		msg  string
	}{
		{"lookup beta", second(lookup("beta")), 0, ""},
		{"lookup gamma", second(lookup("gamma")), 1, "no entry for 'gamma'"},
		{"checkStart(-1)", checkStart(-1), 2, "negative start"},
		{"checkStart(0)", checkStart(0), 0, ""},
		{"checkCount(-1)", checkCount(-1), 2, "negative count"},
		{"checkCount(0)", checkCount(0), 0, ""},
		{"greeting empty", second(checkedGreeting("")), 1, "empty name"},
		{"checkSign(-3)", checkSign(-3), codeDefault, "negative: -3"},
		{"checkSign(0)", checkSign(0), 0, ""},
		{"checkNonZero(-1)", checkNonZero(-1), 2, "negative"},
		{"checkNonZero(0)", checkNonZero(0), 1, "zero"},
		{"checkNonZero(1)", checkNonZero(1), 0, ""},
		{"checkNonNegative(0)", checkNonNegative(0), 0, ""},
		{"checkNonNegative(-1)", checkNonNegative(-1), 2, "negative"},
		{"paramError null", paramError(true, 4), 2, "null pointer with length 4"},
		{"paramError long", paramError(false, 1<<63), 2, "length 9223372036854775808 is too large"},
	}
	for _, c := range cases {
		if code, msg := failure(c.err); code != c.code || msg != c.msg {
			t.Errorf("%s = (%d, %q), want (%d, %q)", c.name, code, msg, c.code, c.msg)
		}
	}
	if v, _ := lookup("alpha"); v != "first" {
		t.Errorf("lookup(alpha) = %q", v)
	}
	if g, _ := checkedGreeting("Ada"); g != "Hello, Ada!" {
		t.Errorf("greeting = %q", g)
	}
}

func second[T any](_ T, err error) error { return err }

func TestRepeatAndRange(t *testing.T) {
	if repeat("ab", 3) != "ababab" || repeat("ab", 0) != "" || repeat("ab", -1) != "" {
		t.Error("repeat")
	}
	if got := rangeI32(5, 3); !slices.Equal(got, []int32{5, 6, 7}) {
		t.Errorf("rangeI32(5, 3) = %v", got)
	}
	if got := rangeI32(math.MaxInt32, 2); !slices.Equal(got, []int32{math.MaxInt32, math.MinInt32}) {
		t.Errorf("rangeI32 wraps: %v", got)
	}
	if rangeI32(1, 0) != nil || rangeI32(1, -5) != nil {
		t.Error("rangeI32 of count <= 0 must be empty")
	}
}

func TestBoomPanicsWithThePayload(t *testing.T) {
	err := boundary.Guard(func() error { boom(-4); return nil }, codePanic)
	if code, msg := failure(err); code != 99 || msg != "panic: boom -4" {
		t.Fatalf("boom = (%d, %q)", code, msg)
	}
}
