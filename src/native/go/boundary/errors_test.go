package boundary

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	var nilError *Error
	cases := []struct {
		name string
		err  error
		want int32
	}{
		{"nil", nil, 0},
		{"Error", NewError(2, "x"), 2},
		{"Errorf", Errorf(42, "overflow %d", 1), 42},
		{"wrapped", fmt.Errorf("context: %w", NewError(3, "io")), 3},
		{"plain", errors.New("plain"), 7},
		{"code 0", NewError(0, "zero code"), 7},
		{"typed nil", nilError, 7},
	}
	for _, c := range cases {
		if got := ErrorCode(c.err, 7); got != c.want {
			t.Errorf("ErrorCode(%s) = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	if got := Errorf(1, "no entry for '%s'", "k").Error(); got != "no entry for 'k'" {
		t.Errorf("Errorf message = %q", got)
	}
	var nilError *Error
	if nilError.Error() != "" || nilError.ForeignCode() != 0 {
		t.Error("a nil *Error must not panic")
	}
}

func TestGuardRecoversPanics(t *testing.T) {
	cases := []struct {
		name  string
		panic func()
		want  string
	}{
		{"string", func() { panic("boom 5") }, "panic: boom 5"},
		{"int", func() { panic(42) }, "panic: 42"},
		{"error", func() { panic(errors.New("bad")) }, "panic: bad"},
		{"runtime", func() {
			var m map[string]int
			m["x"] = 1
		}, "panic: assignment to entry in nil map"},
	}
	for _, c := range cases {
		err := Guard(func() error { c.panic(); return nil }, 99)
		if ErrorCode(err, 1) != 99 || err.Error() != c.want {
			t.Errorf("%s: Guard = (%d, %q), want (99, %q)", c.name, ErrorCode(err, 1), err, c.want)
		}
		v, err := GuardValue(func() (int, error) { c.panic(); return 1, nil }, 98)
		if v != 0 || ErrorCode(err, 1) != 98 || err.Error() != c.want {
			t.Errorf("%s: GuardValue = (%d, %d, %q)", c.name, v, ErrorCode(err, 1), err)
		}
	}
}

func TestGuardPassesResultsThrough(t *testing.T) {
	want := NewError(2, "x")
	if err := Guard(func() error { return want }, 99); err != want {
		t.Errorf("Guard error = %v", err)
	}
	if err := Guard(func() error { return nil }, 99); err != nil {
		t.Errorf("Guard success = %v", err)
	}
	if v, err := GuardValue(func() (string, error) { return "ok", nil }, 99); v != "ok" || err != nil {
		t.Errorf("GuardValue = (%q, %v)", v, err)
	}
}

// panicky is an error whose methods panic, so the reduction to code and message must be
// guarded too.
type panicky struct{}

func (panicky) Error() string      { panic("Error method") }
func (panicky) ForeignCode() int32 { return 5 }

func TestOutcome(t *testing.T) {
	v, code, msg, failed := outcome(func() (int, error) { return 3, nil }, 1, 99)
	if v != 3 || code != 0 || msg != "" || failed {
		t.Errorf("success = (%d, %d, %q, %v)", v, code, msg, failed)
	}
	v, code, msg, failed = outcome(func() (int, error) { return 3, errors.New("plain") }, 1, 99)
	if v != 0 || code != 1 || msg != "plain" || !failed {
		t.Errorf("plain error = (%d, %d, %q, %v): the value must be zeroed", v, code, msg, failed)
	}
	_, code, msg, failed = outcome(func() (int, error) { return 0, panicky{} }, 1, 99)
	if code != 99 || msg != "panic: Error method" || !failed {
		t.Errorf("panicking Error method = (%d, %q, %v)", code, msg, failed)
	}
}
