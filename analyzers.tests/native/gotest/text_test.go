package main

import "testing"

func TestScalarCount(t *testing.T) {
	cases := map[string]int64{"": 0, "hello": 5, "h\u00e9llo \U0001F600": 7, "f\xffo": -1}
	for text, want := range cases {
		if got := scalarCount([]byte(text)); got != want {
			t.Errorf("scalarCount(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestFnv1a64(t *testing.T) {
	if got := fnv1a64(nil); got != fnvOffset {
		t.Errorf("empty: %x", got)
	}
	if got := fnv1a64([]byte("a")); got != 0xaf63dc4c8601ec8c {
		t.Errorf("a: %x", got)
	}
}
