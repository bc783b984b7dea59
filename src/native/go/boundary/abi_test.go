package boundary

import "testing"

func TestBoolAnyNonzeroByteIsTrue(t *testing.T) {
	for _, b := range []uint8{1, 2, 0x80, 255} {
		if !Bool(b) {
			t.Errorf("Bool(%d) = false, want true", b)
		}
	}
	if Bool(0) {
		t.Error("Bool(0) = true, want false")
	}
}

func TestByteIsCanonical(t *testing.T) {
	if got := Byte(true); got != 1 {
		t.Errorf("Byte(true) = %d, want 1", got)
	}
	if got := Byte(false); got != 0 {
		t.Errorf("Byte(false) = %d, want 0", got)
	}
}
