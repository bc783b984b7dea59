package main

import (
	"math"
	"testing"
)

func TestAddsWrap(t *testing.T) {
	if got := gotest_add_i8(math.MaxInt8, 1); got != math.MinInt8 {
		t.Errorf("add_i8(MaxInt8, 1) = %d", got)
	}
	if got := gotest_add_u8(255, 2); got != 1 {
		t.Errorf("add_u8(255, 2) = %d", got)
	}
	if got := gotest_add_i16(math.MinInt16, -1); got != math.MaxInt16 {
		t.Errorf("add_i16(MinInt16, -1) = %d", got)
	}
	if got := gotest_add_u32(math.MaxUint32, 1); got != 0 {
		t.Errorf("add_u32(MaxUint32, 1) = %d", got)
	}
	if got := gotest_add_i64(math.MinInt64, -1); got != math.MaxInt64 {
		t.Errorf("add_i64(MinInt64, -1) = %d", got)
	}
	if got := gotest_add_usize(math.MaxUint64, 1); got != 0 {
		t.Errorf("add_usize(MaxUint64, 1) = %d", got)
	}
	if got := gotest_add_isize(math.MaxInt64, 1); got != math.MinInt64 {
		t.Errorf("add_isize(MaxInt64, 1) = %d", got)
	}
	if got := gotest_add_f32(0.5, 0.25); got != 0.75 {
		t.Errorf("add_f32(0.5, 0.25) = %v", got)
	}
	if got := gotest_add_f64(0.5, 0.25); got != 0.75 {
		t.Errorf("add_f64(0.5, 0.25) = %v", got)
	}
}

func TestBoolsAreCanonicalBytes(t *testing.T) {
	cases := []struct {
		name      string
		got, want uint8
	}{
		{"not(0)", uint8(gotest_not(0)), 1},
		{"not(1)", uint8(gotest_not(1)), 0},
		{"not(7)", uint8(gotest_not(7)), 0},
		{"and3(1, 2, 255)", uint8(gotest_and3(1, 2, 255)), 1},
		{"and3(1, 0, 1)", uint8(gotest_and3(1, 0, 1)), 0},
		{"bool_byte(42)", uint8(gotest_bool_byte(42)), 42},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestEnums(t *testing.T) {
	cases := []struct {
		name      string
		got, want int64
	}{
		{"next_color(0)", int64(gotest_next_color(0)), 1},
		{"next_color(2)", int64(gotest_next_color(2)), 0},
		{"next_color(-5)", int64(gotest_next_color(-5)), -1},
		{"double_shade(2)", int64(gotest_double_shade(2)), 4},
		{"double_shade(200)", int64(gotest_double_shade(200)), 144},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}
